// The curl import/export: shell quoting as bash reads it, curl's option semantics, and the round trip
// parseCurl(toCurl(r)) == r over random requests (quotes, newlines, non-ASCII, binary and NUL bodies).
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { WirebenchError } from '../errors'
import { tokenizeShell, quoteShellWord } from './curl-tokens'
import { parseCurl, toCurl, type CurlRequest } from './curl'

const te = new TextEncoder()
const words = (s: string): (string | undefined)[] => tokenizeShell(s).words.map((w) => w.text)
const codes = (s: string): string[] => parseCurl(s).findings.map((f) => f.code)

describe('tokenizeShell', () => {
  it('reads quotes, escapes and continuations as a POSIX shell does', () => {
    expect(words(`curl 'a b' "c \\"d\\" \\$e \\q" f\\ g`)).toEqual(['curl', 'a b', 'c "d" $e \\q', 'f g'])
    expect(words(`a\\\n  b\\\r\n c ^\n d`)).toEqual(['a', 'b', 'c', 'd'])
    expect(words(`x'y'"z" '' ""`)).toEqual(['xyz', '', ''])
    expect(words(`# a comment\ncurl x # trailing`)).toEqual(['curl', 'x'])
  })
  it("decodes $'…' ANSI-C escapes, including raw bytes", () => {
    expect(words(`$'a\\tb\\n\\x41\\101\\u00e9\\U0001F600\\'\\\\\\cA'`)).toEqual(['a\tb\nAAé😀\'\\\x01'])
    const w = tokenizeShell(`$'\\xff\\x00'`).words[0]!
    expect([...w.bytes]).toEqual([0xff, 0x00])
    expect(w.text).toBeUndefined()
  })
  it('refuses an unclosed quote with a WirebenchError naming where it opened', () => {
    for (const s of [`curl 'abc`, `curl "abc`, `curl $'abc`, `curl x\\`]) {
      expect(() => tokenizeShell(s)).toThrowError(WirebenchError)
    }
    expect(() => tokenizeShell(`curl 'abc`)).toThrow(/character 6/)
  })
  it('reports what it does not run: variables, pipes, redirections', () => {
    const t = tokenizeShell(`curl "$HOST/x" -d @- < body.json | jq .`)
    expect(t.words.map((w) => w.text)).toEqual(['curl', '$HOST/x', '-d', '@-'])
    expect(t.findings.map((f) => f.code)).toEqual(['SHELL_EXPANSION', 'SHELL_REDIRECT', 'SHELL_REST_IGNORED'])
    expect(words(`curl x 2>/dev/null >>log y`)).toEqual(['curl', 'x', 'y'])
  })
  it('quotes any bytes so they read back identically', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }).filter((b) => !b.includes(0)), (b) => {
      const q = quoteShellWord(b)
      const back = tokenizeShell(q).words
      expect(back).toHaveLength(1)
      expect([...back[0]!.bytes]).toEqual([...b])
    }))
  })
  it('never throws anything but WirebenchError on random text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (s) => {
      try {
        parseCurl(s)
      } catch (e) {
        expect(e).toBeInstanceOf(WirebenchError)
      }
    }))
  })
  it('caps the size of the command', () => {
    expect(() => tokenizeShell('a'.repeat(5 * 1024 * 1024))).toThrow(/at most/)
    expect(() => tokenizeShell('a '.repeat(20_000))).toThrow(/more than 10,000 words/)
  })
})

describe('parseCurl', () => {
  it("reads a browser's Copy as cURL", () => {
    const { request: r, findings } = parseCurl(`curl 'https://api.example.com/v1/items?x=1' \\
  -H 'accept: application/json' \\
  -H 'authorization: Bearer abc.def' \\
  --data-raw '{"name":"O\\u0027Brien"}' \\
  --compressed`)
    expect(r.method).toBe('POST')
    expect(r.url).toBe('https://api.example.com/v1/items?x=1')
    expect(r.headers).toEqual([['accept', 'application/json'], ['authorization', 'Bearer abc.def'], ['Content-Type', 'application/x-www-form-urlencoded']])
    expect(r.body).toEqual({ kind: 'text', text: '{"name":"O\\u0027Brien"}' })
    expect(r.compressed).toBe(true)
    expect(findings).toEqual([])
  })
  it('builds Basic auth from -u and says base64 is not encryption', () => {
    const p = parseCurl(`curl -u 'alice:s3cr:et' http://h/`)
    expect(p.request.headers).toEqual([['Authorization', 'Basic ' + btoa('alice:s3cr:et')]])
    expect(p.findings.map((f) => f.code)).toEqual(['BASIC_NOT_ENCRYPTION', 'BASIC_OVER_HTTP'])
    expect(p.findings[0]!.message).toMatch(/not encryption/)
    expect(codes(`curl -u alice https://h/`)).toEqual(['CURL_USER_NO_PASSWORD'])
  })
  it('follows curl for -d, -G, -I, -X and --data-urlencode', () => {
    const d = parseCurl(`curl -d a=1 -d $'b=2\\n' --data-urlencode 'q=a b&é' h/p`).request
    expect(d.method).toBe('POST')
    expect(d.url).toBe('http://h/p')
    expect(d.body).toEqual({ kind: 'text', text: 'a=1&b=2\n&q=a+b%26%C3%A9' })
    const g = parseCurl(`curl -G -d a=1 -d b=2 'http://h/p?z=0'`).request
    expect([g.method, g.url, g.body, g.headers]).toEqual(['GET', 'http://h/p?z=0&a=1&b=2', undefined, []])
    expect(parseCurl(`curl -I http://h/`).request.method).toBe('HEAD')
    expect(parseCurl(`curl -XPATCH -d x http://h/`).request.method).toBe('PATCH')
    expect(parseCurl(`curl -d$'\\xff\\x01' http://h/`).request.body).toEqual({ kind: 'bytes', bytes: Uint8Array.from([0xff, 1]) })
    expect(parseCurl(`curl --json '{"a":1}' http://h/`).request.headers).toEqual([['Content-Type', 'application/json'], ['Accept', 'application/json']])
  })
  it('reads @file bodies through the caller, stripping newlines only for -d', () => {
    const readFile = (p: string): Uint8Array | undefined => (p === 'f.txt' ? te.encode('a\r\nb\n') : undefined)
    expect(parseCurl(`curl -d @f.txt http://h/`, { readFile }).request.body).toEqual({ kind: 'text', text: 'ab' })
    expect(parseCurl(`curl --data-binary @f.txt http://h/`, { readFile }).request.body).toEqual({ kind: 'text', text: 'a\r\nb\n' })
    expect(parseCurl(`curl --data-raw @f.txt http://h/`, { readFile }).request.body).toEqual({ kind: 'text', text: '@f.txt' })
    expect(parseCurl(`curl -d @missing http://h/`).findings.map((f) => f.code)).toEqual(['CURL_FILE_NOT_READ'])
  })
  it('handles header removal, empty headers, -A, -e, -b and their precedence', () => {
    const r = parseCurl(`curl -H 'X-Empty;' -H 'Accept:' -A ua -H 'User-Agent: mine' -e 'http://r/;auto' -b 'a=1; b=2' http://h/`).request
    expect(r.headers).toEqual([['X-Empty', ''], ['User-Agent', 'mine'], ['Cookie', 'a=1; b=2'], ['Referer', 'http://r/']])
    expect(r.removedHeaders).toEqual(['accept'])
    expect(parseCurl(`curl -d x -H 'Content-Type:' http://h/`).request.headers).toEqual([])
  })
  it('reads TLS, version, --resolve and --connect-to options', () => {
    const r = parseCurl(`curl -kL --http2 --cacert ca.pem -E c.pem --key k.pem --resolve a.test:443:127.0.0.1,[::1] --connect-to a.test:443:[::1]:8443 https://a.test/`).request
    expect(r.tls).toEqual({ insecure: true, cacert: 'ca.pem', cert: 'c.pem', key: 'k.pem' })
    expect([r.httpVersion, r.followRedirects]).toEqual(['2', true])
    expect(r.resolve).toEqual([{ host: 'a.test', port: 443, addresses: ['127.0.0.1', '[::1]'] }])
    expect(r.connectTo).toEqual([{ fromHost: 'a.test', fromPort: '443', toHost: '[::1]', toPort: '8443' }])
  })
  it('lists every option it does not import instead of dropping it silently', () => {
    expect(codes(`curl -sS -o out -w '%{http_code}' --frobnicate -F a=b -x http://proxy http://h/`)).toEqual([
      'CURL_OPTION_IGNORED', 'CURL_OPTION_IGNORED', 'CURL_OPTION_IGNORED', 'CURL_OPTION_IGNORED',
      'CURL_UNKNOWN_OPTION', 'CURL_OPTION_NOT_CARRIED', 'CURL_OPTION_NOT_CARRIED'
    ])
    expect(codes(`curl http://h/{a,b}`)).toEqual(['CURL_GLOB'])
    expect(codes(`curl -g http://h/{a,b}`)).toEqual([])
    expect(codes(`curl http://[::1]:8080/`)).toEqual([])
    expect(codes(`curl -H`)).toEqual(['CURL_MISSING_VALUE', 'CURL_NO_URL'])
    expect(codes(`wget http://h/`)).toEqual(['CURL_NO_COMMAND', 'CURL_SEVERAL_URLS', 'CURL_SCHEME_GUESSED'])
  })
})

const noNul = (s: string): boolean => !s.includes('\0') && s === new TextDecoder().decode(te.encode(s))
const text = (o: { minLength?: number; maxLength?: number } = {}) => fc.string({ unit: 'binary', maxLength: 24, ...o }).filter(noNul)
const token = fc.stringMatching(/^[A-Za-z0-9-]{1,12}$/)
const arbRequest: fc.Arbitrary<CurlRequest> = fc.record({
  method: fc.oneof(fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'DELETE'), fc.stringMatching(/^[A-Z]{1,8}$/)),
  url: fc.tuple(fc.constantFrom('http://', 'https://'), fc.stringMatching(/^[a-z0-9.-]{1,12}$/), text()).map(([s, h, p]) => `${s}${h}/${p}`),
  headers: fc.array(fc.tuple(token, text().filter((v) => !/^[ \t]/.test(v))), { maxLength: 5 }),
  removedHeaders: fc.uniqueArray(token.map((t) => t.toLowerCase()), { maxLength: 3 }),
  body: fc.option(fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => s === new TextDecoder().decode(te.encode(s))).map((t) => ({ kind: 'text' as const, text: t })),
    fc.uint8Array({ maxLength: 40 }).map((b) => ({ kind: 'bytes' as const, bytes: Uint8Array.from([...b, 0xff]) }))
  ), { nil: undefined }),
  httpVersion: fc.option(fc.constantFrom('1.0' as const, '1.1' as const, '2' as const, '2-prior-knowledge' as const), { nil: undefined }),
  tls: fc.record({ insecure: fc.boolean(), cacert: text({ minLength: 1 }), cert: text({ minLength: 1 }), key: text({ minLength: 1 }) }, { requiredKeys: ['insecure'] }),
  resolve: fc.array(fc.record({ host: fc.stringMatching(/^[a-z0-9.]{1,10}$/), port: fc.integer({ min: 0, max: 65535 }), addresses: fc.array(fc.ipV4(), { minLength: 1, maxLength: 3 }) }), { maxLength: 2 }),
  connectTo: fc.array(fc.record({ fromHost: fc.stringMatching(/^[a-z0-9.]{0,8}$/), fromPort: fc.stringMatching(/^\d{0,5}$/), toHost: fc.oneof(fc.stringMatching(/^[a-z0-9.]{0,8}$/), fc.constant('[::1]')), toPort: fc.stringMatching(/^\d{0,5}$/) }), { maxLength: 2 }),
  compressed: fc.boolean(),
  followRedirects: fc.boolean()
}, { requiredKeys: ['method', 'url', 'headers', 'removedHeaders', 'tls', 'resolve', 'connectTo', 'compressed', 'followRedirects'] }).map((r) => {
  // Canonical: a body comes with a Content-Type header or its removal (curl would otherwise add one).
  if (r.body && !r.headers.some(([h]) => h.toLowerCase() === 'content-type') && !r.removedHeaders.includes('content-type')) r.headers.push(['Content-Type', 'application/octet-stream'])
  return r as CurlRequest
})

describe('toCurl', () => {
  it('round-trips: parseCurl(toCurl(r)) equals r', () => {
    fc.assert(fc.property(arbRequest, (r) => {
      const e = toCurl(r)
      const back = parseCurl(e.command, e.stdin ? { stdin: e.stdin } : {})
      expect(back.request).toEqual(r)
      expect(back.findings.filter((f) => f.severity === 'error')).toEqual([])
    }), { numRuns: 300 })
  })
  it('keeps a byte order mark and invalid UTF-8 byte for byte', () => {
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, 0x41])
    const r = parseCurl(toCurl({ method: 'POST', url: 'http://h/', headers: [['Content-Type', 'x']], removedHeaders: [], body: { kind: 'text', text: '\ufeffA' }, tls: { insecure: false }, resolve: [], connectTo: [], compressed: false, followRedirects: false }).command).request
    expect(r.body).toEqual({ kind: 'text', text: '\ufeffA' })
    expect(te.encode((r.body as { text: string }).text)).toEqual(bom)
  })
  it('sends a body holding NUL on standard input and says so', () => {
    const r: CurlRequest = { method: 'POST', url: 'http://h/', headers: [['Content-Type', 'x']], removedHeaders: [], body: { kind: 'text', text: 'a\0b' }, tls: { insecure: false }, resolve: [], connectTo: [], compressed: false, followRedirects: false }
    const e = toCurl(r)
    expect(e.command).toContain('--data-binary @-')
    expect(e.stdin).toEqual(te.encode('a\0b'))
    expect(e.notes[0]).toMatch(/NUL/)
  })
  it('writes a readable command', () => {
    const r = parseCurl(`curl -u a:b -d "it's" https://h/x`).request
    expect(toCurl(r).command).toBe(`curl \\\n  -H 'Authorization: Basic YTpi' \\\n  -H 'Content-Type: application/x-www-form-urlencoded' \\\n  --data-raw 'it'\\''s' \\\n  https://h/x`)
  })
})
