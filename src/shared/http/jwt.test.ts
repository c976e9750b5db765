// The JWT decoder against RFC 7519 §3.1 / RFC 7515 A.1, its findings in words, and hostile input.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { WirebenchError } from '../errors'
import { base64UrlDecode, base64UrlEncode, decodeJwt, durationWords, keyMismatch } from './jwt'

// RFC 7519 §3.1 (the same token as RFC 7515 A.1): header {"typ":"JWT",CRLF "alg":"HS256"}.
const RFC7519 = 'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
const EXP = 1300819380 // 2011-03-22T18:43:00Z
const enc = (o: unknown): string => base64UrlEncode(new TextEncoder().encode(typeof o === 'string' ? o : JSON.stringify(o)))
const token = (h: unknown, p: unknown, sig = 'AAAA'): string => `${enc(h)}.${enc(p)}.${sig}`
const hs = base64UrlEncode(new Uint8Array(32))
const codes = (t: string, now?: number): string[] => decodeJwt(t, now).findings.map((f) => f.code)
/** The decoded bytes under a span of base64url characters (it may start or end mid-character). */
const under = (text: string, span: { offset: number; length: number }, partStart: number): string => {
  const partText = text.slice(partStart).split('.')[0]!
  const bytes = base64UrlDecode(partText)
  const first = Math.floor(((span.offset - partStart) * 6) / 8)
  const last = Math.ceil(((span.offset - partStart + span.length) * 6) / 8)
  return new TextDecoder().decode(bytes.subarray(first, last))
}

describe('decodeJwt on the RFC 7519 §3.1 example', () => {
  const d = decodeJwt(`  Bearer ${RFC7519}\n`, (EXP - 3600) * 1000)
  it('reads header, claims and signature, skipping "Bearer " with spans over the text given', () => {
    expect(d).toMatchObject({ form: 'jws', alg: 'HS256', header: { typ: 'JWT', alg: 'HS256' }, payload: { iss: 'joe', exp: EXP, 'http://example.com/is_root': true } })
    expect(d.signature.length).toBe(32)
    expect(d.spans.map((s) => [s.name, s.offset, s.length])).toEqual([['Header', 9, 40], ['Payload', 50, 94], ['Signature', 145, 43]])
    const alg = d.spans[0]!.children!.find((c) => c.name.startsWith('alg'))!
    expect(alg.value).toBe('HS256: HMAC with SHA-256')
    expect(under(`  Bearer ${RFC7519}`, alg, 9)).toContain('"alg":"HS256"')
    const exp = d.claims.find((c) => c.name === 'exp')!
    expect(under(`  Bearer ${RFC7519}`, exp.span!, 50)).toContain('"exp":1300819380')
  })
  it('explains each registered claim with its section, and the clock in words', () => {
    expect(d.claims.map((c) => [c.name, c.title, c.source])).toEqual([
      ['iss', 'Issuer', 'RFC 7519 §4.1.1'],
      ['exp', 'Expiration Time', 'RFC 7519 §4.1.4'],
      ['http://example.com/is_root', 'Public or private claim', 'RFC 7519 §4.2, §4.3']
    ])
    expect(d.claims[1]!.words).toMatch(/Expires 2011-03-22T18:43:00Z, in 1 hour\./)
    expect(d.headerParams.map((p) => p.source)).toEqual(['RFC 7515 §4.1.9', 'RFC 7515 §4.1.1'])
  })
  it('says HS256 signs (authenticates) and does not encrypt', () => {
    const f = d.findings.find((x) => x.code === 'NOT_ENCRYPTED')!
    expect(f.message).toMatch(/^HS256 is HMAC with SHA-256: it authenticates the token with a shared secret.*It does not encrypt: the payload is only base64url-encoded, and anyone holding the token can read it\.$/)
    expect(f.message).not.toMatch(/encrypts/)
  })
  it('judges exp against the clock with leeway, in words', () => {
    const late = decodeJwt(RFC7519, (EXP + 3 * 3600 + 12 * 60) * 1000)
    expect(late.findings[0]).toMatchObject({ severity: 'error', code: 'EXPIRED', message: 'The token expired 3 hours 12 minutes ago, at 2011-03-22T18:43:00Z.' })
    expect(codes(RFC7519, EXP * 1000)).toContain('EXPIRED') // "on or after" exp is expired (RFC 7519 §4.1.4)
    const inLeeway = decodeJwt(RFC7519, (EXP + 20) * 1000, { leewaySec: 60 })
    expect(inLeeway.findings[0]!.message).toBe('The token expired 20 seconds ago; it passes only because of the 1 minute leeway.')
  })
})

describe('findings', () => {
  const now = Date.UTC(2026, 0, 1)
  const nowSec = now / 1000
  it('alg none (RFC 7519 §6.1 example) is an unsecured token', () => {
    const d = decodeJwt('eyJhbGciOiJub25lIn0.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.', now)
    const f = d.findings.find((x) => x.code === 'ALG_NONE')!
    expect(f).toMatchObject({ severity: 'error', source: 'RFC 7518 §3.6, RFC 8725 §2.1' })
    expect(f.message).toMatch(/Anyone can write or change this token/)
    expect(codes(token({ alg: 'none' }, {}, 'AAAA'))).toContain('SIGNATURE_WITH_NONE')
  })
  it('nbf in the future, iat in the future, missing exp, never-valid windows', () => {
    expect(decodeJwt(token({ alg: 'HS256' }, { nbf: nowSec + 90, exp: nowSec + 900 }, hs), now).findings[0]!.message).toBe('The token is not valid for another 1 minute 30 seconds (not before 2026-01-01T00:01:30Z).')
    expect(codes(token({ alg: 'HS256' }, { iat: nowSec + 7200, exp: nowSec + 9000 }, hs), now)).toContain('IAT_IN_FUTURE')
    expect(decodeJwt(token({ alg: 'HS256' }, { sub: 'x' }, hs), now).findings.find((f) => f.code === 'MISSING_EXP')).toMatchObject({ source: 'RFC 7519 §4.1.4' })
    expect(codes(token({ alg: 'HS256' }, { nbf: nowSec + 10, exp: nowSec + 5 }, hs), now)).toContain('NEVER_VALID')
    expect(codes(token({ alg: 'HS256' }, { exp: '2030-01-01' }, hs), now)).toContain('BAD_NUMERIC_DATE')
  })
  it('crit: unknown, absent, or registered names', () => {
    const f = decodeJwt(token({ alg: 'HS256', crit: ['exp'], exp: 1 }, {}, hs)).findings.find((x) => x.code === 'CRIT_UNKNOWN')!
    expect(f.message).toMatch(/must understand exp; a verifier that does not .* must reject the token/)
    expect(codes(token({ alg: 'HS256', crit: ['nope'] }, {}, hs))).toContain('CRIT_INVALID')
    expect(codes(token({ alg: 'HS256', crit: ['kid'], kid: 'a' }, {}, hs))).toContain('CRIT_INVALID')
    expect(codes(token({ alg: 'HS256', crit: [] }, {}, hs))).toContain('CRIT_INVALID')
  })
  it('jku, embedded jwk, suspicious kid, duplicate members, missing alg, wrong signature length', () => {
    expect(codes(token({ alg: 'RS256', jku: 'https://evil.example/keys' }, {}))).toContain('KEY_URL')
    expect(codes(token({ alg: 'RS256', jwk: { kty: 'RSA' } }, {}))).toContain('EMBEDDED_KEY')
    expect(codes(token({ alg: 'HS256', kid: '../../dev/null' }, {}, hs))).toContain('KID_SUSPICIOUS')
    const dup = decodeJwt(token('{"alg":"HS256","alg":"none"}', {}, hs))
    expect(dup.alg).toBe('none') // JSON.parse keeps the last, and the duplicate is reported
    expect(dup.findings.find((f) => f.code === 'DUPLICATE_MEMBER')).toMatchObject({ source: 'RFC 7515 §4' })
    expect(codes(token({ typ: 'JWT' }, {}))).toContain('NO_ALG')
    expect(decodeJwt(token({ alg: 'ES256' }, {}, base64UrlEncode(new Uint8Array([0x30, 0x45, ...new Array(69).fill(1)])))).findings.find((f) => f.code === 'SIGNATURE_LENGTH')!.message).toBe('ES256 signatures are 64 bytes; this one is 71. It looks DER-encoded: JWS uses the raw R‖S form (RFC 7518 §3.4).')
    expect(codes(token({ alg: 'HS256' }, {}, ''))).toContain('EMPTY_SIGNATURE')
    expect(codes(token({ alg: 'XY99' }, {}))).toEqual(expect.arrayContaining(['UNKNOWN_ALG']))
    expect(codes(token({ alg: 'XY99' }, {}))).not.toContain('NOT_ENCRYPTED')
  })
  it('a JWE (5 parts) is recognised as encrypted, not signed', () => {
    const d = decodeJwt(`${enc({ alg: 'dir', enc: 'A128GCM' })}..AAAAAAAAAAAAAAAA.AAAA.AAAAAAAAAAAAAAAAAAAAAA`)
    expect(d.form).toBe('jwe')
    expect(d.spans.map((s) => s.name)).toEqual(['Protected header', 'Encrypted key', 'Initialization vector', 'Ciphertext', 'Authentication tag'])
    expect(d.findings[0]!.message).toMatch(/encrypted token \(JWE\), not a signed one.*A128GCM, key managed by dir/)
    expect(d.payload).toBeUndefined()
  })
  it('a JWS whose payload is not JSON is decoded as text', () => {
    const d = decodeJwt(`${enc({ alg: 'ES512' })}.${enc('Payload')}.${base64UrlEncode(new Uint8Array(132))}`)
    expect(d.payloadText).toBe('Payload')
    expect(d.findings.map((f) => f.code)).toContain('NOT_A_CLAIMS_SET')
  })
})

describe('malformed and hostile input', () => {
  it('structure errors are WirebenchErrors with words', () => {
    expect(() => decodeJwt('abc.def')).toThrow(/it has 2 parts separated by dots; a signed token \(JWS\) has 3/)
    expect(() => decodeJwt(`${enc({ alg: 'HS256' })}==.e30.`)).toThrow(/JWS base64url has no "=" padding/)
    expect(() => decodeJwt('eyJ+.e30.')).toThrow(/plain base64/)
    expect(() => decodeJwt('a b.c.d')).toThrow(/character 2/)
    expect(() => decodeJwt(`${enc('[1]')}.e30.`)).toThrow(/header is not a JSON object/)
    expect(() => decodeJwt('x'.repeat(300_000))).toThrow(/reads at most/)
    const deep = `${enc({ alg: 'HS256' })}.${enc(`{"a":${'['.repeat(90_000)}${']'.repeat(90_000)}}`)}.${hs}`
    expect(decodeJwt(deep).findings.find((f) => f.code === 'NOT_A_CLAIMS_SET')!.message).toMatch(/nested 90,001 levels deep, more than the 64/)
    const many = `{${Array.from({ length: 5000 }, (_, i) => `"k${i}":1`).join(',')}}`
    const wide = decodeJwt(`${enc({ alg: 'HS256' })}.${enc(many)}.${hs}`)
    expect(wide.spans[1]!.children!.length).toBe(1000)
    expect(wide.findings[0]!.message).toBe('The claims set has 5,000 members; only the first 1,000 are explained.')
  })
  it('never throws anything but WirebenchError, and spans stay inside the text', () => {
    const part = fc.oneof(fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=') }), fc.jsonValue().map((v) => enc(JSON.stringify(v))), fc.dictionary(fc.constantFrom('alg', 'kid', 'crit', 'exp', 'nbf', 'iat', 'aud', 'jku', 'x'), fc.jsonValue()).map(enc))
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 6 }), fc.integer(), (parts, now) => {
        const text = parts.join('.')
        try {
          const d = decodeJwt(text, now)
          for (const s of d.spans) for (const x of [s, ...(s.children ?? [])]) expect(x.offset >= 0 && x.offset + x.length <= text.length).toBe(true)
        } catch (e) {
          expect(e).toBeInstanceOf(WirebenchError)
        }
      }),
      { numRuns: 400 }
    )
  })
})

describe('helpers', () => {
  it('durationWords uses the two largest units', () => {
    expect(durationWords(1)).toBe('1 second')
    expect(durationWords(-3 * 3600 - 12 * 60 - 5)).toBe('3 hours 12 minutes')
    expect(durationWords(86_400 + 30)).toBe('1 day')
  })
  it('keyMismatch names algorithm confusion', () => {
    expect(keyMismatch('HS256', 'rsa')?.code).toBe('ALG_CONFUSION')
    expect(keyMismatch('RS256', 'secret')?.code).toBe('KEY_MISMATCH')
    expect(keyMismatch('PS256', 'rsa')).toBeUndefined()
    expect(keyMismatch('ES256', 'rsa')?.message).toBe('The token says ES256 (ECDSA with curve P-256 and SHA-256) but the key is an RSA key.')
  })
  it('base64url round-trips', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        expect(base64UrlEncode(b)).toBe(Buffer.from(b).toString('base64url'))
        expect([...base64UrlDecode(base64UrlEncode(b))]).toEqual([...b])
      })
    )
  })
})
