// Known answers for the hand-made key schedules: RFC 8448 §3's secrets give its keys and IVs, its records open and
// seal back to the same wire bytes, the TLS 1.2 PRF gives the published P_SHA256 vector, and SHA-384 variants agree
// with OpenSSL's own KDFs (`openssl kdf`), an implementation that is not ours.
import { describe, expect, it } from 'vitest'
import { parseHex, toHex } from '../../shared/bytes'
import { RFC8448 } from '../testing/rfc8448'
import { openssl } from '../testing/x509'
import { aeadOpen, aeadSeal } from './tls-aead'
import { finishedKey, hkdfExpandLabel, hkdfLabel, nextTrafficSecret, recordNonce, tls12KeyBlock, tls12Prf, trafficKeys, transcriptHash } from './tls-keys'

const hex = (b: Uint8Array): string => toHex(b, '')
const enc = (s: string): Uint8Array => new TextEncoder().encode(s)

describe('TLS 1.3 key schedule (RFC 8448 §3)', () => {
  it.each([
    ['server handshake', RFC8448.secrets.serverHandshake, RFC8448.keys.serverHandshake],
    ['client handshake', RFC8448.secrets.clientHandshake, RFC8448.keys.clientHandshake],
    ['server application', RFC8448.secrets.serverApplication, RFC8448.keys.serverApplication],
    ['client application', RFC8448.secrets.clientApplication, RFC8448.keys.clientApplication]
  ])('%s traffic secret → the RFC key and iv', (_name, secret, expected) => {
    const k = trafficKeys('sha256', 16, parseHex(secret))
    expect({ key: hex(k.key), iv: hex(k.iv) }).toEqual(expected)
  })

  it('HkdfLabel is length ‖ "tls13 "+label ‖ context, as RFC 8446 §7.1 lays it out', () => {
    expect(hex(hkdfLabel('key', new Uint8Array(0), 16))).toBe('0010' + '09' + '746c73313320' + '6b6579' + '00')
  })

  it('Derive-Secret with a transcript context: handshake secret + Hash(ClientHello, ServerHello) → the handshake traffic secrets (RFC 8446 §7.1)', () => {
    const handshakeSecret = parseHex('1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac')
    const th = transcriptHash('sha256', [RFC8448.records.clientHello.subarray(5), RFC8448.records.serverHello.subarray(5)])
    expect(hex(th)).toBe('860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8')
    expect(hex(hkdfExpandLabel('sha256', handshakeSecret, 's hs traffic', th, 32))).toBe(RFC8448.secrets.serverHandshake)
    expect(hex(hkdfExpandLabel('sha256', handshakeSecret, 'c hs traffic', th, 32))).toBe(RFC8448.secrets.clientHandshake)
  })

  it('finished_key = HKDF-Expand-Label(server handshake secret, "finished", "", 32)', () => {
    expect(hex(finishedKey('sha256', parseHex(RFC8448.secrets.serverHandshake)))).toBe('008d3b66f816ea559f96b537e885c31fc068bf492c652f01f288a1d8cdc19fc8')
  })

  it('opens every RFC 8448 record with its keys and seals the plaintext back to the same bytes', () => {
    const cases = [
      { rec: RFC8448.records.serverFlight, keys: RFC8448.keys.serverHandshake, seq: 0, type: 22, first: 0x08, length: 657 },
      { rec: RFC8448.records.clientFinished, keys: RFC8448.keys.clientHandshake, seq: 0, type: 22, first: 0x14, length: 36 },
      { rec: RFC8448.records.newSessionTicket, keys: RFC8448.keys.serverApplication, seq: 0, type: 22, first: 0x04, length: 205 },
      { rec: RFC8448.records.clientApplication, keys: RFC8448.keys.clientApplication, seq: 0, type: 23, first: 0, length: 50 },
      { rec: RFC8448.records.serverApplication, keys: RFC8448.keys.serverApplication, seq: 1, type: 23, first: 0, length: 50 }
    ]
    for (const c of cases) {
      const nonce = recordNonce(parseHex(c.keys.iv), c.seq)
      const aad = c.rec.subarray(0, 5)
      const plain = aeadOpen('aes-128-gcm', parseHex(c.keys.key), nonce, aad, c.rec.subarray(5))
      expect(plain).not.toBeNull()
      expect(plain?.at(-1)).toBe(c.type)
      expect(plain?.[0]).toBe(c.first)
      expect(plain?.length).toBe(c.length + 1)
      expect(hex(aeadSeal('aes-128-gcm', parseHex(c.keys.key), nonce, aad, plain as Uint8Array))).toBe(hex(c.rec.subarray(5)))
      // The same record under the wrong sequence number does not authenticate (the nonce is not decoration).
      expect(aeadOpen('aes-128-gcm', parseHex(c.keys.key), recordNonce(parseHex(c.keys.iv), c.seq + 1), aad, c.rec.subarray(5))).toBeNull()
    }
  })

  it('nonce = iv XOR the sequence number, right-aligned (RFC 8446 §5.3)', () => {
    expect(hex(recordNonce(parseHex('cf782b88dd83549aadf1e984'), 1))).toBe('cf782b88dd83549aadf1e985')
    expect(hex(recordNonce(parseHex('000000000000000000000000'), 0x1_0000_0001))).toBe('000000000000000100000001')
  })

  it('ChaCha20-Poly1305 (RFC 8439 §2.8.2 AEAD vector) through @noble/ciphers', () => {
    const key = parseHex('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f')
    const nonce = parseHex('070000004041424344454647')
    const aad = parseHex('50515253c0c1c2c3c4c5c6c7')
    const text = enc("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.")
    const sealed = aeadSeal('chacha20-poly1305', key, nonce, aad, text)
    expect(hex(sealed.subarray(-16))).toBe('1ae10b594f09e26a7e902ecbd0600691')
    expect(hex(sealed.subarray(0, 8))).toBe('d31a8d34648e60db')
    expect(aeadOpen('chacha20-poly1305', key, nonce, aad, sealed)).toEqual(text)
    sealed[3] = (sealed[3] as number) ^ 1
    expect(aeadOpen('chacha20-poly1305', key, nonce, aad, sealed)).toBeNull()
  })

  it('SHA-384 HKDF-Expand-Label and "traffic upd" agree with OpenSSL HKDF (expand only)', () => {
    const secret = parseHex('11'.repeat(48))
    const info = hkdfLabel('traffic upd', new Uint8Array(0), 48)
    const r = openssl(['kdf', '-keylen', '48', '-kdfopt', 'digest:SHA2-384', '-kdfopt', 'mode:EXPAND_ONLY', '-kdfopt', `hexkey:${hex(secret)}`, '-kdfopt', `hexinfo:${hex(info)}`, 'HKDF'])
    expect(r.status, r.stderr).toBe(0)
    expect(hex(nextTrafficSecret('sha384', secret))).toBe(r.stdout.trim().replace(/:/g, '').toLowerCase())
    expect(hex(hkdfExpandLabel('sha384', secret, 'traffic upd', new Uint8Array(0), 48))).toBe(hex(nextTrafficSecret('sha384', secret)))
  })
})

describe('TLS 1.2 PRF and key block (RFC 5246 §5, §6.3)', () => {
  it('P_SHA256 gives the published vector (100 bytes: 4 HMAC blocks, the last cut)', () => {
    const out = tls12Prf('sha256', parseHex('9bbe436ba940f017b17652849a71db35'), 'test label', parseHex('a0ba9f936cda311827a6f796ffd5198c'), 100)
    expect(hex(out)).toBe(
      'e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff70187347b66'
    )
  })

  it('P_SHA384 agrees with OpenSSL TLS1-PRF, and the key block is cut in RFC order', () => {
    const master = parseHex('ab'.repeat(48))
    const cr = parseHex('01'.repeat(32))
    const sr = parseHex('02'.repeat(32))
    const seed = new Uint8Array([...enc('key expansion'), ...sr, ...cr])
    const r = openssl(['kdf', '-keylen', '72', '-kdfopt', 'digest:SHA2-384', '-kdfopt', `hexsecret:${hex(master)}`, '-kdfopt', `hexseed:${hex(seed)}`, 'TLS1-PRF'])
    expect(r.status, r.stderr).toBe(0)
    const kb = tls12KeyBlock({ hash: 'sha384', masterSecret: master, clientRandom: cr, serverRandom: sr, macLength: 0, keyLength: 32, ivLength: 4 })
    const expected = r.stdout.trim().replace(/:/g, '').toLowerCase()
    expect(hex(kb.keyBlock)).toBe(expected)
    expect(hex(kb.clientKey)).toBe(expected.slice(0, 64))
    expect(hex(kb.serverKey)).toBe(expected.slice(64, 128))
    expect(hex(kb.clientIv)).toBe(expected.slice(128, 136))
    expect(hex(kb.serverIv)).toBe(expected.slice(136, 144))
  })
})
