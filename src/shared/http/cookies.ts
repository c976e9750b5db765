// Reads Set-Cookie the way RFC 6265bis tells a user agent to, keeps a jar (a plain, serialisable value) and builds the
// Cookie header for a URL, explaining every attribute in words: the HTTP tab shows why a cookie was kept or refused.
import type { Finding } from '../findings'

export type SameSite = 'Strict' | 'Lax' | 'None'
// Always named with its status: 6265bis is an Internet-Draft, RFC 6265 the published standard it revises.
const RFC = 'RFC 6265bis (draft)'

/** A Set-Cookie after §5.6's parsing: the last of each attribute wins; invalid attributes are left out. */
export interface SetCookie {
  name: string
  value: string
  /** Expires as milliseconds since 1970 UTC. */
  expires?: number
  /** Max-Age in seconds (may be ≤ 0: delete now). */
  maxAge?: number
  /** Lower-case, leading dot removed. */
  domain?: string
  /** Only a path starting with "/"; otherwise the default path is used (§5.6.4). */
  path?: string
  secure: boolean
  httpOnly: boolean
  /**
   * Undefined: no valid SameSite, so the user agent's default applies. RFC 6265bis leaves it to the user agent:
   * Chromium-based browsers treat it as Lax (with a 2-minute exception for top-level POST), Firefox and Safari as None.
   */
  sameSite?: SameSite
  partitioned: boolean
}

export interface CookieAttributeNote { name: string; value: string; meaning: string; ignored?: string }

export interface ParsedSetCookie { cookie: SetCookie | null; attributes: CookieAttributeNote[]; findings: Finding[] }

export const COOKIE_LIMITS = { maxHeader: 64 * 1024, maxNameValue: 4096, maxAttributeValue: 1024, maxAttributes: 100, maxPerDomain: 180, maxCookies: 3000, maxAgeCapSeconds: 400 * 24 * 3600 } as const

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec']

/** §5.1.1: the forgiving cookie date parser (RFC 1123, RFC 850, asctime and worse); undefined when it fails. */
export function parseCookieDate(text: string): number | undefined {
  // Delimiters: %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E; everything else (digits, ":", letters, high bytes) builds tokens.
  const tokens = text.split(/[\x09\x20-\x2f\x3b-\x40\x5b-\x60\x7b-\x7e]+/).filter(Boolean)
  let time: number[] | undefined
  let day: number | undefined
  let month: number | undefined
  let year: number | undefined
  for (const t of tokens) {
    let m: RegExpExecArray | null
    if (!time && (m = /^(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\D|$)/.exec(t))) time = [Number(m[1]), Number(m[2]), Number(m[3])]
    else if (day === undefined && (m = /^(\d{1,2})(?:\D|$)/.exec(t))) day = Number(m[1])
    else if (month === undefined && MONTHS.includes(t.slice(0, 3).toLowerCase())) month = MONTHS.indexOf(t.slice(0, 3).toLowerCase())
    else if (year === undefined && (m = /^(\d{2,4})(?:\D|$)/.exec(t))) year = Number(m[1])
  }
  if (!time || day === undefined || month === undefined || year === undefined) return undefined
  if (year >= 70 && year <= 99) year += 1900
  else if (year >= 0 && year <= 69) year += 2000
  const [h, mi, s] = time as [number, number, number]
  if (day < 1 || day > 31 || year < 1601 || h > 23 || mi > 59 || s > 59) return undefined
  const ms = Date.UTC(year, month, day, h, mi, s)
  // Date.UTC rolls 31 February into March: such a date does not exist, so the attribute is ignored.
  if (new Date(ms).getUTCDate() !== day) return undefined
  return ms
}

/** §5.1.4: the directory of the request path ("/a/b/c" → "/a/b", "/a" → "/"). */
export function defaultPath(uriPath: string): string {
  if (!uriPath.startsWith('/')) return '/'
  const last = uriPath.lastIndexOf('/')
  return last <= 0 ? '/' : uriPath.slice(0, last)
}

/** §5.1.4: the request path is the cookie path or below it at a "/" boundary ("/docs" matches "/docs/a", not "/docsx"). */
export function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true
  if (!requestPath.startsWith(cookiePath)) return false
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/'
}

const isIp = (host: string): boolean => /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.includes(':')

/** §5.1.3: host equals domain, or ends with "." + domain and is a name, not an IP address. */
export function domainMatches(host: string, domain: string): boolean {
  if (host === domain) return true
  return !isIp(host) && host.endsWith('.' + domain)
}

const NOTE: Record<string, string> = {
  expires: 'Expires: the date after which the cookie is deleted; it makes the cookie persistent (RFC 6265bis (draft) §5.6.1; RFC 6265 §5.2.1). Max-Age wins when both are given.',
  'max-age': 'Max-Age: seconds until the cookie is deleted, counted from when it is received; 0 or less deletes it now. It wins over Expires (RFC 6265bis (draft) §5.6.2; RFC 6265 §5.2.2).',
  domain: 'Domain: the cookie is also sent to every subdomain of this domain; without it, only to the exact host that set it (host-only) (RFC 6265bis (draft) §5.6.3; RFC 6265 §5.2.3).',
  path: 'Path: the cookie is sent only for request paths at or below this one; without it, the directory of the request path is used (RFC 6265bis (draft) §5.6.4; RFC 6265 §5.2.4).',
  secure: 'Secure: the cookie is sent only over https (or wss), and only a secure page may set it (RFC 6265bis (draft) §5.6.5; RFC 6265 §5.2.5 lets any page set it).',
  httponly: 'HttpOnly: page scripts (document.cookie) cannot read it; it still goes out with every matching HTTP request (RFC 6265bis (draft) §5.6.6; RFC 6265 §5.2.6).',
  samesite: 'SameSite: Strict sends it only from pages of the same site, Lax also on top-level navigations to it, None also from other sites (and then needs Secure) (RFC 6265bis (draft) §5.6.7; not in RFC 6265). Without it the user agent picks the default: Chromium-based browsers use Lax (with a 2-minute exception for top-level POST), Firefox and Safari None.',
  partitioned: 'Partitioned: a browser keeps a separate copy per top-level site — CHIPS (Privacy CG, Partitioned attribute); it needs Secure. Wirebench has one partition.'
}

/** §5.6: parse one Set-Cookie field value. A null cookie means the user agent ignores it; findings say why. */
export function parseSetCookie(header: string): ParsedSetCookie {
  const attributes: CookieAttributeNote[] = []
  const findings: Finding[] = []
  const refuse = (code: string, message: string, source = `${RFC} §5.6`): ParsedSetCookie => {
    findings.push({ severity: 'error', code, message, source })
    return { cookie: null, attributes, findings }
  }
  if (header.length > COOKIE_LIMITS.maxHeader) return refuse('COOKIE_TOO_LARGE', `The Set-Cookie value is ${header.length.toLocaleString('en-US')} characters; Wirebench ignores values over ${COOKIE_LIMITS.maxHeader / 1024} KiB (a cookie's name and value may hold 4096 bytes).`, `${RFC} §6.1`)
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(header)) return refuse('COOKIE_CONTROL_CHARACTER', 'The Set-Cookie value holds a control character, so the whole cookie is ignored.')
  const semi = header.indexOf(';')
  const pair = semi < 0 ? header : header.slice(0, semi)
  const eq = pair.indexOf('=')
  const name = (eq < 0 ? '' : pair.slice(0, eq)).replace(/^[ \t]+|[ \t]+$/g, '')
  const value = (eq < 0 ? pair : pair.slice(eq + 1)).replace(/^[ \t]+|[ \t]+$/g, '')
  if (name === '' && value === '') return refuse('COOKIE_EMPTY', 'The cookie has neither a name nor a value, so it is ignored.')
  if (name.length + value.length > COOKIE_LIMITS.maxNameValue) return refuse('COOKIE_TOO_LARGE', `The cookie's name and value are ${(name.length + value.length).toLocaleString('en-US')} characters together; more than 4096 is ignored.`)
  if (eq < 0) findings.push({ severity: 'info', code: 'COOKIE_NAMELESS', message: `"${value}" has no "=", so it is a cookie with an empty name and this value.`, source: `${RFC} §5.6` })
  const c: SetCookie = { name, value, secure: false, httpOnly: false, partitioned: false }
  const rest = semi < 0 ? [] : header.slice(semi + 1).split(';')
  if (rest.length > COOKIE_LIMITS.maxAttributes) findings.push({ severity: 'warning', code: 'COOKIE_MANY_ATTRIBUTES', message: `The cookie has ${rest.length.toLocaleString('en-US')} attributes; only the first ${COOKIE_LIMITS.maxAttributes} were read.` })
  for (const av of rest.slice(0, COOKIE_LIMITS.maxAttributes)) {
    const e = av.indexOf('=')
    const an = (e < 0 ? av : av.slice(0, e)).replace(/^[ \t]+|[ \t]+$/g, '')
    const v = e < 0 ? '' : av.slice(e + 1).replace(/^[ \t]+|[ \t]+$/g, '')
    const key = an.toLowerCase()
    const note: CookieAttributeNote = { name: an, value: v, meaning: NOTE[key] ?? `"${an}" is not a cookie attribute; it is ignored (RFC 6265bis (draft) §5.6; RFC 6265 §5.2).` }
    attributes.push(note)
    if (v.length > COOKIE_LIMITS.maxAttributeValue) {
      note.ignored = 'Its value is longer than 1024 bytes (RFC 6265bis (draft) §5.6).'
      continue
    }
    if (key === 'expires') {
      const t = parseCookieDate(v)
      if (t === undefined) note.ignored = 'The date cannot be read by the cookie date algorithm (RFC 6265bis (draft) §5.1.1; RFC 6265 §5.1.1).'
      else c.expires = t
    } else if (key === 'max-age') {
      if (!/^-?\d+$/.test(v)) note.ignored = 'Max-Age must be an integer number of seconds (RFC 6265bis (draft) §5.6.2; RFC 6265 §5.2.2).'
      else c.maxAge = Number(v)
    } else if (key === 'domain') {
      if (v === '') note.ignored = 'An empty Domain is ignored (RFC 6265bis (draft) §5.6.3; RFC 6265 §5.2.3).'
      else c.domain = v.replace(/^\./, '').toLowerCase()
    } else if (key === 'path') {
      if (v.startsWith('/')) c.path = v
      else {
        delete c.path
        note.ignored = 'A Path that does not start with "/" means the default path (RFC 6265bis (draft) §5.6.4; RFC 6265 §5.2.4).'
      }
    } else if (key === 'secure') c.secure = true
    else if (key === 'httponly') c.httpOnly = true
    else if (key === 'partitioned') c.partitioned = true
    else if (key === 'samesite') {
      const s = ({ strict: 'Strict', lax: 'Lax', none: 'None' } as const)[v.toLowerCase() as 'strict']
      if (s) c.sameSite = s
      else {
        delete c.sameSite
        note.ignored = 'Only Strict, Lax and None are values of SameSite; anything else means the default (RFC 6265bis (draft) §5.6.7).'
      }
    } else note.ignored = 'Unknown attribute.'
  }
  return { cookie: c, attributes, findings }
}

/** A cookie in the jar, as §5.7 stores it. Times are milliseconds since 1970 UTC. */
export interface StoredCookie {
  name: string
  value: string
  domain: string
  /** True: sent only to exactly `domain`; false: also to its subdomains (a Domain attribute was given). */
  hostOnly: boolean
  path: string
  /** Persistent cookies outlive the session (until `expiry`); session cookies die when the session ends. */
  persistent: boolean
  expiry: number | null
  creation: number
  lastAccess: number
  secure: boolean
  httpOnly: boolean
  sameSite: SameSite | 'Default'
  partitioned: boolean
  /** Insertion order, the tie-break after creation time. */
  seq: number
}

/** Plain data: JSON.stringify/parse keeps it whole. */
export interface CookieJar { version: 1; nextSeq: number; cookies: StoredCookie[] }

export const emptyJar = (): CookieJar => ({ version: 1, nextSeq: 0, cookies: [] })

const secureScheme = (u: URL): boolean => u.protocol === 'https:' || u.protocol === 'wss:'

export interface StoreResult { jar: CookieJar; stored: StoredCookie | null; deleted: boolean; parsed: ParsedSetCookie; findings: Finding[] }

/** §5.7: store one Set-Cookie received for `requestUrl` at `now`; the jar given is not changed. */
export function storeSetCookie(jar: CookieJar, header: string, requestUrl: string, now: number): StoreResult {
  const { jar: out, results } = storeSetCookies(jar, [header], requestUrl, now)
  return { ...results[0]!, jar: out }
}

/** The jar being written, indexed so a response with thousands of cookies costs time linear in their number. */
interface Work { jar: CookieJar; byKey: Map<string, StoredCookie>; secureByName: Map<string, StoredCookie[]>; removed: Set<StoredCookie> }
const keyOf = (c: Pick<StoredCookie, 'name' | 'domain' | 'hostOnly' | 'path'>): string => `${c.name}\0${c.domain}\0${c.hostOnly}\0${c.path}`

function addSecure(work: Work, c: StoredCookie): void {
  const list = work.secureByName.get(c.name)
  if (list) list.push(c)
  else work.secureByName.set(c.name, [c])
}

/** Several Set-Cookie fields of one response, in order, copying the jar once. */
export function storeSetCookies(jar: CookieJar, headers: readonly string[], requestUrl: string, now: number): { jar: CookieJar; results: Omit<StoreResult, 'jar'>[] } {
  const out: CookieJar = { ...jar, cookies: [...jar.cookies] }
  const work: Work = { jar: out, byKey: new Map(), secureByName: new Map(), removed: new Set() }
  for (const c of out.cookies) {
    work.byKey.set(keyOf(c), c)
    if (c.secure) addSecure(work, c)
  }
  const url = new URL(requestUrl)
  const results = headers.map((h) => storeInto(work, h, url, now))
  if (work.removed.size) out.cookies = out.cookies.filter((c) => !work.removed.has(c))
  // Limits are applied once the whole response is stored, so a burst of cookies costs one pass.
  const evicted = evict(out, now)
  if (results.length) results[results.length - 1]!.findings.push(...evicted)
  return { jar: out, results }
}

function storeInto(work: Work, header: string, url: URL, now: number): Omit<StoreResult, 'jar'> {
  const parsed = parseSetCookie(header)
  const findings = [...parsed.findings]
  const c = parsed.cookie
  const ignore = (code: string, message: string, section: string): Omit<StoreResult, 'jar'> => {
    findings.push({ severity: 'error', code, message: message + ' The cookie is ignored.', source: `${RFC} ${section}` })
    return { stored: null, deleted: false, parsed, findings }
  }
  if (!c) return { stored: null, deleted: false, parsed, findings }
  const host = url.hostname.toLowerCase()
  const secureOrigin = secureScheme(url)
  let expiry: number | null = null
  const cap = now + COOKIE_LIMITS.maxAgeCapSeconds * 1000
  // Max-Age wins over Expires; 0 or less means "the earliest time there is", so the cookie is deleted (§5.6.2).
  const asked = c.maxAge !== undefined ? (c.maxAge <= 0 ? -8.64e15 : now + c.maxAge * 1000) : c.expires
  if (asked !== undefined) expiry = Math.min(asked, cap)
  if (asked !== undefined && asked > cap) findings.push({ severity: 'info', code: 'COOKIE_LIFETIME_CAPPED', message: 'The cookie asked to live more than 400 days; its lifetime is cut to 400 days.', source: `${RFC} §5.6.1` })
  let domain = host
  let hostOnly = true
  if (c.domain !== undefined) {
    if (!domainMatches(host, c.domain)) return ignore('COOKIE_DOMAIN_MISMATCH', `Domain=${c.domain} does not cover the host ${host} that set it.`, '§5.7')
    hostOnly = false
    domain = c.domain
    if (c.domain !== host) {
      findings.push({ severity: 'info', code: 'COOKIE_PUBLIC_SUFFIX_NOT_CHECKED', message: `Domain=${c.domain} sends the cookie to every host under ${c.domain}. Wirebench does not bundle the public suffix list, so it cannot refuse such a Domain when it is a public suffix (such as "com" or "co.uk") as a browser would.`, source: `${RFC} §5.7` })
    }
  }
  const path = c.path ?? defaultPath(url.pathname)
  if (c.secure && !secureOrigin) return ignore('COOKIE_SECURE_FROM_HTTP', 'A Secure cookie may only be set over https (or wss).', '§5.7')
  if (c.sameSite === 'None' && !c.secure) return ignore('COOKIE_SAMESITE_NONE_INSECURE', 'SameSite=None needs Secure.', '§5.7')
  if (c.partitioned && !c.secure) return ignore('COOKIE_PARTITIONED_INSECURE', 'Partitioned needs Secure: CHIPS (Privacy CG, Partitioned attribute).', '§5.7')
  const lname = c.name.toLowerCase()
  const lvalue = c.name === '' ? c.value.toLowerCase() : ''
  if (lvalue.startsWith('__secure-') || lvalue.startsWith('__host-')) return ignore('COOKIE_PREFIX_NAMELESS', 'A nameless cookie may not have a value that looks like a __Secure- or __Host- name.', '§5.7')
  if (lname.startsWith('__secure-') && !(c.secure && secureOrigin)) return ignore('COOKIE_SECURE_PREFIX', '__Secure- cookies must be set with Secure from an https page.', '§4.1.3.1')
  if (lname.startsWith('__host-') && !(c.secure && secureOrigin && hostOnly && c.path === '/')) return ignore('COOKIE_HOST_PREFIX', '__Host- cookies must be set with Secure from an https page, without Domain, and with Path=/.', '§4.1.3.2')
  if (!c.secure && !secureOrigin) {
    const shadow = (work.secureByName.get(c.name) ?? []).some((o) => !work.removed.has(o) && (domainMatches(o.domain, domain) || domainMatches(domain, o.domain)) && pathMatches(path, o.path))
    if (shadow) return ignore('COOKIE_SHADOWS_SECURE', 'A page over plain http may not overwrite a Secure cookie of the same name.', '§5.7')
  }
  const key = keyOf({ name: c.name, domain, hostOnly, path })
  const old = work.byKey.get(key)
  if (old) {
    work.removed.add(old)
    work.byKey.delete(key)
  }
  const jar = work.jar
  if (expiry !== null && expiry <= now) {
    return { stored: null, deleted: !!old, parsed, findings: [...findings, { severity: 'info', code: 'COOKIE_DELETED', message: old ? `The cookie ${c.name} was deleted: its expiry is in the past.` : `The cookie ${c.name} expires in the past, so nothing is stored.`, source: `${RFC} §5.7` }] }
  }
  const stored: StoredCookie = {
    name: c.name, value: c.value, domain, hostOnly, path, persistent: expiry !== null, expiry, creation: old?.creation ?? now, lastAccess: now,
    secure: c.secure, httpOnly: c.httpOnly, sameSite: c.sameSite ?? 'Default', partitioned: c.partitioned, seq: old?.seq ?? jar.nextSeq++
  }
  jar.cookies.push(stored)
  work.byKey.set(key, stored)
  if (stored.secure) addSecure(work, stored)
  return { stored, deleted: false, parsed, findings }
}

/** §5.7's closing paragraph: drop expired cookies, then the least recently used past the per-domain and total limits. */
function evict(jar: CookieJar, now: number): Finding[] {
  const perDomain = new Map<string, number>()
  for (const c of jar.cookies) perDomain.set(c.domain, (perDomain.get(c.domain) ?? 0) + 1)
  const over = [...perDomain.values()].some((n) => n > COOKIE_LIMITS.maxPerDomain)
  if (!over && jar.cookies.length <= COOKIE_LIMITS.maxCookies) return []
  const before = jar.cookies.length
  jar.cookies = jar.cookies.filter((x) => x.expiry === null || x.expiry > now)
  // Least recently used first; the survivors keep their order in the jar.
  const lru = [...jar.cookies].sort((a, b) => a.lastAccess - b.lastAccess || a.seq - b.seq)
  const victims = new Set<StoredCookie>()
  const left = new Map<string, number>()
  for (const c of jar.cookies) left.set(c.domain, (left.get(c.domain) ?? 0) + 1)
  for (const c of lru) {
    const n = left.get(c.domain)!
    if (n > COOKIE_LIMITS.maxPerDomain) {
      victims.add(c)
      left.set(c.domain, n - 1)
    }
  }
  let total = jar.cookies.length - victims.size
  for (const c of lru) {
    if (total <= COOKIE_LIMITS.maxCookies) break
    if (!victims.has(c)) {
      victims.add(c)
      total--
    }
  }
  jar.cookies = jar.cookies.filter((x) => !victims.has(x))
  return [{ severity: 'warning', code: 'COOKIE_EVICTED', message: `${(before - jar.cookies.length).toLocaleString('en-US')} expired or least recently used cookie(s) were removed to stay within ${COOKIE_LIMITS.maxPerDomain} per domain and ${COOKIE_LIMITS.maxCookies.toLocaleString('en-US')} in all.`, source: `${RFC} §5.7` }]
}

/**
 * §5.8.3: the Cookie header for a request to `url` at `now` (null when no cookie applies); last-access times are
 * updated. Wirebench's requests are HTTP (so HttpOnly cookies go too) and top-level same-site (so SameSite filters
 * nothing); "secure" means https or wss only, loopback included (a browser may also trust http://localhost).
 */
export function cookieHeaderFor(jar: CookieJar, url: string, now: number): { header: string | null; cookies: StoredCookie[]; jar: CookieJar } {
  const u = new URL(url)
  const host = u.hostname.toLowerCase()
  const path = u.pathname || '/'
  const secure = secureScheme(u)
  const picked = jar.cookies.filter((c) =>
    (c.expiry === null || c.expiry > now) &&
    (c.hostOnly ? host === c.domain : domainMatches(host, c.domain)) &&
    pathMatches(path, c.path) &&
    (!c.secure || secure))
  // Longer paths first; among equal paths, the earlier created first (§5.8.3).
  picked.sort((a, b) => b.path.length - a.path.length || a.creation - b.creation || a.seq - b.seq)
  const touched = new Set(picked)
  const next: CookieJar = { ...jar, cookies: jar.cookies.map((c) => (touched.has(c) ? { ...c, lastAccess: now } : c)) }
  const header = picked.length ? picked.map((c) => (c.name === '' ? c.value : `${c.name}=${c.value}`)).join('; ') : null
  return { header, cookies: picked, jar: next }
}

/** The session ends: session cookies go, persistent ones stay (§5.7: "when the current session is over"). */
export const endSession = (jar: CookieJar): CookieJar => ({ ...jar, cookies: jar.cookies.filter((c) => c.persistent) })

/** Expired cookies removed (a jar never sends them anyway). */
export const removeExpired = (jar: CookieJar, now: number): CookieJar => ({ ...jar, cookies: jar.cookies.filter((c) => c.expiry === null || c.expiry > now) })

/** The cookie's lifetime in words, for the cookie pane. */
export function describeLifetime(c: StoredCookie, now: number): string {
  if (!c.persistent || c.expiry === null) return 'Session cookie: no Expires or Max-Age, so it is dropped when the browser session ends — though browsers that restore sessions keep them (in Wirebench: when the session is cleared).'
  if (c.expiry <= now) return `Expired on ${new Date(Math.max(c.expiry, -8.64e15)).toISOString()}: it is no longer sent.`
  return `Persistent cookie: kept until ${new Date(c.expiry).toISOString()} (about ${Math.round((c.expiry - now) / 3_600_000).toLocaleString('en-US')} h from now), even across restarts.`
}
