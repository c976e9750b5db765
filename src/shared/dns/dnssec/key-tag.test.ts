// Key tags (RFC 4034 Appendix B) against published vectors, the canonical order of names (RFC 4034 §6.1), and
// trust anchor files as IANA, Debian and keymgr write them.
import { describe, expect, it } from 'vitest'
import { fromBase64 } from '../../bytes'
import { nameToLabels } from '../names'
import { dnskeyRdata, keyTag } from './key-tag'
import { compareNames } from './canonical'
import { parseTrustAnchor } from './anchor'
import { proveWithNsec } from './denial'

const RFC4034_KEY = 'AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw=='
// IANA's KSK-2017 and KSK-2024 (Debian dns-root-data root.key).
const KSK2017 = 'AwEAAaz/tAm8yTn4Mfeh5eyI96WSVexTBAvkMgJzkKTOiW1vkIbzxeF3+/4RgWOq7HrxRixHlFlExOLAJr5emLvN7SWXgnLh4+B5xQlNVz8Og8kvArMtNROxVQuCaSnIDdD5LKyWbRd2n9WGe2R8PzgCmr3EgVLrjyBxWezF0jLHwVN8efS3rCj/EWgvIWgb9tarpVUDK/b58Da+sqqls3eNbuv7pr+eoZG+SrDK6nWeL3c6H5Apxz7LjVc1uTIdsIXxuOLYA4/ilBmSVIzuDWfdRUfhHdY6+cn8HFRm+2hM8AnXGXws9555KrUB5qihylGa8subX2Nn6UwNR1AkUTV74bU='
const KSK2024 = 'AwEAAa96jeuknZlaeSrvyAJj6ZHv28hhOKkx3rLGXVaC6rXTsDc449/cidltpkyGwCJNnOAlFNKF2jBosZBU5eeHspaQWOmOElZsjICMQMC3aeHbGiShvZsx4wMYSjH8e7Vrhbu6irwCzVBApESjbUdpWWmEnhathWu1jo+siFUiRAAxm9qyJNg/wOZqqzL/dL/q8PkcRU5oUKEpUge71M3ej2/7CPqpdVwuMoTvoB+ZOT4YeGyxMvHmbrxlFzGOHOijtzN+u1TQNatX2XBuzZNQ1K+s2CXkPIZo7s6JgZyvaBevYtxPvYLw4z9mR7K2vaF18UYH9Z9GNUUeayffKC73PYc='

describe('key tag (RFC 4034 Appendix B)', () => {
  it('matches the RFC 4034 §5.4 example and the root KSKs', () => {
    expect(keyTag(dnskeyRdata(256, 3, 5, fromBase64(RFC4034_KEY)))).toBe(60485)
    expect(keyTag(dnskeyRdata(257, 3, 8, fromBase64(KSK2017)))).toBe(20326)
    expect(keyTag(dnskeyRdata(257, 3, 8, fromBase64(KSK2024)))).toBe(38696)
  })

  it('changes with the flags: a revoked KSK has another tag (RFC 5011 §7)', () => {
    expect(keyTag(dnskeyRdata(257 | 0x80, 3, 8, fromBase64(KSK2017)))).toBe(20326 + 128)
  })
})

describe('canonical name order (RFC 4034 §6.1)', () => {
  it('sorts the RFC example exactly', () => {
    const order = ['example.', 'a.example.', 'yljkjljk.a.example.', 'Z.a.example.', 'zABC.a.EXAMPLE.', 'z.example.', '\\001.z.example.', '*.z.example.', '\\200.z.example.']
    const shuffled = [...order].reverse()
    expect(shuffled.sort((a, b) => compareNames(nameToLabels(a), nameToLabels(b)))).toEqual(order)
  })
})

describe('trust anchors', () => {
  it('reads DS and DNSKEY lines, comments and parentheses', () => {
    const a = parseTrustAnchor(`; root\n. IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n. 172800 IN DNSKEY 257 3 8 (\n ${KSK2024.slice(0, 100)}\n ${KSK2024.slice(100)} ) ; keytag 38696\n`)
    expect(a.zone).toBe('.')
    expect(a.ds[0]).toMatchObject({ keyTag: 20326, algorithm: 8, digestType: 2 })
    expect(a.keys[0]?.keyTag).toBe(38696)
    expect(parseTrustAnchor('example.test. 3600 IN DS 13232 8 2 0d75040c1235ca5e30745255f777d0871b78f0159e7192e5c55dacd26476b8dd').zone).toBe('example.test.')
  })

  it('refuses what cannot anchor anything, saying which line', () => {
    expect(() => parseTrustAnchor('')).toThrow(/holds no DS or DNSKEY/)
    expect(() => parseTrustAnchor('. IN A 192.0.2.1')).toThrow(/Line 1: a trust anchor is a DS or DNSKEY record/)
    expect(() => parseTrustAnchor('. IN DS 20326 8 2 XYZ')).toThrow(/Line 1: the DS record could not be read/)
    expect(() => parseTrustAnchor('. DS 1 8 2 00\nexample. DS 1 8 2 00')).toThrow(/same zone/)
  })
})

describe('NSEC denial (RFC 4035 §5.4)', () => {
  const L = nameToLabels
  const chain = [
    { owner: L('example.'), next: L('a.example.'), types: [2, 6, 46, 47, 48] },
    { owner: L('a.example.'), next: L('sub.example.'), types: [1, 46, 47] },
    { owner: L('sub.example.'), next: L('example.'), types: [2, 46, 47] }
  ]
  it('proves a name away only with the wildcard covered too', () => {
    expect(proveWithNsec('nxdomain', L('b.example.'), 1, chain).outcome).toBe('proven')
    expect(proveWithNsec('nxdomain', L('b.example.'), 1, [chain[1]!]).outcome).toBe('not-proven')
    expect(proveWithNsec('nxdomain', L('a.example.'), 1, chain).outcome).toBe('not-proven')
  })
  it('proves NODATA and an unsigned delegation, and not what the bit map lists', () => {
    expect(proveWithNsec('nodata', L('a.example.'), 16, chain).outcome).toBe('proven')
    expect(proveWithNsec('nodata', L('a.example.'), 1, chain).outcome).toBe('not-proven')
    expect(proveWithNsec('no-ds', L('sub.example.'), 43, chain).outcome).toBe('proven')
    // Below a delegation the parent's NSEC proves nothing (RFC 6840 §4.1).
    expect(proveWithNsec('nxdomain', L('x.sub.example.'), 1, chain).outcome).toBe('not-proven')
  })
})
