// The DER reader and writer: round trips, offsets, strict PEM/base64 and clear errors.
import { describe, expect, it } from 'vitest'
import { WirebenchError } from '../errors'
import { bitSet, decode, readBitString, readInteger, readOid, readString, readTime } from './asn1'
import { bits, int, intRaw, oid, seq, time, utf8 } from './der'
import { decodeBase64, encodeBase64, encodePem, findPemBlocks } from './pem'

function code(fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    return err instanceof WirebenchError ? err.code : `not a WirebenchError: ${String(err)}`
  }
  return 'no error'
}

describe('DER', () => {
  it('round-trips values and reports offsets', () => {
    const der = seq(oid('1.2.840.113549.1.1.11'), int(65537), utf8('Grüße'), time(Date.UTC(2049, 11, 31, 23, 59, 59)), time(Date.UTC(2050, 0, 1)))
    const root = decode(der)
    const [o, i, s, t1, t2] = root.children
    expect(readOid(o)).toBe('1.2.840.113549.1.1.11')
    expect(readInteger(i).hex).toBe('010001')
    expect(readString(s)).toBe('Grüße')
    expect(t1?.tag).toBe(23) // UTCTime until 2049
    expect(t2?.tag).toBe(24) // GeneralizedTime from 2050
    expect(readTime(t1)).toBe(Date.UTC(2049, 11, 31, 23, 59, 59))
    expect(readTime(t2)).toBe(Date.UTC(2050, 0, 1))
    expect(o?.offset).toBe(2)
    expect(i?.offset).toBe(2 + (o?.headerLength ?? 0) + (o?.length ?? 0))
  })

  it('reads negative integers and named bits', () => {
    expect(readInteger(decode(intRaw('FF01'))).hex).toBe('FF')
    expect(readInteger(decode(intRaw('FF01'))).negative).toBe(true)
    const b = readBitString(decode(bits(new Uint8Array([0b10000110]), 1)))
    expect([0, 1, 5, 6].map((n) => bitSet(b, n))).toEqual([true, false, true, true])
  })

  it('rejects malformed input with INVALID_DER', () => {
    expect(code(() => decode(new Uint8Array([0x30, 0x05, 0x02, 0x01])))).toBe('INVALID_DER')
    expect(code(() => decode(new Uint8Array([0x30, 0x89, 1, 2, 3, 4, 5, 6, 7, 8, 9])))).toBe('INVALID_DER')
    expect(code(() => decode(new Uint8Array([0x02, 0x01, 0x00, 0x00])))).toBe('INVALID_DER') // trailing byte
    expect(code(() => readOid(decode(new Uint8Array([0x06, 0x02, 0x80, 0x01]))))).toBe('INVALID_DER')
    expect(code(() => readTime(decode(new Uint8Array([0x17, 0x03, 0x31, 0x32, 0x33]))))).toBe('INVALID_DER')
  })
})

describe('PEM and base64', () => {
  it('round-trips base64 and rejects damage', () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 251, 252, 253])
    expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes)
    expect(() => decodeBase64('AAA*')).toThrow(/unexpected character "\*"/)
    expect(() => decodeBase64('A')).toThrow(/stray final character/)
    expect(() => decodeBase64('AA=A')).toThrow(/"=" before the end/)
  })

  it('finds blocks among text and reads legacy headers', () => {
    const pem = encodePem(new Uint8Array([0x05, 0x00]), 'TEST')
    const legacy = '-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-256-CBC,00112233\n\nBQA=\n-----END RSA PRIVATE KEY-----\n'
    const blocks = findPemBlocks(`hello\n${pem}between\n${legacy}bye`)
    expect(blocks.map((b) => [b.label, b.line])).toEqual([['TEST', 2], ['RSA PRIVATE KEY', 6]])
    expect(blocks[1]?.headers).toEqual({ 'Proc-Type': '4,ENCRYPTED', 'DEK-Info': 'AES-256-CBC,00112233' })
    expect(blocks[1]?.der).toEqual(new Uint8Array([0x05, 0x00]))
  })
})
