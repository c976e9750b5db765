// Address library: format, checked against the RFCs and CPython's ipaddress where they define the answer.
import { describe, expect, test } from 'vitest'
import {
  addressForms,
  addressToBinary,
  addressToByteList,
  addressToDecimal,
  addressToHex,
  compressHextets,
  explodeAddress,
  formatAddress,
  reversePointer
} from './format'
import { parseAddressOrThrow } from './index'

const compressed = (text: string) => formatAddress(parseAddressOrThrow(text))

describe('RFC 5952 section 4: the canonical text of an IPv6 address', () => {
  test('4.1: leading zeros in a group are dropped', () => {
    expect(compressed('2001:0db8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1')
    expect(compressed('2001:db8:00aa:0bbb:00c0:0d00:e000:00f0')).toBe('2001:db8:aa:bbb:c0:d00:e000:f0')
  })

  test('4.2.1: "::" shortens as much as possible', () => {
    expect(compressed('2001:db8:0:0:0:0:2:1')).toBe('2001:db8::2:1')
    expect(compressed('2001:db8::0:1')).toBe('2001:db8::1')
  })

  test('4.2.2: a single zero group is not shortened', () => {
    expect(compressed('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1')
    expect(compressed('2001:db8::1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1')
  })

  test('4.2.3: the longest run is shortened; on a tie, the first', () => {
    expect(compressed('2001:0:0:1:0:0:0:1')).toBe('2001:0:0:1::1')
    expect(compressed('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1')
    expect(compressed('0:0:1:0:0:1:0:0')).toBe('::1:0:0:1:0:0')
    expect(compressed('1:0:0:1:0:0:1:1')).toBe('1::1:0:0:1:1')
  })

  test('4.3: lowercase', () => {
    expect(compressed('2001:DB8::ABCD:EF')).toBe('2001:db8::abcd:ef')
  })

  test('runs at either end, and the all-zero and all-one addresses', () => {
    expect(compressed('0:0:0:0:0:0:0:0')).toBe('::')
    expect(compressed('0:0:0:0:0:0:0:1')).toBe('::1')
    expect(compressed('1:0:0:0:0:0:0:0')).toBe('1::')
    expect(compressed('1:0:0:0:0:0:0:2')).toBe('1::2')
    expect(compressed('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')).toBe('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff')
    expect(compressHextets([0, 1, 0, 1, 0, 1, 0, 1])).toBe('0:1:0:1:0:1:0:1')
  })

  test('section 5: IPv4-mapped addresses keep a dotted tail (as CPython 3.13 prints them); other embeddings do not', () => {
    expect(compressed('::ffff:c000:0201')).toBe('::ffff:192.0.2.1')
    expect(compressed('0:0:0:0:0:ffff:192.0.2.1')).toBe('::ffff:192.0.2.1')
    expect(compressed('64:ff9b::192.0.2.1')).toBe('64:ff9b::c000:201')
    expect(compressed('::192.0.2.1')).toBe('::c000:201')
  })

  test('a zone is written after the address', () => {
    expect(compressed('FE80:0::1%eth0')).toBe('fe80::1%eth0')
  })
})

describe('other forms', () => {
  const v4 = parseAddressOrThrow('192.168.0.1')
  const v6 = parseAddressOrThrow('2001:db8::1')

  test('exploded', () => {
    expect(explodeAddress(v4)).toBe('192.168.0.1')
    expect(explodeAddress(v6)).toBe('2001:0db8:0000:0000:0000:0000:0000:0001')
    expect(explodeAddress(parseAddressOrThrow('::'))).toBe('0000:0000:0000:0000:0000:0000:0000:0000')
    expect(explodeAddress(parseAddressOrThrow('::ffff:10.1.2.3'))).toBe('0000:0000:0000:0000:0000:ffff:10.1.2.3')
    expect(explodeAddress(parseAddressOrThrow('fe80::1%eth0'))).toBe('fe80:0000:0000:0000:0000:0000:0000:0001%eth0')
  })

  test('integer (decimal string) and hex', () => {
    expect(addressToDecimal(v4)).toBe('3232235521')
    expect(addressToDecimal(v6)).toBe('42540766411282592856903984951653826561')
    expect(addressToDecimal(parseAddressOrThrow('ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'))).toBe('340282366920938463463374607431768211455')
    expect(addressToHex(v4)).toBe('0xc0a80001')
    expect(addressToHex(parseAddressOrThrow('0.0.0.1'))).toBe('0x00000001')
    expect(addressToHex(v6)).toBe('0x20010db8000000000000000000000001')
  })

  test('bytes and binary grouped by octet or hextet', () => {
    expect(addressToByteList(v4)).toEqual([192, 168, 0, 1])
    expect(addressToBinary(v4)).toBe('11000000.10101000.00000000.00000001')
    expect(addressToBinary(v6)).toBe(
      '0010000000000001:0000110110111000:0000000000000000:0000000000000000:0000000000000000:0000000000000000:0000000000000000:0000000000000001'
    )
  })

  test('reverse pointer, as CPython reverse_pointer', () => {
    expect(reversePointer(parseAddressOrThrow('127.0.0.1'))).toBe('1.0.0.127.in-addr.arpa')
    expect(reversePointer(v6)).toBe('1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa')
    // A mapped address's dotted text is only presentation: its name is still 32 nibbles.
    expect(reversePointer(parseAddressOrThrow('::ffff:192.0.2.1'))).toBe('1.0.2.0.0.0.0.c.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa')
    // A zone is not part of a DNS name.
    expect(reversePointer(parseAddressOrThrow('fe80::1%eth0'))).toBe('1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.e.f.ip6.arpa')
  })

  test('addressForms gathers them', () => {
    expect(addressForms(parseAddressOrThrow('::ffff:10.0.0.1%en0'))).toEqual({
      version: 6,
      compressed: '::ffff:10.0.0.1%en0',
      exploded: '0000:0000:0000:0000:0000:ffff:10.0.0.1%en0',
      integer: '281470849515521',
      hex: '0x00000000000000000000ffff0a000001',
      bytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 10, 0, 0, 1],
      binary: expect.stringMatching(/^(0{16}:){5}1{16}:0000101000000000:0000000000000001$/),
      reversePointer: '1.0.0.0.0.0.a.0.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa',
      zone: 'en0',
      ipv4Mapped: '10.0.0.1'
    })
  })
})
