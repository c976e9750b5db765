import { describe, expect, it } from 'vitest'
import { suiteInfo } from './suite-info'
import { CIPHER_SUITES } from './cipher-suites'

describe('suiteInfo', () => {
  it.each([
    [0xc02f, { kx: 'ECDHE_RSA', auth: 'RSA', cipher: 'AES-128-GCM', bits: 128, aead: true, forwardSecrecy: true, strength: 'strong' }],
    [0x1301, { kx: 'any (TLS 1.3)', cipher: 'AES-128-GCM', bits: 128, aead: true, forwardSecrecy: true, strength: 'strong' }],
    [0xccaa, { kx: 'DHE_RSA', cipher: 'ChaCha20-Poly1305', bits: 256, aead: true, forwardSecrecy: true, strength: 'strong' }],
    [0xc013, { kx: 'ECDHE_RSA', cipher: 'AES-128-CBC', aead: false, forwardSecrecy: true, strength: 'acceptable' }],
    [0x002f, { kx: 'RSA', auth: 'RSA', cipher: 'AES-128-CBC', forwardSecrecy: false, strength: 'weak' }],
    [0x009c, { kx: 'RSA', aead: true, forwardSecrecy: false, strength: 'weak' }],
    [0x000a, { cipher: '3DES-EDE-CBC', bits: 168, strength: 'weak' }],
    [0x0005, { cipher: 'RC4-128', bits: 128, strength: 'insecure' }],
    [0x0003, { kx: 'RSA_EXPORT', bits: 40, strength: 'insecure' }],
    [0x0034, { kx: 'DH_anon', auth: 'none (anonymous)', strength: 'insecure' }],
    [0x0001, { cipher: 'NULL', bits: 0, strength: 'insecure' }],
    [0x0009, { cipher: 'DES-CBC', bits: 56, strength: 'insecure' }],
    [0x1305, { cipher: 'AES-128-CCM-8', aead: true, strength: 'acceptable' }],
    [0xc0b4, { bits: 0, strength: 'insecure' }],
    [0xc02b, { auth: 'ECDSA', strength: 'strong' }]
  ])('0x%s', (id, want) => {
    expect(suiteInfo(id)).toMatchObject(want)
  })

  it('says why in words, citing the RFC', () => {
    expect(suiteInfo(0x000a).strengthWhy).toMatch(/Sweet32/)
    expect(suiteInfo(0x0005).strengthWhy).toMatch(/RFC 7465/)
    expect(suiteInfo(0x002f).strengthWhy).toMatch(/forward secrecy/)
    expect(suiteInfo(0x0034).strengthWhy).toMatch(/anonymous/)
  })

  it('keeps the IANA and OpenSSL names', () => {
    expect(suiteInfo(0xc030)).toMatchObject({ id: 0xc030, name: 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', openssl: 'ECDHE-RSA-AES256-GCM-SHA384' })
  })

  it('treats signalling values and unknown code points without throwing', () => {
    expect(suiteInfo(0x5600)).toMatchObject({ name: 'TLS_FALLBACK_SCSV', strength: 'acceptable' })
    expect(suiteInfo(0x1234)).toMatchObject({ kx: 'unknown', strength: 'weak', name: 'unknown (0x1234)' })
  })

  it('parses every registry suite into a known cipher and key exchange', () => {
    for (const [id, s] of CIPHER_SUITES) {
      if (id === 0x00ff || id === 0x5600) continue
      const info = suiteInfo(id)
      expect(info.cipher, s.iana).not.toMatch(/_/)
      expect(info.kx, s.iana).not.toBe('unknown')
      if (s.tls13 && !/SHA256_SHA256|SHA384_SHA384/.test(s.iana)) expect(info.aead, s.iana).toBe(true)
    }
  })
})
