// DS, DNSKEY, RRSIG, NSEC, NSEC3, NSEC3PARAM (and CDS/CDNSKEY) codecs: presentation text as dig prints it, parse and
// encode back to the same bytes, field spans, and malformed RDATA refused in words. dig agreement against a live
// knotd is in src/main/dns/dnssec-codecs.test.ts.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { ByteReader, ByteWriter } from '../../bytes'
import { WirebenchError } from '../../errors'
import { readName, writeName } from '../names'
import type { RdataCodec } from './codec'
import { DNSSEC_CODECS } from './dnssec-types'
import { codecNamed } from './table'
import { readTypeBitmap, writeTypeBitmap } from './type-bitmap'

function decode(codec: RdataCodec, rdata: Uint8Array) {
  const spans: { name: string; offset: number; length: number; value?: string }[] = []
  const r = new ByteReader(rdata, 0, rdata.length)
  const out = codec.decode(r, rdata.length, {
    readName(reader) {
      const n = readName(reader.bytes, reader.pos)
      reader.pos = n.end
      return n.name
    },
    span: (name, offset, length, value) => void spans.push({ name, offset, length, value })
  })
  return { ...out, spans, consumed: r.pos }
}

function encode(codec: RdataCodec, fields: Record<string, unknown>): Uint8Array {
  const w = new ByteWriter()
  codec.encode(fields, w, (ww, n) => writeName(ww, n), { canonical: false })
  return w.finish()
}

const codec = (t: string): RdataCodec => codecNamed(t)!

// RFC 4034 §2.3 / §5.4 examples, and dig-printed records from a knotd-signed zone.
const KEY = 'AQOeiiR0GOMYkDshWoSKz9XzfwJr1AYtsmx3TGkJaNXVbfi/2pHm822aJ5iI9BMzNXxeYCmZDRD99WYwYqUSdjMmmAphXdvxegXd/M5+X7OrzKBaMbCVdFLUUh6DhweJBjEVv5f2wwjM9XzcnOf+EPbtG9DMBmADjFDc2w/rljwvFw=='
const CASES: [string, string][] = [
  ['DS', '60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118'],
  ['DS', '13232 8 2 0D75040C1235CA5E30745255F777D0871B78F0159E7192E5C55DACD2 6476B8DD'],
  ['CDS', '0 0 0 00'],
  ['DNSKEY', `256 3 5 ${KEY.slice(0, 56)} ${KEY.slice(56, 112)} ${KEY.slice(112, 168)} ${KEY.slice(168)}`],
  ['CDNSKEY', '0 3 0 AA=='],
  ['RRSIG', 'A 13 3 300 20261215110953 20261201093953 31500 example.test. b2FTO9jaA+4Bq6Hgc1oY5sw4Aac4aPTRgyjXmdHnkroblDO3xQuztZR4 t/3adnZ2GReyK3V2WSa4wNqwh7OObhh6qij7L4A='],
  ['NSEC', 'host.example.com. A MX RRSIG NSEC TYPE1234'],
  ['NSEC3', '1 1 12 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR MX DNSKEY NS SOA NSEC3PARAM RRSIG'],
  ['NSEC3', '1 0 0 - V3N2R9CHQLP7TDETOLMMAKFMS81UDCJE A RRSIG'],
  ['NSEC3PARAM', '1 0 0 -'],
  ['NSEC3PARAM', '1 0 12 AABBCCDD']
]

describe('DNSSEC record codecs', () => {
  it('are all in the table under their type codes', () => {
    expect(DNSSEC_CODECS.map((c) => `${c.type}=${c.code}`).sort()).toEqual(['CDNSKEY=60', 'CDS=59', 'DNSKEY=48', 'DS=43', 'NSEC3=50', 'NSEC3PARAM=51', 'NSEC=47', 'RRSIG=46'])
  })

  it.each(CASES)('%s "%s" parses, encodes and decodes back to the same text', (type, text) => {
    const c = codec(type)
    const bytes = encode(c, c.parse!(text))
    const d = decode(c, bytes)
    // dig sorts the bit map by type number; the NSEC3 case above lists them out of order on purpose.
    const expected = type === 'NSEC3' && text.includes('AABBCCDD') ? '1 1 12 AABBCCDD 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR NS SOA MX RRSIG DNSKEY NSEC3PARAM' : text
    expect(d.data).toBe(expected)
    expect(d.consumed).toBe(bytes.length)
    expect(encode(c, d.fields)).toEqual(bytes)
  })

  it('names the fields in words: key tag, flags, algorithm, digest type', () => {
    const k = decode(codec('DNSKEY'), encode(codec('DNSKEY'), codec('DNSKEY').parse!(`257 3 8 ${KEY}`)))
    expect(k.fields).toMatchObject({ flags: 257, sep: true, zoneKey: true, revoked: false, algorithm: 8 })
    expect(k.spans.find((s) => s.name === 'Flags')?.value).toMatch(/ZONE \| SEP: a key-signing key \(KSK\)/)
    expect(k.spans.find((s) => s.name === 'Algorithm')?.value).toBe('8 (RSA/SHA-256)')
    const ds = decode(codec('DS'), encode(codec('DS'), codec('DS').parse!(CASES[1]![1])))
    expect(ds.spans.find((s) => s.name === 'Digest type')?.value).toBe('2 (SHA-256)')
    const sig = decode(codec('RRSIG'), encode(codec('RRSIG'), codec('RRSIG').parse!(CASES[5]![1])))
    expect(sig.fields).toMatchObject({ typeCovered: 'A', labels: 3, originalTtl: 300, keyTag: 31500, signerName: 'example.test.' })
    expect(sig.spans.find((s) => s.name === 'Signature expiration')?.value).toBe('20261215110953 UTC')
    expect(sig.spans.find((s) => s.name === 'Signer name')).toMatchObject({ offset: 18, length: 14 })
    const n3 = decode(codec('NSEC3'), encode(codec('NSEC3'), codec('NSEC3').parse!(CASES[7]![1])))
    expect(n3.fields).toMatchObject({ optOut: true, iterations: 12, salt: 'aabbccdd' })
  })

  it('refuses short RDATA with the RFC, and bad bit maps', () => {
    const short = (t: string, n: number): unknown => {
      try {
        decode(codec(t), new Uint8Array(n))
      } catch (err) {
        return err
      }
      return null
    }
    expect(short('DS', 3)).toBeInstanceOf(WirebenchError)
    expect((short('RRSIG', 10) as Error).message).toMatch(/at least 19 octets \(RFC 4034 §3\.1\)/)
    expect((short('NSEC3PARAM', 2) as Error).message).toMatch(/RFC 5155/)
    // window 0 twice, and a block of 33 octets
    expect(() => readTypeBitmap(new ByteReader(Uint8Array.of(0, 1, 0x40, 0, 1, 0x40)))).toThrow(/ascend/)
    expect(() => readTypeBitmap(new ByteReader(Uint8Array.of(0, 33, ...new Uint8Array(33))))).toThrow(/1 to 32 octets/)
  })

  it('writes type bit maps as RFC 4034 §4.3 shows them', () => {
    // "A MX RRSIG NSEC TYPE1234" → window 0 (6 octets) and window 4 (27 octets)
    const w = new ByteWriter()
    writeTypeBitmap(w, [1, 15, 46, 47, 1234])
    const bytes = w.finish()
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0, 6, 0x40, 0x01, 0, 0, 0, 0x03])
    expect(bytes[8]).toBe(4)
    expect(bytes[9]).toBe(27)
    expect(readTypeBitmap(new ByteReader(bytes))).toEqual([1, 15, 46, 47, 1234])
  })

  it('random RDATA only ever decodes or throws a WirebenchError, for every type', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DNSSEC_CODECS), fc.uint8Array({ minLength: 0, maxLength: 120 }), (c, bytes) => {
        try {
          const d = decode(c, bytes)
          expect(typeof d.data).toBe('string')
        } catch (err) {
          expect(err).toBeInstanceOf(WirebenchError)
        }
      }),
      { numRuns: 2000 }
    )
  })
})
