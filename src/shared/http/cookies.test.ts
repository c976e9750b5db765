// Set-Cookie parsing and the cookie jar against RFC 6265's examples (§3.1) and RFC 6265bis's rules: dates, Max-Age
// against Expires, Domain and Path matching, Secure, SameSite, the __Secure-/__Host- prefixes, ordering and limits.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  cookieHeaderFor, defaultPath, describeLifetime, domainMatches, emptyJar, endSession, parseCookieDate, parseSetCookie,
  pathMatches, storeSetCookie, storeSetCookies, type CookieJar
} from './cookies'

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0)
const store = (jar: CookieJar, headers: string[], url: string, now = NOW): CookieJar => storeSetCookies(jar, headers, url, now).jar
const header = (jar: CookieJar, url: string, now = NOW): string | null => cookieHeaderFor(jar, url, now).header

describe('cookie dates (§5.1.1)', () => {
  const t = Date.UTC(1994, 10, 6, 8, 49, 37)
  it('reads the three HTTP date formats and sloppier ones', () => {
    for (const s of ['Sun, 06 Nov 1994 08:49:37 GMT', 'Sunday, 06-Nov-94 08:49:37 GMT', 'Sun Nov  6 08:49:37 1994', 'Nov 6 1994 8:49:37', '6 november 94 08:49:37 UTC+5']) {
      expect(parseCookieDate(s), s).toBe(t)
    }
    expect(parseCookieDate('Thu, 01-Jan-1970 00:00:01 GMT')).toBe(1000)
    expect(parseCookieDate('Wed, 09 Jun 2021 10:18:14 GMT')).toBe(Date.UTC(2021, 5, 9, 10, 18, 14))
    expect(parseCookieDate('01 Jan 69 00:00:00')).toBe(Date.UTC(2069, 0, 1))
  })
  it('refuses dates that do not exist or are out of range', () => {
    for (const s of ['Mon, 30 Feb 2026 00:00:00 GMT', '06 Nov 1600 08:49:37', '06 Nov 1994 24:00:00', '06 Nov 1994 08:60:00', '32 Nov 1994 08:49:37', 'Nov 1994 08:49:37', 'tomorrow', '']) {
      expect(parseCookieDate(s), s).toBeUndefined()
    }
  })
  it('never throws on any text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), (s) => void parseCookieDate(s)))
  })
})

describe('paths and domains (§5.1.3, §5.1.4)', () => {
  it('computes the default path', () => {
    expect([defaultPath('/a/b/c'), defaultPath('/a'), defaultPath(''), defaultPath('x/y'), defaultPath('/a/b/')]).toEqual(['/a/b', '/', '/', '/', '/a/b'])
  })
  it('matches paths only at a slash boundary and domains only for names', () => {
    expect([pathMatches('/docs', '/docs'), pathMatches('/docs/a', '/docs'), pathMatches('/docsx', '/docs'), pathMatches('/docs/a', '/docs/')]).toEqual([true, true, false, true])
    expect([domainMatches('www.example.com', 'example.com'), domainMatches('wwwexample.com', 'example.com'), domainMatches('1.2.3.4', '2.3.4')]).toEqual([true, false, false])
  })
})

describe('parseSetCookie (§5.6)', () => {
  it('reads name, value and every attribute, explained in words', () => {
    const p = parseSetCookie('SID=31d4d96e407aad42; Path=/; Domain=.Example.COM; Secure; HttpOnly; SameSite=lax; Max-Age=60; Partitioned; Foo=bar')
    expect(p.cookie).toEqual({ name: 'SID', value: '31d4d96e407aad42', path: '/', domain: 'example.com', secure: true, httpOnly: true, sameSite: 'Lax', maxAge: 60, partitioned: true })
    expect(p.attributes.map((a) => a.name)).toEqual(['Path', 'Domain', 'Secure', 'HttpOnly', 'SameSite', 'Max-Age', 'Partitioned', 'Foo'])
    expect(p.attributes.find((a) => a.name === 'HttpOnly')!.meaning).toMatch(/scripts/)
    expect(p.attributes.find((a) => a.name === 'Foo')!.ignored).toBe('Unknown attribute.')
  })
  it('ignores bad attribute values but keeps the cookie; the last valid attribute wins', () => {
    const p = parseSetCookie('a=b; Max-Age=12x; Expires=not a date; Path=relative; SameSite=Sometimes; Domain=; Max-Age=5; Max-Age=-1')
    expect(p.cookie).toEqual({ name: 'a', value: 'b', maxAge: -1, secure: false, httpOnly: false, partitioned: false })
    expect(p.attributes.filter((a) => a.ignored).length).toBe(5)
  })
  it('refuses control characters, empty cookies and oversized ones', () => {
    expect(parseSetCookie('a=b\u0001c').cookie).toBeNull()
    expect(parseSetCookie(' = ').cookie).toBeNull()
    expect(parseSetCookie('a=' + 'x'.repeat(4096)).findings[0]!.code).toBe('COOKIE_TOO_LARGE')
    expect(parseSetCookie('novalue').cookie).toMatchObject({ name: '', value: 'novalue' })
  })
  it('stays bounded on a 1 MB Set-Cookie and on 60 KB of attributes', () => {
    const start = Date.now()
    expect(parseSetCookie('a=' + 'x'.repeat(1024 * 1024)).cookie).toBeNull()
    const many = parseSetCookie('a=b' + '; Secure'.repeat(7000))
    expect(many.attributes.length).toBe(100)
    expect(many.findings.map((f) => f.code)).toEqual(['COOKIE_MANY_ATTRIBUTES'])
    expect(Date.now() - start).toBeLessThan(1000)
  })
  it('never throws on random headers', () => {
    fc.assert(fc.property(fc.string({ maxLength: 120 }), (s) => {
      const r = storeSetCookie(emptyJar(), s, 'https://a.example/x/y', NOW)
      expect(r.jar.cookies.length).toBeLessThanOrEqual(1)
    }))
  })
})

describe('the jar (§5.7, §5.8.3)', () => {
  it('RFC 6265 §3.1: host-only and Domain cookies, sent in the right order', () => {
    let jar = store(emptyJar(), ['SID=31d4d96e407aad42; Path=/; Domain=example.com', 'lang=en-US; Path=/; Domain=example.com'], 'http://example.com/')
    expect(header(jar, 'http://example.com/')).toBe('SID=31d4d96e407aad42; lang=en-US')
    expect(header(jar, 'http://www.example.com/x')).toBe('SID=31d4d96e407aad42; lang=en-US')
    jar = store(emptyJar(), ['SID=31d4d96e407aad42'], 'http://example.com/')
    expect(header(jar, 'http://example.com/')).toBe('SID=31d4d96e407aad42')
    expect(header(jar, 'http://www.example.com/')).toBeNull()
  })
  it('RFC 6265 §3.1: a Secure HttpOnly cookie goes only over https; an Expires in the past deletes', () => {
    let jar = store(emptyJar(), ['SID=31d4d96e407aad42; Path=/; Secure; HttpOnly', 'lang=en-US; Path=/; Domain=example.com'], 'https://example.com/')
    expect(header(jar, 'https://example.com/')).toBe('SID=31d4d96e407aad42; lang=en-US')
    expect(header(jar, 'http://example.com/')).toBe('lang=en-US')
    jar = store(jar, ['lang=; Path=/; Domain=example.com; Expires=Sun, 06 Nov 1994 08:49:37 GMT'], 'https://example.com/')
    expect(header(jar, 'https://example.com/')).toBe('SID=31d4d96e407aad42')
  })
  it('Max-Age wins over Expires, ≤ 0 deletes, expiry is judged against the clock', () => {
    const jar = store(emptyJar(), ['a=1; Expires=Sun, 06 Nov 1994 08:49:37 GMT; Max-Age=60'], 'http://h.test/')
    expect(jar.cookies[0]).toMatchObject({ persistent: true, expiry: NOW + 60_000 })
    expect(header(jar, 'http://h.test/', NOW + 59_000)).toBe('a=1')
    expect(header(jar, 'http://h.test/', NOW + 60_000)).toBeNull()
    const r = storeSetCookie(jar, 'a=1; Max-Age=0', 'http://h.test/', NOW)
    expect(r.deleted).toBe(true)
    expect(r.jar.cookies).toEqual([])
  })
  it('says session from persistent in words, and a session ends', () => {
    const jar = store(emptyJar(), ['s=1', 'p=1; Max-Age=3600'], 'http://h.test/')
    expect(describeLifetime(jar.cookies[0]!, NOW)).toMatch(/^Session cookie.*dropped when the browser session ends — though browsers that restore sessions keep them/)
    expect(describeLifetime(jar.cookies[1]!, NOW)).toMatch(/^Persistent cookie: kept until 2026-01-15T13:00:00.000Z/)
    expect(endSession(jar).cookies.map((c) => c.name)).toEqual(['p'])
  })
  it('names the draft it cites, and says the SameSite default is the user agent\'s', () => {
    const notes = parseSetCookie('a=1; Path=/x; SameSite=Lax; Partitioned; Secure').attributes.map((a) => a.meaning)
    expect(notes[0]).toContain('(RFC 6265bis (draft) §5.6.4; RFC 6265 §5.2.4)')
    expect(notes[1]).toMatch(/Chromium-based browsers use Lax \(with a 2-minute exception for top-level POST\), Firefox and Safari None/)
    expect(notes[2]).toContain('CHIPS (Privacy CG, Partitioned attribute)')
    expect(notes.join(' ')).not.toMatch(/\((?!RFC)§/)
  })
  it('caps a lifetime at 400 days', () => {
    const r = storeSetCookie(emptyJar(), 'a=1; Expires=Fri, 01 Jan 2100 00:00:00 GMT', 'http://h.test/', NOW)
    expect(r.stored!.expiry).toBe(NOW + 400 * 86_400_000)
    expect(r.findings.map((f) => f.code)).toContain('COOKIE_LIFETIME_CAPPED')
  })
  it('refuses a Domain that does not cover the host, and says the public suffix list is not bundled', () => {
    expect(storeSetCookie(emptyJar(), 'a=1; Domain=other.test', 'http://www.h.test/', NOW).findings.at(-1)!.code).toBe('COOKIE_DOMAIN_MISMATCH')
    const r = storeSetCookie(emptyJar(), 'a=1; Domain=test', 'http://www.h.test/', NOW)
    expect(r.stored).toMatchObject({ domain: 'test', hostOnly: false })
    expect(r.findings.map((f) => f.code)).toEqual(['COOKIE_PUBLIC_SUFFIX_NOT_CHECKED'])
  })
  it('uses the default path and matches paths', () => {
    const jar = store(emptyJar(), ['d=1', 'p=1; Path=/docs'], 'http://h.test/docs/page')
    expect(jar.cookies.map((c) => c.path)).toEqual(['/docs', '/docs'])
    expect(header(jar, 'http://h.test/docs/x/y')).toBe('d=1; p=1')
    expect(header(jar, 'http://h.test/docsx')).toBeNull()
  })
  it('sorts by path length, then by creation time, and keeps creation when a cookie is replaced', () => {
    let jar = store(emptyJar(), ['a=1; Path=/'], 'http://h.test/', NOW)
    jar = store(jar, ['b=1; Path=/', 'c=1; Path=/x/y'], 'http://h.test/', NOW + 1000)
    jar = store(jar, ['a=2; Path=/'], 'http://h.test/', NOW + 2000)
    expect(header(jar, 'http://h.test/x/y/z', NOW + 3000)).toBe('c=1; a=2; b=1')
  })
  it('enforces Secure, SameSite=None, Partitioned and the name prefixes', () => {
    const code = (h: string, url = 'https://h.test/a/b'): string | undefined => storeSetCookie(emptyJar(), h, url, NOW).findings.at(-1)?.code
    expect(code('a=1; Secure', 'http://h.test/')).toBe('COOKIE_SECURE_FROM_HTTP')
    expect(code('a=1; SameSite=None')).toBe('COOKIE_SAMESITE_NONE_INSECURE')
    expect(code('a=1; Partitioned')).toBe('COOKIE_PARTITIONED_INSECURE')
    expect(code('__Secure-a=1')).toBe('COOKIE_SECURE_PREFIX')
    expect(code('__Secure-a=1; Secure')).toBeUndefined()
    expect(code('__Host-a=1; Secure; Path=/; Domain=h.test')).toBe('COOKIE_HOST_PREFIX')
    expect(code('__Host-a=1; Secure')).toBe('COOKIE_HOST_PREFIX')
    expect(code('__host-a=1; Secure; Path=/')).toBeUndefined()
    expect(code('=__Host-a')).toBe('COOKIE_PREFIX_NAMELESS')
    expect(code('a=1; SameSite=None; Secure')).toBeUndefined()
  })
  it('does not let plain http overwrite a Secure cookie', () => {
    const jar = store(emptyJar(), ['s=secret; Secure; Path=/'], 'https://h.test/')
    const r = storeSetCookie(jar, 's=evil; Path=/', 'http://h.test/', NOW)
    expect(r.findings.at(-1)!.code).toBe('COOKIE_SHADOWS_SECURE')
    expect(header(r.jar, 'https://h.test/')).toBe('s=secret')
  })
  it('is plain data: JSON keeps it whole', () => {
    const jar = store(emptyJar(), ['a=1; Max-Age=60; Path=/', 'b=2'], 'https://h.test/')
    const back = JSON.parse(JSON.stringify(jar)) as CookieJar
    expect(back).toEqual(jar)
    expect(header(back, 'https://h.test/')).toBe('a=1; b=2')
  })
  it('stays bounded with 10,000 cookies: at most 180 per domain and 3000 in all', () => {
    const start = Date.now()
    const headers = Array.from({ length: 10_000 }, (_, i) => `c${i}=v; Domain=d${i % 40}.test`)
    let jar = emptyJar()
    for (let d = 0; d < 40; d++) jar = store(jar, headers.filter((_, i) => i % 40 === d), `http://www.d${d}.test/`)
    expect(jar.cookies.length).toBeLessThanOrEqual(3000)
    expect(jar.cookies.filter((c) => c.domain === 'd39.test').length).toBe(180)
    expect(header(jar, 'http://www.d39.test/')!.split('; ').length).toBe(180)
    expect(Date.now() - start).toBeLessThan(5000)
  })
})
