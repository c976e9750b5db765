// The crypto under validation, against published vectors: DS digests (RFC 4034 §5.4, the root KSKs against
// IANA's DS in resources/dns/root-anchors.txt), NSEC3 hashes (RFC 5155 Appendix A), and signatures made by
// node:crypto for every algorithm we verify, checked through our DNSKEY wire encodings.
import { describe, expect, it } from 'vitest'
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { fromBase64, toHex } from '../../shared/bytes'
import { nameToLabels } from '../../shared/dns/names'
import { dsDigestInput } from '../../shared/dns/dnssec/canonical'
import { dnskeyRdata } from '../../shared/dns/dnssec/key-tag'
import { nsec3Hash } from '../../shared/dns/dnssec/denial'
import { parseTrustAnchor } from '../../shared/dns/dnssec/anchor'
import { toBase32Hex, hexToBytes } from '../../shared/dns/dnssec/presentation'
import { resourcePath } from '../resources'
import { dsDigest, sha1, verifySignature } from './dnssec-crypto'

const hex = (b: Uint8Array | null): string => (b ? toHex(b, '').toUpperCase() : 'null')

describe('DS digests (RFC 4034 §5.1.4)', () => {
  it('match RFC 4034 §5.4', () => {
    const key = fromBase64('AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw==')
    expect(hex(dsDigest(1, dsDigestInput(nameToLabels('dskey.example.com.'), dnskeyRdata(256, 3, 5, key))))).toBe('2BB183AF5F22588179A53B0A98631FAD1A292118')
    expect(dsDigest(3, new Uint8Array(1))).toBeNull()
  })

  it('of the root KSKs (Debian root.key) equal the bundled anchors (root.ds)', () => {
    const bundled = parseTrustAnchor(readFileSync(resourcePath('dns', 'root-anchors.txt'), 'utf8'))
    const keys = parseTrustAnchor(readFileSync('/usr/share/dns/root.key', 'utf8')).keys
    expect(bundled.ds.map((d) => d.keyTag)).toEqual([20326, 38696])
    for (const d of bundled.ds) {
      const key = keys.find((k) => k.keyTag === d.keyTag)!
      expect(hex(dsDigest(2, dsDigestInput([], key.rdata)))).toBe(hex(d.digest))
    }
  })
})

describe('NSEC3 hashes (RFC 5155 Appendix A: salt AABBCCDD, 12 iterations)', () => {
  it.each([
    ['example.', '0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOM'],
    ['a.example.', '35MTHGPGCU1QG68FAB165KLNSNK3DPVL'],
    ['ns1.example.', '2T7B4G4VSA5SMI47K61MV5BV1A22BOJR'],
    ['*.w.example.', 'R53BQ7CC2UVMUBFU5OCMM6PERS9TK9EN']
  ])('%s → %s', (name, hash) => {
    expect(toBase32Hex(nsec3Hash(sha1, nameToLabels(name), hexToBytes('AABBCCDD'), 12))).toBe(hash)
  })
})

/** A key pair and its DNSKEY public key field, as RFC 3110 / 6605 / 8080 lay it out. */
function dnskeyFor(algorithm: number): { priv: KeyObject; pub: Uint8Array; hash: string | null; ieee: boolean } {
  const raw = (k: KeyObject): Record<string, string> => k.export({ format: 'jwk' }) as Record<string, string>
  const b = (s: string): Buffer => Buffer.from(s, 'base64url')
  if (algorithm === 8 || algorithm === 10) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 })
    const j = raw(publicKey)
    const e = b(j.e!)
    return { priv: privateKey, pub: new Uint8Array(Buffer.concat([Buffer.of(e.length), e, b(j.n!)])), hash: algorithm === 8 ? 'sha256' : 'sha512', ieee: false }
  }
  if (algorithm === 15) {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519')
    return { priv: privateKey, pub: new Uint8Array(b(raw(publicKey).x!)), hash: null, ieee: false }
  }
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: algorithm === 13 ? 'P-256' : 'P-384' })
  const j = raw(publicKey)
  return { priv: privateKey, pub: new Uint8Array(Buffer.concat([b(j.x!), b(j.y!)])), hash: algorithm === 13 ? 'sha256' : 'sha384', ieee: true }
}

describe('signature verification', () => {
  it.each([8, 10, 13, 14, 15])('algorithm %i: a good signature verifies, a changed byte does not', (alg) => {
    const k = dnskeyFor(alg)
    const data = new TextEncoder().encode('RRSIG RDATA | RR(1) | RR(2)')
    const sig = new Uint8Array(sign(k.hash, data, k.ieee ? { key: k.priv, dsaEncoding: 'ieee-p1363' } : k.priv))
    expect(verifySignature(alg, k.pub, data, sig)).toEqual({ ok: true })
    const bad = Uint8Array.from(data)
    bad[0]! ^= 1
    expect(verifySignature(alg, k.pub, bad, sig)).toMatchObject({ ok: false, reason: 'wrong', words: 'the signature is wrong' })
  })

  it('says why when it cannot verify at all', () => {
    expect(verifySignature(5, new Uint8Array(8), new Uint8Array(1), new Uint8Array(1))).toMatchObject({ ok: false, reason: 'unsupported' })
    expect(verifySignature(13, new Uint8Array(10), new Uint8Array(1), new Uint8Array(64))).toMatchObject({ ok: false, reason: 'bad-key' })
  })
})
