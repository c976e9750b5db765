// Decodes and explains a JWT (RFC 7519) in its compact JWS (RFC 7515) or JWE (RFC 7516) form, with spans over the
// text pasted and findings in words; pure, so the UI can explain a token before any key is involved.
import type { ByteRange, Finding } from '../findings'
import type { Span } from '../dissect/span'
import { WirebenchError } from '../errors'

/** Hostile tokens: the text read, and the members explained (and given spans) per part. */
export const JWT_LIMITS = { maxTextLength: 256 * 1024, maxMembers: 1000, maxDepth: 64 } as const

export type JwtForm = 'jws' | 'jwe'
export type AlgFamily = 'hmac' | 'rsa' | 'rsa-pss' | 'ecdsa' | 'eddsa' | 'none' | 'unknown'
/** What kind of key a verifier was handed: the other half of the algorithm-confusion check. */
export type KeyKind = 'secret' | 'rsa' | 'rsa-pss' | 'ec' | 'ed25519' | 'ed448' | 'other'

export interface ExplainedField {
  name: string
  value: unknown
  title: string
  words: string
  source: string
  /** The base64url characters that carry this member, in the text given. */
  span?: ByteRange
}

export interface DecodedJwt {
  form: JwtForm
  /** The compact token itself (a leading "Bearer " and surrounding whitespace removed). */
  token: string
  alg?: string
  kid?: string
  header?: Record<string, unknown>
  /** The JWT Claims Set when the payload is a JSON object (RFC 7519 §7.2 step 10). */
  payload?: Record<string, unknown>
  /** The payload as text when it is not a JSON object (a JWS payload may be any octets, RFC 7515 §2). */
  payloadText?: string
  signature: Uint8Array
  /** Top-level spans over the text given: one per dot-separated part, members as children. */
  spans: Span[]
  headerParams: ExplainedField[]
  claims: ExplainedField[]
  findings: Finding[]
}

export interface DecodeOptions {
  /** Seconds of clock skew tolerated when judging exp, nbf and iat. */
  leewaySec?: number
}

const ALGS: Record<string, { family: AlgFamily; words: string; source: string; sigBytes?: number }> = {
  HS256: { family: 'hmac', words: 'HMAC with SHA-256', source: 'RFC 7518 §3.2', sigBytes: 32 },
  HS384: { family: 'hmac', words: 'HMAC with SHA-384', source: 'RFC 7518 §3.2', sigBytes: 48 },
  HS512: { family: 'hmac', words: 'HMAC with SHA-512', source: 'RFC 7518 §3.2', sigBytes: 64 },
  RS256: { family: 'rsa', words: 'RSASSA-PKCS1-v1_5 with SHA-256', source: 'RFC 7518 §3.3' },
  RS384: { family: 'rsa', words: 'RSASSA-PKCS1-v1_5 with SHA-384', source: 'RFC 7518 §3.3' },
  RS512: { family: 'rsa', words: 'RSASSA-PKCS1-v1_5 with SHA-512', source: 'RFC 7518 §3.3' },
  PS256: { family: 'rsa-pss', words: 'RSASSA-PSS with SHA-256 and MGF1 with SHA-256', source: 'RFC 7518 §3.5' },
  PS384: { family: 'rsa-pss', words: 'RSASSA-PSS with SHA-384 and MGF1 with SHA-384', source: 'RFC 7518 §3.5' },
  PS512: { family: 'rsa-pss', words: 'RSASSA-PSS with SHA-512 and MGF1 with SHA-512', source: 'RFC 7518 §3.5' },
  ES256: { family: 'ecdsa', words: 'ECDSA with curve P-256 and SHA-256', source: 'RFC 7518 §3.4', sigBytes: 64 },
  ES384: { family: 'ecdsa', words: 'ECDSA with curve P-384 and SHA-384', source: 'RFC 7518 §3.4', sigBytes: 96 },
  ES512: { family: 'ecdsa', words: 'ECDSA with curve P-521 and SHA-512', source: 'RFC 7518 §3.4', sigBytes: 132 },
  EdDSA: { family: 'eddsa', words: 'EdDSA (Ed25519 or Ed448)', source: 'RFC 8037 §3.1' },
  Ed25519: { family: 'eddsa', words: 'EdDSA with Ed25519', source: 'RFC 9864 §2.2', sigBytes: 64 },
  none: { family: 'none', words: 'no signature at all (an Unsecured JWS)', source: 'RFC 7518 §3.6' }
}

export function algorithmInfo(alg: string | undefined): { family: AlgFamily; words: string; source: string; sigBytes?: number } {
  return (alg !== undefined && Object.hasOwn(ALGS, alg) ? ALGS[alg] : undefined) ?? { family: 'unknown', words: `an algorithm Wirebench does not know (${String(alg)})`, source: 'RFC 7518 §3.1' }
}

const HEADER_PARAMS: Record<string, [string, string, string]> = {
  alg: ['Algorithm', 'How the token is secured; the verifier must check it against the algorithms it allows for its key.', 'RFC 7515 §4.1.1'],
  jku: ['JWK Set URL', 'A URL of the signer’s keys. A verifier must never fetch a key from a URL the token itself names unless that URL is on its own allowlist.', 'RFC 7515 §4.1.2'],
  jwk: ['JSON Web Key', 'The public key that signed this token, embedded in it. It proves nothing unless the verifier already trusts that exact key.', 'RFC 7515 §4.1.3'],
  kid: ['Key ID', 'A hint that picks which of the verifier’s keys to use; it has no meaning of its own and is not a key.', 'RFC 7515 §4.1.4'],
  x5u: ['X.509 URL', 'A URL of the signer’s certificate chain; the same allowlist rule as jku applies.', 'RFC 7515 §4.1.5'],
  x5c: ['X.509 Certificate Chain', 'The signer’s certificate chain, embedded; the verifier must validate it to a root it trusts.', 'RFC 7515 §4.1.6'],
  x5t: ['X.509 Thumbprint (SHA-1)', 'The SHA-1 digest of the signer’s certificate, to pick the key.', 'RFC 7515 §4.1.7'],
  'x5t#S256': ['X.509 Thumbprint (SHA-256)', 'The SHA-256 digest of the signer’s certificate, to pick the key.', 'RFC 7515 §4.1.8'],
  typ: ['Type', 'The media type of the whole token: "JWT" is recommended for JWTs (RFC 7519 §5.1); "at+jwt" marks an OAuth access token (RFC 9068).', 'RFC 7515 §4.1.9'],
  cty: ['Content Type', 'The media type of the payload; "JWT" means a nested token.', 'RFC 7515 §4.1.10'],
  crit: ['Critical', 'Extensions the verifier must understand and process, or else reject the token.', 'RFC 7515 §4.1.11'],
  enc: ['Encryption Algorithm', 'The authenticated encryption of the content (JWE).', 'RFC 7516 §4.1.2'],
  zip: ['Compression', 'The content was compressed before encryption (JWE).', 'RFC 7516 §4.1.3']
}

const CLAIMS: Record<string, [string, string, string]> = {
  iss: ['Issuer', 'Who issued the token; the recipient checks it against the issuers it trusts.', 'RFC 7519 §4.1.1'],
  sub: ['Subject', 'Whom the token is about, usually a user or client ID, unique within the issuer.', 'RFC 7519 §4.1.2'],
  aud: ['Audience', 'Whom the token is for; a recipient not named here must reject it.', 'RFC 7519 §4.1.3'],
  exp: ['Expiration Time', 'On or after this time the token must not be accepted.', 'RFC 7519 §4.1.4'],
  nbf: ['Not Before', 'Before this time the token must not be accepted.', 'RFC 7519 §4.1.5'],
  iat: ['Issued At', 'When the token was issued.', 'RFC 7519 §4.1.6'],
  jti: ['JWT ID', 'A unique ID, so a recipient can refuse to accept the same token twice (replay).', 'RFC 7519 §4.1.7']
}

/** Header parameters this verifier understands when they are listed in crit: none (RFC 7515 §4.1.11). */
export const UNDERSTOOD_CRIT: readonly string[] = []

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const B64URL_INDEX = new Map([...B64URL].map((c, i) => [c, i]))

export function base64UrlEncode(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0)
    const chars = i + 2 < bytes.length ? 4 : i + 1 < bytes.length ? 3 : 2
    for (let k = 0; k < chars; k++) out += B64URL[(n >> (18 - 6 * k)) & 63]
  }
  return out
}

/** Strict base64url without padding (RFC 7515 §2, RFC 4648 §5); the error says which character is wrong. */
export function base64UrlDecode(text: string, what = 'part'): Uint8Array {
  if (text.length % 4 === 1) throw new WirebenchError('JWT_MALFORMED', `The ${what} is not base64url: ${text.length} characters cannot be a whole number of bytes.`)
  const out = new Uint8Array(Math.floor((text.length * 6) / 8))
  let acc = 0
  let bits = 0
  let o = 0
  for (let i = 0; i < text.length; i++) {
    const v = B64URL_INDEX.get(text[i]!)
    if (v === undefined) {
      const c = text[i]!
      const hint = c === '=' ? ' (JWS base64url has no "=" padding, RFC 7515 §2)' : c === '+' || c === '/' ? ' (that is plain base64; base64url uses "-" and "_")' : ''
      throw new WirebenchError('JWT_MALFORMED', `The ${what} is not base64url: character ${i + 1} is "${c}"${hint}.`)
    }
    acc = (acc << 6) | v
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (acc >> bits) & 255
    }
  }
  return out
}

/** "3 hours 12 minutes", "14 years 8 months": the two largest units, so a person reads it at a glance. */
export function durationWords(seconds: number): string {
  let s = Math.round(Math.abs(seconds))
  if (s < 60) return `${s} second${s === 1 ? '' : 's'}`
  const units: [string, number][] = [['year', 31_557_600], ['month', 2_629_800], ['day', 86_400], ['hour', 3600], ['minute', 60], ['second', 1]]
  const parts: string[] = []
  for (const [name, size] of units) {
    const n = Math.floor(s / size)
    if (n > 0) {
      parts.push(`${n} ${name}${n === 1 ? '' : 's'}`)
      s -= n * size
    } else if (parts.length) break
    if (parts.length === 2) break
  }
  return parts.join(' ')
}

const iso = (sec: number): string => (Number.isFinite(sec) && Math.abs(sec) < 8.64e12 ? new Date(sec * 1000).toISOString().replace('.000Z', 'Z') : String(sec))

/** Judges exp, nbf and iat (NumericDate: seconds since 1970, RFC 7519 §2) against a clock, with words. */
export function judgeTimes(payload: Record<string, unknown>, nowSec: number, leewaySec = 0, spanOf: (name: string) => ByteRange | undefined = () => undefined): { words: Record<string, string>; findings: Finding[] } {
  const words: Record<string, string> = {}
  const findings: Finding[] = []
  const lw = leewaySec > 0 ? ` (with ${durationWords(leewaySec)} of leeway)` : ''
  const add = (severity: Finding['severity'], code: string, name: string, message: string): void => {
    const span = spanOf(name)
    findings.push({ severity, code, message, source: CLAIMS[name]![2], ...(span ? { span } : {}) })
  }
  for (const name of ['exp', 'nbf', 'iat'] as const) {
    const v = payload[name]
    if (v === undefined) continue
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      words[name] = `Not a NumericDate: ${JSON.stringify(v)?.slice(0, 40)}.`
      add('error', 'BAD_NUMERIC_DATE', name, `"${name}" must be a number of seconds since 1970 (a NumericDate, RFC 7519 §2); it is ${JSON.stringify(v)?.slice(0, 40)}.`)
      continue
    }
    const d = v - nowSec
    const when = `${iso(v)}, ${d >= 0 ? `in ${durationWords(d)}` : `${durationWords(d)} ago`}`
    if (name === 'exp') {
      if (nowSec >= v + leewaySec) {
        words.exp = `Expired ${durationWords(d)} ago (${iso(v)}).`
        add('error', 'EXPIRED', 'exp', `The token expired ${durationWords(d)} ago, at ${iso(v)}${lw}.`)
      } else if (nowSec >= v) {
        words.exp = `Expired ${durationWords(d)} ago (${iso(v)}), still inside the leeway.`
        add('warning', 'EXPIRED_IN_LEEWAY', 'exp', `The token expired ${durationWords(d)} ago; it passes only because of the ${durationWords(leewaySec)} leeway.`)
      } else words.exp = `Expires ${iso(v)}, in ${durationWords(d)}.`
    } else if (name === 'nbf') {
      if (nowSec + leewaySec < v) {
        words.nbf = `Not valid yet: valid from ${iso(v)}, in ${durationWords(d)}.`
        add('error', 'NOT_YET_VALID', 'nbf', `The token is not valid for another ${durationWords(d)} (not before ${iso(v)})${lw}.`)
      } else words.nbf = `Valid since ${when}.`
    } else if (nowSec + leewaySec < v) {
      words.iat = `Issued in the future: ${iso(v)}, ${durationWords(d)} from now.`
      add('warning', 'IAT_IN_FUTURE', 'iat', `The token says it was issued ${durationWords(d)} in the future (${iso(v)}): the issuer’s clock or this one is wrong.`)
    } else words.iat = `Issued ${when}.`
  }
  const { exp, nbf, iat } = payload
  if (typeof exp === 'number' && typeof nbf === 'number' && nbf >= exp) add('warning', 'NEVER_VALID', 'nbf', `Not Before (${iso(nbf)}) is not before Expiration (${iso(exp)}): no moment exists when this token is valid.`)
  else if (typeof exp === 'number' && typeof iat === 'number' && exp <= iat) add('warning', 'NEVER_VALID', 'exp', `It expired (${iso(exp)}) no later than it was issued (${iso(iat)}).`)
  return { words, findings }
}

/**
 * The algorithm-confusion check: a token names its own algorithm, so a verifier handed an RSA or EC *public* key must
 * never let an HS* token through, or the public key (which everyone has) becomes the HMAC secret that forged it.
 */
export function keyMismatch(alg: string, key: KeyKind): Finding | undefined {
  const fam = algorithmInfo(alg).family
  if (fam === 'hmac' && key !== 'secret')
    return { severity: 'error', code: 'ALG_CONFUSION', source: 'RFC 8725 §2.1, §3.1', message: `The token says ${alg} (a shared-secret HMAC) but the key offered is a public ${key.toUpperCase()} key. This is the algorithm-confusion attack: whoever has the public key can compute a valid HMAC with it. Refused.` }
  if (fam !== 'hmac' && key === 'secret' && fam !== 'none')
    return { severity: 'error', code: 'KEY_MISMATCH', source: 'RFC 8725 §3.1', message: `The token says ${alg}, which is verified with the signer’s public key, but a shared secret was offered.` }
  const ok: Record<AlgFamily, KeyKind[]> = { hmac: ['secret'], rsa: ['rsa'], 'rsa-pss': ['rsa', 'rsa-pss'], ecdsa: ['ec'], eddsa: ['ed25519', 'ed448'], none: [], unknown: [] }
  if (fam !== 'none' && fam !== 'unknown' && !ok[fam].includes(key))
    return { severity: 'error', code: 'KEY_MISMATCH', source: algorithmInfo(alg).source, message: `The token says ${alg} (${algorithmInfo(alg).words}) but the key is ${key === 'ec' ? 'an EC' : `an ${key.toUpperCase()}`} key.` }
  return undefined
}

export function decodeJwt(text: string, now: Date | number = Date.now(), options: DecodeOptions = {}): DecodedJwt {
  if (text.length > JWT_LIMITS.maxTextLength) throw new WirebenchError('JWT_MALFORMED', `The token is ${text.length.toLocaleString('en-US')} characters; Wirebench reads at most ${JWT_LIMITS.maxTextLength.toLocaleString('en-US')}.`)
  const m = /^\s*(?:Bearer\s+)?/i.exec(text)!
  const start = m[0].length
  const token = text.slice(start).trimEnd()
  const bad = token.search(/[^A-Za-z0-9\-_.=+/]/)
  if (bad >= 0) throw new WirebenchError('JWT_MALFORMED', `That is not a JWT: character ${start + bad + 1} ("${token[bad]}") cannot appear in a compact JWS or JWE, which holds only base64url and dots (RFC 7515 §7.1).`)
  const texts = token.split('.')
  if (texts.length !== 3 && texts.length !== 5) throw new WirebenchError('JWT_MALFORMED', `That is not a JWT: it has ${texts.length} part${texts.length === 1 ? '' : 's'} separated by dots; a signed token (JWS) has 3 and an encrypted one (JWE) 5 (RFC 7515 §7.1, RFC 7516 §7.1).`)
  const form: JwtForm = texts.length === 5 ? 'jwe' : 'jws'
  const names = form === 'jws' ? ['Header', 'Payload', 'Signature'] : ['Protected header', 'Encrypted key', 'Initialization vector', 'Ciphertext', 'Authentication tag']
  const findings: Finding[] = []
  const spans: Span[] = []
  const offsets: number[] = []
  let at = start
  for (const t of texts) {
    offsets.push(at)
    at += t.length + 1
  }
  const range = (i: number): ByteRange => ({ offset: offsets[i]!, length: texts[i]!.length })
  const bytes = texts.map((t, i) => base64UrlDecode(t, names[i]!.toLowerCase()))

  const headerJson = parseObject(bytes[0]!)
  if (!headerJson.value) throw new WirebenchError('JWT_MALFORMED', `The header is not a JSON object (RFC 7515 §4): ${headerJson.error}.`)
  const header = headerJson.value
  const alg = typeof header.alg === 'string' ? header.alg : undefined
  const kid = typeof header.kid === 'string' ? header.kid : undefined
  const memberSpan = (part: number, b: { start: number; end: number }): ByteRange => {
    const first = Math.floor((b.start * 4) / 3)
    const last = Math.floor(((b.end - 1) * 8 + 7) / 6)
    return { offset: offsets[part]! + first, length: Math.min(last + 1, texts[part]!.length) - first }
  }
  const explain = (part: number, members: Member[], table: Record<string, [string, string, string]>, obj: Record<string, unknown>, other: [string, string]): ExplainedField[] =>
    members.slice(0, JWT_LIMITS.maxMembers).map((mb) => {
      const known = Object.hasOwn(table, mb.key) ? table[mb.key] : undefined
      return { name: mb.key, value: obj[mb.key], title: known?.[0] ?? other[0], words: known?.[1] ?? other[1], source: known?.[2] ?? (part === 0 ? 'RFC 7515 §4.2, §4.3' : 'RFC 7519 §4.2, §4.3'), span: memberSpan(part, mb) }
    })
  for (const [what, n] of [['header', headerJson.members.length]] as const) if (n > JWT_LIMITS.maxMembers) findings.push({ severity: 'warning', code: 'SPAN_LIMIT', message: `The ${what} has ${n.toLocaleString('en-US')} members; only the first ${JWT_LIMITS.maxMembers.toLocaleString('en-US')} are explained.` })
  const headerParams = explain(0, headerJson.members, HEADER_PARAMS, header, ['Extension parameter', 'A header parameter not registered in RFC 7515; it is protected by the signature like the others.'])
  for (const d of headerJson.duplicates) findings.push({ severity: 'warning', code: 'DUPLICATE_MEMBER', source: 'RFC 7515 §4', message: `The header has "${d}" more than once; parsers disagree on which one wins, so header parameter names must be unique and a parser must reject the token or use the last one (RFC 7515 §4).` })
  const info = algorithmInfo(alg)
  const algSpan = headerParams.find((p) => p.name === 'alg')?.span
  if (alg === undefined) findings.push({ severity: 'error', code: 'NO_ALG', source: 'RFC 7515 §4.1.1', message: 'The header has no "alg": the token does not say how it is secured, so it cannot be verified.' })
  const fieldSpans: Span[][] = texts.map(() => [])
  fieldSpans[0] = headerParams.map((p) => fieldSpan(p, p.name === 'alg' && alg ? `${alg}: ${info.words}` : undefined))

  let payload: Record<string, unknown> | undefined
  let payloadText: string | undefined
  let claims: ExplainedField[] = []
  if (form === 'jwe') {
    findings.push({ severity: 'info', code: 'JWE', source: 'RFC 7516 §7.1', message: `This is an encrypted token (JWE), not a signed one: its content is ciphertext (${String(header.enc ?? 'enc missing')}, key managed by ${String(alg ?? 'alg missing')}) that only the holder of the key can read. Only the protected header is readable.` })
  } else {
    const p = parseObject(bytes[1]!)
    if (p.value) {
      payload = p.value
      const nowSec = (typeof now === 'number' ? now : now.getTime()) / 1000
      const spanOf = (name: string): ByteRange | undefined => { const mb = p.members.find((x) => x.key === name); return mb ? memberSpan(1, mb) : undefined }
      const times = judgeTimes(payload, nowSec, options.leewaySec ?? 0, spanOf)
      if (p.members.length > JWT_LIMITS.maxMembers) findings.push({ severity: 'warning', code: 'SPAN_LIMIT', message: `The claims set has ${p.members.length.toLocaleString('en-US')} members; only the first ${JWT_LIMITS.maxMembers.toLocaleString('en-US')} are explained.` })
      claims = explain(1, p.members, CLAIMS, payload, ['Public or private claim', 'A claim not registered in RFC 7519 §4.1: its meaning is agreed between issuer and recipient.'])
      for (const c of claims) if (times.words[c.name]) c.words = `${c.words} ${times.words[c.name]}`
      if (typeof payload.aud === 'object' && payload.aud !== null) { const c = claims.find((x) => x.name === 'aud'); if (c) c.words += ' Several audiences are listed: each recipient must find itself among them.' }
      findings.push(...times.findings)
      for (const d of p.duplicates) findings.push({ severity: 'warning', code: 'DUPLICATE_MEMBER', source: 'RFC 7519 §4', message: `The claims set has "${d}" more than once; it must be rejected or the last one used.` })
      if (!('exp' in payload)) findings.push({ severity: 'warning', code: 'MISSING_EXP', source: 'RFC 7519 §4.1.4', message: 'No "exp" claim: the claim is optional (RFC 7519 §4.1.4), but without it this token never expires by itself, so if it leaks it stays usable until the key changes.' })
      fieldSpans[1] = claims.map((c) => fieldSpan(c, typeof c.value === 'number' && ['exp', 'nbf', 'iat'].includes(c.name) ? `${c.value} = ${iso(c.value)}` : undefined))
    } else {
      payloadText = new TextDecoder('utf-8', { fatal: false }).decode(bytes[1]!)
      findings.push({ severity: 'info', code: 'NOT_A_CLAIMS_SET', source: 'RFC 7519 §7.2', message: `The payload is not a JSON object (${p.error}), so this is a JWS but not a JWT: there are no claims to judge.` })
    }
    const sig = bytes[2]!
    if (info.family === 'none') {
      findings.push({ severity: 'error', code: 'ALG_NONE', source: 'RFC 7518 §3.6, RFC 8725 §2.1', ...(algSpan ? { span: algSpan } : {}), message: 'alg is "none": an Unsecured JWS with no signature. Anyone can write or change this token; a verifier must refuse it unless unsecured tokens were explicitly allowed.' })
      if (sig.length) findings.push({ severity: 'error', code: 'SIGNATURE_WITH_NONE', source: 'RFC 7518 §3.6', span: range(2), message: 'alg is "none" yet a signature is present: an Unsecured JWS must have an empty signature.' })
    } else if (alg) {
      if (info.family !== 'unknown') findings.push({ severity: 'info', code: 'NOT_ENCRYPTED', source: info.source, message: `${alg} is ${info.words}: it ${info.family === 'hmac' ? 'authenticates the token with a shared secret (a MAC, a signature made with a secret)' : 'signs the token with a private key'}. It does not encrypt: the payload is only base64url-encoded, and anyone holding the token can read it.` })
      if (!sig.length) findings.push({ severity: 'error', code: 'EMPTY_SIGNATURE', source: 'RFC 7515 §5.2', span: range(2), message: `alg is ${alg} but the signature is empty: the token was stripped of its signature.` })
      else if (info.sigBytes !== undefined && sig.length !== info.sigBytes && alg !== 'EdDSA')
        findings.push({ severity: 'error', code: 'SIGNATURE_LENGTH', source: info.source, span: range(2), message: `${alg} signatures are ${info.sigBytes} bytes; this one is ${sig.length}.${info.family === 'ecdsa' && sig[0] === 0x30 ? ' It looks DER-encoded: JWS uses the raw R‖S form (RFC 7518 §3.4).' : ''}` })
      if (info.family === 'unknown') findings.push({ severity: 'warning', code: 'UNKNOWN_ALG', source: 'RFC 7518 §3.1', ...(algSpan ? { span: algSpan } : {}), message: `alg "${alg}" is not a JWS algorithm Wirebench knows.` })
    }
  }
  findings.push(...headerFindings(header, headerParams))
  texts.forEach((t, i) => {
    const value = i === 0 || (i === 1 && form === 'jws') ? undefined : `${bytes[i]!.length} bytes`
    spans.push({ ...range(i), name: names[i]!, ...(value ? { value } : {}), explain: partExplain(form, i), ...(fieldSpans[i]!.length ? { children: fieldSpans[i] } : {}) })
  })
  return { form, token, ...(alg !== undefined ? { alg } : {}), ...(kid !== undefined ? { kid } : {}), header, ...(payload ? { payload } : {}), ...(payloadText !== undefined ? { payloadText } : {}), signature: form === 'jws' ? bytes[2]! : new Uint8Array(0), spans, headerParams, claims, findings }
}

function fieldSpan(f: ExplainedField, value?: string): Span {
  return { ...f.span!, name: `${f.name} (${f.title})`, value: value ?? JSON.stringify(f.value)?.slice(0, 200) ?? '', explain: `${f.words} (${f.source})` }
}

function partExplain(form: JwtForm, i: number): string {
  if (form === 'jwe') return ['BASE64URL(UTF8(JWE Protected Header)) (RFC 7516 §7.1).', 'The content key, encrypted to the recipient (RFC 7516 §5.1).', 'The initialization vector (RFC 7516 §5.1).', 'The encrypted content: unreadable without the key (RFC 7516 §5.1).', 'The authentication tag of the AEAD encryption (RFC 7516 §5.1).'][i]!
  return ['BASE64URL(UTF8(JWS Protected Header)) (RFC 7515 §7.1). Its members are shown over the characters that carry them; base64url packs 3 bytes into 4 characters, so neighbours share a character.', 'BASE64URL(JWS Payload): the claims, readable by anyone (RFC 7515 §7.1, RFC 7519 §3).', 'BASE64URL(JWS Signature), computed over the ASCII of header "." payload exactly as sent (RFC 7515 §5.1).'][i]!
}

function headerFindings(h: Record<string, unknown>, params: ExplainedField[]): Finding[] {
  const out: Finding[] = []
  const at = (n: string): { span?: ByteRange } => { const s = params.find((p) => p.name === n)?.span; return s ? { span: s } : {} }
  if ('crit' in h) {
    const crit = h.crit
    if (!Array.isArray(crit) || crit.length === 0 || crit.some((c) => typeof c !== 'string' || c === ''))
      out.push({ severity: 'error', code: 'CRIT_INVALID', source: 'RFC 7515 §4.1.11', ...at('crit'), message: '"crit" must be a non-empty array of header parameter names; this token must be rejected.' })
    else {
      const names = crit as string[]
      const registered = names.filter((c) => Object.hasOwn(HEADER_PARAMS, c))
      const absent = names.filter((c) => !(c in h))
      const unknown = names.filter((c) => !UNDERSTOOD_CRIT.includes(c) && !registered.includes(c))
      if (registered.length) out.push({ severity: 'error', code: 'CRIT_INVALID', source: 'RFC 7515 §4.1.11', ...at('crit'), message: `"crit" lists ${registered.join(', ')}, which are defined by the JWS/JWE specifications themselves and must not be listed.` })
      if (absent.length) out.push({ severity: 'error', code: 'CRIT_INVALID', source: 'RFC 7515 §4.1.11', ...at('crit'), message: `"crit" lists ${absent.join(', ')}, but the header does not contain ${absent.length === 1 ? 'it' : 'them'}.` })
      if (unknown.length) out.push({ severity: 'error', code: 'CRIT_UNKNOWN', source: 'RFC 7515 §4.1.11', ...at('crit'), message: `"crit" says the verifier must understand ${unknown.join(', ')}; a verifier that does not (Wirebench understands none, not even b64 of RFC 7797) must reject the token.` })
    }
  }
  for (const n of ['jku', 'x5u'] as const) if (n in h) out.push({ severity: 'warning', code: 'KEY_URL', source: 'RFC 8725 §3.10, RFC 7515 §4.1.2', ...at(n), message: `"${n}" names a URL to fetch the verification key from. If a verifier follows it without an allowlist, an attacker signs with their own key and points ${n} at it.` })
  if ('jwk' in h) out.push({ severity: 'warning', code: 'EMBEDDED_KEY', source: 'RFC 7515 §4.1.3', ...at('jwk'), message: 'The token carries its own public key ("jwk"). Verifying with that key proves only that whoever made the token had its private key, which anyone can generate: use a key you already trust.' })
  if (typeof h.kid === 'string' && /\.\.[\\/]|['";`|$]|\x00/.test(h.kid)) out.push({ severity: 'warning', code: 'KID_SUSPICIOUS', source: 'RFC 7515 §4.1.4', ...at('kid'), message: `The kid "${h.kid.slice(0, 60)}" holds path or query characters: kid values like this are used to attack verifiers that look keys up in files or databases.` })
  if ('b64' in h && h.b64 === false) out.push({ severity: 'warning', code: 'UNENCODED_PAYLOAD', source: 'RFC 7797 §3', ...at('b64'), message: '"b64": false means the payload is not base64url-encoded (RFC 7797); it is decoded here as if it were.' })
  return out
}

interface Member { key: string; start: number; end: number }

/** JSON.parse for values, plus a scan of the top-level members for their byte ranges and duplicates. */
function parseObject(bytes: Uint8Array): { value?: Record<string, unknown>; members: Member[]; duplicates: string[]; error?: string } {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return { members: [], duplicates: [], error: 'it is not valid UTF-8' }
  }
  const depth = nestingDepth(bytes)
  if (depth > JWT_LIMITS.maxDepth) return { members: [], duplicates: [], error: `JSON nested ${depth.toLocaleString('en-US')} levels deep, more than the ${JWT_LIMITS.maxDepth} Wirebench reads` }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    return { members: [], duplicates: [], error: `not JSON: ${(e as Error).message?.slice(0, 80)}` }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { members: [], duplicates: [], error: 'JSON, but not an object' }
  const members = scanMembers(bytes)
  const seen = new Set<string>()
  const duplicates: string[] = []
  for (const m of members) if (seen.has(m.key)) duplicates.push(m.key); else seen.add(m.key)
  return { value: value as Record<string, unknown>, members, duplicates }
}

/** The deepest nesting of arrays and objects, counted without recursion (strings skipped). */
function nestingDepth(b: Uint8Array): number {
  let depth = 0
  let max = 0
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!
    if (c === 0x22) {
      for (i++; i < b.length && b[i] !== 0x22; i++) if (b[i] === 0x5c) i++
    } else if (c === 0x7b || c === 0x5b) max = Math.max(max, ++depth)
    else if (c === 0x7d || c === 0x5d) depth--
  }
  return max
}

// Structural JSON characters are ASCII, and UTF-8 never uses bytes below 0x80 inside a multi-byte character, so
// scanning the bytes directly gives byte offsets; the text is already known to be valid JSON.
function scanMembers(b: Uint8Array): Member[] {
  const ws = (i: number): number => { while (i < b.length && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d)) i++; return i }
  const str = (i: number): number => { i++; while (i < b.length && b[i] !== 0x22) i += b[i] === 0x5c ? 2 : 1; return i + 1 }
  const val = (i: number): number => {
    if (b[i] === 0x22) return str(i)
    if (b[i] === 0x7b || b[i] === 0x5b) {
      let depth = 0
      while (i < b.length) {
        const c = b[i]!
        if (c === 0x22) { i = str(i); continue }
        if (c === 0x7b || c === 0x5b) depth++
        else if (c === 0x7d || c === 0x5d) { depth--; if (depth === 0) return i + 1 }
        i++
      }
      return i
    }
    while (i < b.length && ![0x2c, 0x7d, 0x5d, 0x20, 0x09, 0x0a, 0x0d].includes(b[i]!)) i++
    return i
  }
  const out: Member[] = []
  let i = ws(0) + 1
  const dec = new TextDecoder()
  while (i < b.length) {
    i = ws(i)
    if (b[i] !== 0x22) break
    const start = i
    const keyEnd = str(i)
    const key = JSON.parse(dec.decode(b.subarray(start, keyEnd))) as string
    i = ws(ws(keyEnd) + 1)
    const end = val(i)
    out.push({ key, start, end })
    i = ws(end)
    if (b[i] !== 0x2c) break
    i++
  }
  return out
}
