// Verifies and signs against the RFC 7515 Appendix A vectors byte for byte, against tokens made by openssl, and
// checks that every refusal (tampering, expiry, alg none, algorithm confusion) is given in words.
import { execFileSync } from 'node:child_process'
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { SignJWT } from 'jose'
import { base64UrlDecode, base64UrlEncode, decodeJwt } from '../../shared/http/jwt'
import { signJwt, verifyJwt, type JwtKey } from './jwt'

// RFC 7515 Appendix A: keys and tokens as printed there (A.6 carries the same A.2/A.3 signatures).
const PAYLOAD_B64 = 'eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ'
const A1 = `eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.${PAYLOAD_B64}.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk`
const A1_K = 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow'
const A2_JWK = {
  kty: 'RSA',
  n: 'ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ',
  e: 'AQAB',
  d: 'Eq5xpGnNCivDflJsRQBXHx1hdR1k6Ulwe2JZD50LpXyWPEAeP88vLNO97IjlA7_GQ5sLKMgvfTeXZx9SE-7YwVol2NXOoAJe46sui395IW_GO-pWJ1O0BkTGoVEn2bKVRUCgu-GjBVaYLU6f3l9kJfFNS3E0QbVdxzubSu3Mkqzjkn439X0M_V51gfpRLI9JYanrC4D4qAdGcopV_0ZHHzQlBjudU2QvXt4ehNYTCBr6XCLQUShb1juUO1ZdiYoFaFQT5Tw8bGUl_x_jTj3ccPDVZFD9pIuhLhBOneufuBiB4cS98l2SR_RQyGWSeWjnczT0QU91p1DhOVRuOopznQ',
  p: '4BzEEOtIpmVdVEZNCqS7baC4crd0pqnRH_5IB3jw3bcxGn6QLvnEtfdUdiYrqBdss1l58BQ3KhooKeQTa9AB0Hw_Py5PJdTJNPY8cQn7ouZ2KKDcmnPGBY5t7yLc1QlQ5xHdwW1VhvKn-nXqhJTBgIPgtldC-KDV5z-y2XDwGUc',
  q: 'uQPEfgmVtjL0Uyyx88GZFF1fOunH3-7cepKmtH4pxhtCoHqpWmT8YAmZxaewHgHAjLYsp1ZSe7zFYHj7C6ul7TjeLQeZD_YwD66t62wDmpe_HlB-TnBA-njbglfIsRLtXlnDzQkv5dTltRJ11BKBBypeeF6689rjcJIDEz9RWdc',
  dp: 'BwKfV3Akq5_MFZDFZCnW-wzl-CCo83WoZvnLQwCTeDv8uzluRSnm71I3QCLdhrqE2e9YkxvuxdBfpT_PI7Yz-FOKnu1R6HsJeDCjn12Sk3vmAktV2zb34MCdy7cpdTh_YVr7tss2u6vneTwrA86rZtu5Mbr1C1XsmvkxHQAdYo0',
  dq: 'h_96-mK1R_7glhsum81dZxjTnYynPbZpHziZjeeHcXYsXaaMwkOlODsWa7I9xXDoRwbKgB719rrmI2oKr6N3Do9U0ajaHF-NKJnwgjMd2w9cjz3_-kyNlxAr2v4IKhGNpmM5iIgOS1VZnOZ68m6_pbLBSp3nssTdlqvd0tIiTHU',
  qi: 'IYd7DHOhrWvxkwPQsRM2tOgrjbcrfvtQJipd-DlcxyVuuM9sQLdgjVk2oy26F0EmpScGLq2MowX7fhd_QJQ3ydy5cY7YIBi87w93IKLEdfnbJtoOPLUW0ITrJReOgo1cq9SbsxYawBgfp_gh6A5603k2-ZQwVK0JKSHuLFkuQ3U'
}
const A2_SIG = 'cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw'
const A2 = `eyJhbGciOiJSUzI1NiJ9.${PAYLOAD_B64}.${A2_SIG}`
const A3_JWK = { kty: 'EC', crv: 'P-256', x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU', y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0', d: 'jpsQnnGQmL-YBIffH1136cspYG6-0iY7X1fCE9-E9LI' }
const A3 = `eyJhbGciOiJFUzI1NiJ9.${PAYLOAD_B64}.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q`
// RFC 7515 A.3.1 prints the signature as R and S octets; its first and last bytes.
const A3_R_HEAD = [14, 209, 33, 83]
const A3_S_TAIL = [131, 163, 84, 213]
const IN_2011 = Date.UTC(2011, 2, 22, 18, 0, 0) // before exp 1300819380 (2011-03-22T18:43:00Z)

const pemOf = (jwk: object): string => createPublicKey({ key: jwk as never, format: 'jwk' }).export({ type: 'spki', format: 'pem' }) as string
const tmp = mkdtempSync(join(tmpdir(), 'wb-jwt-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))
const openssl = (args: string[], input?: Uint8Array | string): Buffer => execFileSync('openssl', args, { input: input ?? '', stdio: ['pipe', 'pipe', 'pipe'] })
const keyPair = (type: 'rsa' | 'rsa-pss' | 'ec' | 'ed25519', curve?: string): { pub: string; priv: string; ko: KeyObject } => {
  const { publicKey, privateKey } = generateKeyPairSync(type as 'rsa', { modulusLength: 2048, ...(curve ? { namedCurve: curve } : {}) } as never) as unknown as { publicKey: KeyObject; privateKey: KeyObject }
  return { pub: publicKey.export({ type: 'spki', format: 'pem' }) as string, priv: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, ko: privateKey }
}

describe('RFC 7515 Appendix A', () => {
  it('A.1 HS256 verifies with the RFC key, and openssl computes the same HMAC octets', async () => {
    const r = await verifyJwt(A1, { secret: base64UrlDecode(A1_K) }, { now: IN_2011 })
    expect(r).toMatchObject({ valid: true, alg: 'HS256' })
    expect(r.reason).toMatch(/HS256 signature is valid.*expires in 43 minutes/)
    const [h, p] = A1.split('.')
    // The RFC's header contains a CRLF that no JSON serialiser reproduces, so re-signing gives another (valid) token;
    // the RFC's exact HMAC octets are checked with openssl below.
    const again = await signJwt(base64UrlDecode(p!), JSON.parse(new TextDecoder().decode(base64UrlDecode(h!))), { secret: base64UrlDecode(A1_K) })
    expect(again.split('.')[0]).toBe('eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9')
    expect((await verifyJwt(again, { secret: base64UrlDecode(A1_K) }, { now: IN_2011 })).valid).toBe(true)
    // and openssl agrees on the HMAC
    const mac = openssl(['dgst', '-sha256', '-mac', 'HMAC', '-macopt', `hexkey:${Buffer.from(base64UrlDecode(A1_K)).toString('hex')}`, '-binary'], `${h}.${p}`)
    expect(base64UrlEncode(new Uint8Array(mac))).toBe('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')
  })

  it('A.2 RS256 verifies with the RFC public key as PEM and as a JWKS, and re-signing is byte-identical', async () => {
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = A2_JWK
    expect((await verifyJwt(A2, { pem: pemOf(pub) }, { now: IN_2011 })).valid).toBe(true)
    expect((await verifyJwt(A2, { jwks: JSON.stringify({ keys: [pub] }) }, { now: IN_2011 })).valid).toBe(true)
    const sig = base64UrlDecode(A2_SIG)
    expect(sig.length).toBe(256)
    expect([...sig.subarray(0, 4)]).toEqual([112, 46, 33, 137]) // RFC 7515 A.2.1 octets
    const resigned = await signJwt(base64UrlDecode(PAYLOAD_B64), { alg: 'RS256' }, { jwk: A2_JWK })
    expect(resigned).toBe(A2)
  })

  it('A.3 ES256 verifies with the RFC key (R‖S octets as printed), and a fresh ES256 signature verifies too', async () => {
    const { d: _d, ...pub } = A3_JWK
    const r = await verifyJwt(A3, { pem: pemOf(pub) }, { now: IN_2011 })
    expect(r).toMatchObject({ valid: true, alg: 'ES256' })
    const sig = base64UrlDecode(A3.split('.')[2]!)
    expect(sig.length).toBe(64)
    expect([...sig.subarray(0, 4)]).toEqual(A3_R_HEAD)
    expect([...sig.subarray(60)]).toEqual(A3_S_TAIL)
    const fresh = await signJwt(base64UrlDecode(PAYLOAD_B64), { alg: 'ES256' }, { jwk: A3_JWK })
    expect(fresh).not.toBe(A3) // ECDSA is randomised
    expect((await verifyJwt(fresh, { jwk: pub }, { now: IN_2011 })).valid).toBe(true)
  })

  it('the RFC tokens today: the signature is fine but they expired years ago, in words', async () => {
    const r = await verifyJwt(A1, { secret: base64UrlDecode(A1_K) }, { now: Date.UTC(2026, 0, 1) })
    expect(r.valid).toBe(false)
    expect(r.reason).toMatch(/signature is valid, but the token expired 14 years 9 months ago, at 2011-03-22T18:43:00Z/)
    const lenient = await verifyJwt(A1, { secret: base64UrlDecode(A1_K) }, { now: (1300819380 + 30) * 1000, leewaySec: 60 })
    expect(lenient.valid).toBe(true)
    expect(lenient.findings.map((f) => f.code)).toContain('EXPIRED_IN_LEEWAY')
  })
})

describe('tampering, alg none and algorithm confusion', () => {
  it('a payload changed after signing is invalid, in words', async () => {
    const [h, , s] = A1.split('.')
    const forged = `${h}.${base64UrlEncode(new TextEncoder().encode('{"iss":"joe","exp":1300819380,"http://example.com/is_root":true,"admin":true}'))}.${s}`
    const r = await verifyJwt(forged, { secret: base64UrlDecode(A1_K) }, { now: IN_2011 })
    expect(r.valid).toBe(false)
    expect(r.reason).toBe('The HS256 signature does not match: the header or payload was changed after signing, or this is not the key that signed it.')
  })

  it('alg none is refused unless explicitly allowed (RFC 7519 §6.1 example)', async () => {
    const unsecured = `eyJhbGciOiJub25lIn0.${PAYLOAD_B64}.`
    const refused = await verifyJwt(unsecured, { secret: base64UrlDecode(A1_K) }, { now: IN_2011 })
    expect(refused.valid).toBe(false)
    expect(refused.reason).toMatch(/Refused: alg is "none"/)
    expect(refused.findings.map((f) => f.code)).toContain('ALG_NONE')
    expect((await verifyJwt(unsecured, { secret: 'x' }, { now: IN_2011, allowNone: true })).valid).toBe(true)
    await expect(signJwt({ a: 1 }, { alg: 'none' }, null)).rejects.toThrow(/Unsecured JWS/)
    expect(await signJwt({ a: 1 }, { alg: 'none' }, null, { allowNone: true })).toMatch(/^eyJhbGciOiJub25lIn0\.eyJhIjoxfQ\.$/)
  })

  it('an HS256 token forged with the RSA public key as its HMAC secret is refused (the classic attack)', async () => {
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = A2_JWK
    const pem = pemOf(pub)
    const forged = `eyJhbGciOiJIUzI1NiJ9.${PAYLOAD_B64}.${base64UrlEncode(new Uint8Array(createHmac('sha256', pem).update(`eyJhbGciOiJIUzI1NiJ9.${PAYLOAD_B64}`).digest()))}`
    const keys: JwtKey[] = [{ pem }, { jwks: { keys: [pub] } }, { secret: pem }]
    for (const key of keys) {
      const r = await verifyJwt(forged, key, { now: IN_2011 })
      expect(r.valid).toBe(false)
      expect(r.reason).toMatch(/algorithm-confusion attack/)
      expect(r.findings[0]!.code).toBe('ALG_CONFUSION')
    }
    // an RS256 token offered a secret, or an ES384 key for ES256, is a plain mismatch
    expect((await verifyJwt(A2, { secret: 'a secret' }, { now: IN_2011 })).reason).toMatch(/shared secret was offered/)
    expect((await verifyJwt(A3, { pem: keyPair('ec', 'secp384r1').pub }, { now: IN_2011 })).reason).toMatch(/key is on secp384r1, which is for ES384/)
    // an explicit allowlist is honoured
    expect((await verifyJwt(A1, { secret: base64UrlDecode(A1_K) }, { now: IN_2011, algorithms: ['RS256'] })).reason).toMatch(/not among the algorithms allowed/)
  })

  it('a JWE is recognised and not "verified"', async () => {
    const jwe = 'eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9kiMT03JGeipsEdY3mx_etLbbWSrFr05kLzcSr4qKAq7YN7e9jwQRb23nfa6c9d-StnImGyFDbSv04uVuxIp5Zms1gNxKKK2Da14B8S4rzVRltdYwam_lDp5XnZAYpQdb76FdIKLaVmqgfwX7XWRxv2322i-vDxRfqNzo_tETKzpVLzfiwQyeyPGLBIO56YJ7eObdv0je81860ppamavo35UgoRdbYaBcoh9QcfylQr66oc6vFWXRcZ_ZT2LawVCWTIy3brGPi6UklfCpIMfIjf7iGdXKHzg.48V1_ALb6US04U3b.5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6jiSdiwkIr3ajwQzaBtQD_A.XFBoMYUZodetZdvTiFvSkQ'
    const r = await verifyJwt(jwe, { secret: 'x' })
    expect(r.valid).toBe(false)
    expect(r.reason).toMatch(/encrypted token \(JWE/)
    expect(r.decoded.header).toEqual({ alg: 'RSA-OAEP', enc: 'A256GCM' })
  })
})

describe('every algorithm on this runtime, with keys from PEM, certificates and JWKS', () => {
  const payload = { sub: 'alice', exp: Math.floor(Date.now() / 1000) + 3600 }
  const rsa = keyPair('rsa')
  const cases: [string, { pub: string; priv: string }][] = [
    ['RS256', rsa], ['RS384', rsa], ['RS512', rsa], ['PS256', rsa], ['PS384', rsa], ['PS512', rsa],
    ['ES256', keyPair('ec', 'prime256v1')], ['ES384', keyPair('ec', 'secp384r1')], ['ES512', keyPair('ec', 'secp521r1')],
    ['EdDSA', keyPair('ed25519')], ['Ed25519', keyPair('ed25519')]
  ]
  it.each(cases)('%s signs and verifies, and jose agrees', async (alg, k) => {
    const token = await signJwt(payload, { alg, kid: 'k1', typ: 'JWT' }, { pem: k.priv })
    const r = await verifyJwt(token, { pem: k.pub })
    expect(r).toMatchObject({ valid: true, alg, kid: 'k1' })
    expect(r.reason).toMatch(/expires in (59 minutes|1 hour)/)
    const byJose = await new SignJWT(payload).setProtectedHeader({ alg }).sign(createPrivateKey(k.priv))
    expect((await verifyJwt(byJose, { pem: k.pub })).valid).toBe(true)
  })

  it('HS256/384/512 with a secret, with jose and with openssl dgst -hmac', async () => {
    const secret = 'a-long-enough-shared-secret-for-hs512-which-wants-64-bytes-of-key!'
    for (const alg of ['HS256', 'HS384', 'HS512']) {
      const token = await signJwt(payload, { alg }, { secret })
      expect(await verifyJwt(token, { secret })).toMatchObject({ valid: true })
      expect((await verifyJwt(token, { secret: secret + 'x' })).valid).toBe(false)
    }
    const input = `${base64UrlEncode(new TextEncoder().encode('{"alg":"HS256","typ":"JWT"}'))}.${base64UrlEncode(new TextEncoder().encode('{"sub":"bob"}'))}`
    const mac = openssl(['dgst', '-sha256', '-hmac', 'secret', '-binary'], input)
    const r = await verifyJwt(`${input}.${base64UrlEncode(new Uint8Array(mac))}`, { secret: 'secret' })
    expect(r.valid).toBe(true)
    expect(r.findings.map((f) => f.code)).toEqual(expect.arrayContaining(['SHORT_SECRET', 'MISSING_EXP', 'NOT_ENCRYPTED']))
  })

  it('openssl-signed RS256 verifies against an openssl certificate; openssl ES256 (DER) is flagged, not accepted', async () => {
    const keyFile = join(tmp, 'k.pem')
    const certFile = join(tmp, 'c.pem')
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-subj', '/CN=jwt test', '-days', '1'])
    const input = `${base64UrlEncode(new TextEncoder().encode('{"alg":"RS256"}'))}.${base64UrlEncode(new TextEncoder().encode('{"sub":"carol"}'))}`
    const sig = openssl(['dgst', '-sha256', '-sign', keyFile, '-binary'], input)
    expect((await verifyJwt(`${input}.${base64UrlEncode(new Uint8Array(sig))}`, { pem: readFileSync(certFile, 'utf8') })).valid).toBe(true)

    const ec = keyPair('ec', 'prime256v1')
    writeFileSync(join(tmp, 'ec.pem'), ec.priv)
    const esInput = `${base64UrlEncode(new TextEncoder().encode('{"alg":"ES256"}'))}.${base64UrlEncode(new TextEncoder().encode('{"sub":"dan"}'))}`
    const der = openssl(['dgst', '-sha256', '-sign', join(tmp, 'ec.pem'), '-binary'], esInput)
    const token = `${esInput}.${base64UrlEncode(new Uint8Array(der))}`
    expect(decodeJwt(token).findings.find((f) => f.code === 'SIGNATURE_LENGTH')?.message).toMatch(/looks DER-encoded/)
    expect((await verifyJwt(token, { pem: ec.pub })).valid).toBe(false)
  })

  it('a JWKS picks its key by kid, and says so when none fits', async () => {
    const a = keyPair('ec', 'prime256v1')
    const b = keyPair('ec', 'prime256v1')
    const jwk = (pem: string, kid: string): object => ({ ...createPublicKey(pem).export({ format: 'jwk' }), kid, alg: 'ES256' })
    const jwks = JSON.stringify({ keys: [jwk(a.pub, 'a'), jwk(b.pub, 'b')] })
    const token = await signJwt(payload, { alg: 'ES256', kid: 'b' }, { pem: b.priv })
    expect(await verifyJwt(token, { jwks })).toMatchObject({ valid: true, kid: 'b' })
    const lost = await signJwt(payload, { alg: 'ES256', kid: 'zzz' }, { pem: b.priv })
    expect((await verifyJwt(lost, { jwks })).reason).toBe('No key in the JWKS fits this token (kid "zzz", alg ES256).')
    await expect(verifyJwt(token, { jwks: 'not json' })).rejects.toThrow(/JWKS is not JSON/)
  })

  it('refuses to sign with a public key, and refuses unknown algorithms', async () => {
    await expect(signJwt(payload, { alg: 'RS256' }, { pem: rsa.pub })).rejects.toThrow(/needs a private key/)
    await expect(signJwt(payload, { alg: 'HS256' }, { pem: rsa.priv })).rejects.toThrow(/algorithm-confusion/)
    await expect(signJwt(payload, { alg: 'XX1' }, { secret: 's' })).rejects.toThrow(/"XX1" is not among them/)
  })
})
