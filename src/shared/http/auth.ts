// HTTP authentication in words: Basic built and decoded (RFC 7617), Bearer (RFC 6750), and WWW-Authenticate /
// Proxy-Authenticate read challenge by challenge (RFC 9110 §11), because "why 401?" is answered by what the server
// asked for, and "base64 is not encryption" is the first thing the seed gets wrong.
import { fromBase64, toBase64 } from '../bytes'
import { WirebenchError } from '../errors'
import type { Finding } from '../findings'

export const AUTH_LIMITS = { fieldChars: 16 * 1024, challenges: 32, params: 32 } as const

const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/
// A control character (RFC 5234 CTL) is refused in Basic's user-id and password (RFC 7617 §2).
const CTL = /[\u0000-\u001f\u007f]/

/** `Basic <base64(user ":" password)>` with UTF-8 (RFC 7617 §2, charset="UTF-8" §2.1). */
export function basicAuthorization(user: string, password: string): string {
  if (user.includes(':')) throw new WirebenchError('INVALID_INPUT', 'A Basic user name cannot contain ":": the first colon is where the password starts (RFC 7617 §2).')
  if (CTL.test(user) || CTL.test(password)) throw new WirebenchError('INVALID_INPUT', 'Basic credentials cannot contain control characters (RFC 7617 §2).')
  return `Basic ${toBase64(new TextEncoder().encode(`${user}:${password}`))}`
}

export interface DecodedBasic {
  /** Undefined when the value is not Basic credentials that can be read. */
  user?: string
  password?: string
  findings: Finding[]
}

const NOT_ENCRYPTION = 'base64 is an encoding, not encryption: anyone on the path reads the password (RFC 7617 §4).'

/** Reads an Authorization value ("Basic dXNlcjpwYXNz"): never throws; findings say what is wrong. */
export function decodeBasic(headerValue: string): DecodedBasic {
  const findings: Finding[] = []
  const m = /^[ \t]*basic[ \t]+([^ \t]*)[ \t]*$/i.exec(headerValue)
  const fail = (code: string, message: string): DecodedBasic => {
    findings.push({ severity: 'error', code, message, source: 'RFC 7617 §2' })
    return { findings }
  }
  if (!m) return fail('BASIC_NOT_BASIC', 'This is not "Basic" followed by one base64 token.')
  const token = m[1]!
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(token) || token.length % 4 !== 0) return fail('BASIC_BAD_BASE64', 'The credentials are not base64 (RFC 4648 §4: A–Z, a–z, 0–9, "+", "/", "=" padding to a multiple of 4).')
  const bytes = fromBase64(token)
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    text = new TextDecoder('latin1').decode(bytes)
    findings.push({ severity: 'warning', code: 'BASIC_NOT_UTF8', message: 'The credentials are not UTF-8; they were read as ISO-8859-1. Servers that announce charset="UTF-8" expect UTF-8.', source: 'RFC 7617 §2.1' })
  }
  const colon = text.indexOf(':')
  if (colon < 0) return fail('BASIC_NO_COLON', 'The decoded credentials have no ":", so there is no user-id/password split.')
  const user = text.slice(0, colon)
  const password = text.slice(colon + 1)
  if (CTL.test(text)) findings.push({ severity: 'warning', code: 'BASIC_CONTROL_CHARACTER', message: 'The credentials contain a control character, which RFC 7617 §2 does not allow.', source: 'RFC 7617 §2' })
  findings.push({ severity: 'info', code: 'BASIC_IS_NOT_ENCRYPTION', message: `User "${user}", a ${password.length}-character password. ${NOT_ENCRYPTION}`, source: 'RFC 7617 §4' })
  return { user, password, findings }
}

/** `Bearer <token>` after checking the token is a b64token (RFC 6750 §2.1). */
export function bearerAuthorization(token: string): string {
  const t = token.trim()
  if (!B64TOKEN.test(t)) throw new WirebenchError('INVALID_INPUT', 'A Bearer token is letters, digits and "-._~+/" with "=" only at the end (b64token, RFC 6750 §2.1).')
  return `Bearer ${t}`
}

export interface AuthParam { name: string; value: string; meaning: string }

export interface AuthChallenge {
  /** As sent; compare case-insensitively (RFC 9110 §11.1). */
  scheme: string
  /** What the scheme is, with its RFC. */
  schemeWords: string
  token68?: string
  /** Parameter names lower-cased (they are case-insensitive, RFC 9110 §11.2); values with quoting undone. */
  params: Record<string, string>
  paramWords: AuthParam[]
}

export interface ParsedChallenges { challenges: AuthChallenge[]; findings: Finding[] }

const SCHEMES: Record<string, string> = {
  basic: 'Basic: user and password, base64-encoded (not encrypted) in every request (RFC 7617).',
  bearer: 'Bearer: whoever holds the token gets in, so it must travel over TLS only (RFC 6750).',
  digest: 'Digest: a hash of the password with a server nonce, so the password itself is not sent (RFC 7616).',
  negotiate: 'Negotiate: Kerberos or NTLM through SPNEGO, as Windows servers use (RFC 4559).',
  ntlm: 'NTLM: Microsoft\'s challenge-response scheme; a connection-bound handshake.',
  hoba: 'HOBA: a signature by a key the browser keeps instead of a password (RFC 7486).',
  mutual: 'Mutual: both sides prove they know the password without sending it (RFC 8120).',
  dpop: 'DPoP: an access token bound to a key, proved by a signed header per request (RFC 9449).',
  'aws4-hmac-sha256': 'AWS Signature Version 4: the request is signed with a secret key.'
}

const PARAMS: Record<string, string> = {
  realm: 'realm: which protection space this is; credentials that work for one realm are reused only there (RFC 9110 §11.5).',
  charset: 'charset: the encoding the server expects for the user name and password; "UTF-8" is the only value allowed (RFC 7617 §2.1).',
  error: 'error: why the token was refused (RFC 6750 §3.1).',
  error_description: 'error_description: the server\'s own words on the error, for developers (RFC 6750 §3).',
  error_uri: 'error_uri: a page explaining the error (RFC 6750 §3).',
  scope: 'scope: the permissions (space-separated) a token needs for this resource (RFC 6750 §3).',
  nonce: 'nonce: a server-chosen value hashed with the password, so an old answer cannot be replayed (RFC 7616 §3.3).',
  opaque: 'opaque: a value the client must send back unchanged (RFC 7616 §3.3).',
  algorithm: 'algorithm: the hash to use (SHA-256, SHA-512-256, MD5 for old clients) (RFC 7616 §3.3).',
  qop: 'qop: the quality of protection offered: "auth", or "auth-int" to cover the body too (RFC 7616 §3.3).',
  stale: 'stale: true means the nonce expired but the password was right: retry with a new nonce (RFC 7616 §3.3).',
  domain: 'domain: the URIs that share this protection space (RFC 7616 §3.3).',
  userhash: 'userhash: the server supports hashing the user name too (RFC 7616 §3.3).',
  algs: 'algs: the signature algorithms the server accepts for DPoP proofs (RFC 9449 §7.1).'
}

const BEARER_ERRORS: Record<string, string> = {
  invalid_request: 'invalid_request: the request is malformed (missing or repeated parameter); the answer should be 400 (RFC 6750 §3.1).',
  invalid_token: 'invalid_token: the token is expired, revoked, malformed or invalid; get a new one (401, RFC 6750 §3.1).',
  insufficient_scope: 'insufficient_scope: the token is valid but lacks the permissions in "scope" (403, RFC 6750 §3.1).'
}

function meaningOf(scheme: string, name: string, value: string): string {
  if (name === 'error' && scheme === 'bearer') return BEARER_ERRORS[value] ?? `error: "${value}" is not one of RFC 6750's error codes (§3.1).`
  return PARAMS[name] ?? `${name}: a parameter of the ${scheme} scheme.`
}

/** Reads a WWW-Authenticate or Proxy-Authenticate field value: one or more challenges (RFC 9110 §11.6.1). */
export function parseWwwAuthenticate(value: string): ParsedChallenges {
  const findings: Finding[] = []
  const challenges: AuthChallenge[] = []
  const add = (severity: Finding['severity'], code: string, message: string, section = '§11.6.1'): void => void findings.push({ severity, code, message, source: `RFC 9110 ${section}` })
  if (value.length > AUTH_LIMITS.fieldChars) {
    add('error', 'AUTH_FIELD_TOO_LONG', `The field is ${value.length.toLocaleString('en-US')} characters; Wirebench reads at most ${AUTH_LIMITS.fieldChars / 1024} KiB of it.`)
    value = value.slice(0, AUTH_LIMITS.fieldChars)
  }
  let i = 0
  const ws = (): void => { while (value[i] === ' ' || value[i] === '\t') i++ }
  const token = (): string => {
    const start = i
    while (i < value.length && TOKEN_CHAR.test(value[i]!)) i++
    return value.slice(start, i)
  }
  const quoted = (): string | undefined => {
    let out = ''
    i++ // the opening quote
    while (i < value.length) {
      const c = value[i++]!
      if (c === '"') return out
      if (c === '\\' && i < value.length) out += value[i++]
      else out += c
    }
    return undefined
  }
  /** At a new list member: skip empty members (RFC 9110 §5.6.1 lets "," repeat). */
  const commas = (): void => {
    ws()
    while (value[i] === ',') { i++; ws() }
  }
  for (commas(); i < value.length; commas()) {
    if (challenges.length >= AUTH_LIMITS.challenges) {
      add('warning', 'AUTH_MANY_CHALLENGES', `More than ${AUTH_LIMITS.challenges} challenges; the rest were not read.`)
      break
    }
    const scheme = token()
    if (!scheme) {
      add('error', 'AUTH_BAD_SYNTAX', `Expected an auth-scheme at character ${i + 1}, found "${value.slice(i, i + 12)}"; the rest is not read.`)
      break
    }
    const lower = scheme.toLowerCase()
    const ch: AuthChallenge = { scheme, schemeWords: SCHEMES[lower] ?? `${scheme}: a scheme Wirebench has no words for (see the IANA HTTP Authentication Scheme Registry).`, params: {}, paramWords: [] }
    challenges.push(ch)
    ws()
    // token68: only when the whole rest of this member is one (RFC 9110 §11.2: "a=b" is a parameter, "abc==" a token68).
    const t68 = /^[A-Za-z0-9\-._~+/]+=*[ \t]*(?=,|$)/.exec(value.slice(i))
    if (t68) {
      ch.token68 = t68[0].trim()
      i += t68[0].length
      continue
    }
    while (i < value.length) {
      const save = i
      const name = token()
      ws()
      if (!name || value[i] !== '=') {
        i = save // the next challenge's scheme
        break
      }
      i++
      ws()
      let v: string | undefined
      if (value[i] === '"') {
        v = quoted()
        if (v === undefined) {
          add('error', 'AUTH_UNTERMINATED_QUOTE', `The quoted value of ${name} has no closing quote.`, '§5.6.4')
          v = ''
        }
      } else {
        v = token()
        if (!v) add('warning', 'AUTH_EMPTY_PARAM', `${name}= has no value (a token or quoted-string is required).`, '§11.2')
      }
      const key = name.toLowerCase()
      if (key in ch.params) add('warning', 'AUTH_DUPLICATE_PARAM', `${scheme} gives ${key} twice; each parameter may occur only once per challenge.`, '§11.2')
      if (ch.paramWords.length < AUTH_LIMITS.params) {
        ch.params[key] = v
        ch.paramWords.push({ name: key, value: v, meaning: meaningOf(lower, key, v) })
      }
      ws()
      if (i < value.length && value[i] !== ',') {
        add('error', 'AUTH_BAD_SYNTAX', `Unexpected "${value[i]}" after ${name} at character ${i + 1}; the rest is not read.`)
        i = value.length
        break
      }
      commas()
    }
    if (lower === 'basic' && ch.params.charset !== undefined && ch.params.charset.toLowerCase() !== 'utf-8') add('warning', 'AUTH_BASIC_CHARSET', `charset="${ch.params.charset}": only "UTF-8" is allowed.`, '§11.6.1, RFC 7617 §2.1')
    if ((lower === 'basic' || lower === 'digest') && ch.params.realm === undefined) add('warning', 'AUTH_NO_REALM', `The ${scheme} challenge has no realm, which its RFC requires.`, '§11.5')
  }
  return { challenges, findings }
}

const lowerName = (n: string): string => n.toLowerCase()

/** What a request's own Authorization fields give away, given whether they travel over TLS. */
export function authFindings(requestHeaders: readonly [string, string][], tls: boolean): Finding[] {
  const findings: Finding[] = []
  for (const field of ['authorization', 'proxy-authorization']) {
    const values = requestHeaders.filter(([n]) => lowerName(n) === field).map(([, v]) => v)
    if (values.length > 1) findings.push({ severity: 'warning', code: 'AUTH_REPEATED', message: `The request has ${values.length} ${field} fields; it may carry only one (a list of credentials cannot be combined).`, source: 'RFC 9110 §11.6.2' })
    for (const v of values) {
      const scheme = (/^[ \t]*([^ \t]+)/.exec(v)?.[1] ?? '').toLowerCase()
      if (scheme === 'basic') {
        const d = decodeBasic(v)
        findings.push(...d.findings.filter((f) => f.code !== 'BASIC_IS_NOT_ENCRYPTION' || tls))
        if (!tls) findings.push({ severity: 'warning', code: 'BASIC_OVER_HTTP', message: `Basic credentials${d.user !== undefined ? ` for "${d.user}"` : ''} sent without TLS: ${NOT_ENCRYPTION}`, source: 'RFC 7617 §4' })
      } else if (scheme === 'bearer') {
        const token = v.trim().slice(6).trim()
        if (!B64TOKEN.test(token)) findings.push({ severity: 'warning', code: 'BEARER_BAD_TOKEN', message: 'The Bearer token is not a b64token (letters, digits, "-._~+/", "=" at the end only).', source: 'RFC 6750 §2.1' })
        if (!tls) findings.push({ severity: 'warning', code: 'BEARER_OVER_HTTP', message: 'A Bearer token sent without TLS: anyone on the path can copy it and use it as you.', source: 'RFC 6750 §5.3' })
      }
    }
  }
  return findings
}

/** The response's challenges as findings the UI shows, and a 401/407 that forgot to send one. */
export function challengeFindings(status: number, responseHeaders: readonly [string, string][]): Finding[] {
  const findings: Finding[] = []
  for (const [field, code] of [['www-authenticate', 401], ['proxy-authenticate', 407]] as const) {
    const values = responseHeaders.filter(([n]) => lowerName(n) === field).map(([, v]) => v)
    if (status === code && !values.length) findings.push({ severity: 'warning', code: 'AUTH_NO_CHALLENGE', message: `A ${code} response must say how to authenticate in ${field === 'www-authenticate' ? 'WWW-Authenticate' : 'Proxy-Authenticate'}, and this one does not.`, source: `RFC 9110 §15.5.${code === 401 ? 2 : 8}` })
    for (const v of values) {
      const p = parseWwwAuthenticate(v)
      for (const c of p.challenges) {
        const params = [c.token68 ?? '', ...c.paramWords.map((w) => `${w.name}="${w.value}"`)].filter(Boolean).join(', ')
        findings.push({ severity: 'info', code: 'AUTH_CHALLENGE', message: `The server asks for ${c.scheme}${params ? ` (${params})` : ''}. ${c.schemeWords}${c.paramWords.length ? ' ' + c.paramWords.map((w) => w.meaning).join(' ') : ''}`, source: 'RFC 9110 §11.6.1' })
      }
      findings.push(...p.findings)
    }
  }
  return findings
}
