// Names as typed and as carried: what a user is told about a bad name, IDNA, dig's escapes, compression pointers
// (loops refused), label counts for RRSIG, and reverse names for -x.
import { describe, expect, it } from 'vitest'
import { WirebenchError } from '../errors'
import { canonicalName, checkName, fqdn, labelCount, nameToWire, readName } from './names'
import { reverseName } from './reverse'
import { typeCode, typeName, COMMON_TYPES, RCODES, className } from './types'

const err = (f: () => unknown): WirebenchError => {
  try {
    f()
  } catch (e) {
    if (e instanceof WirebenchError) return e
    throw e
  }
  throw new Error('did not throw')
}

describe('checkName', () => {
  it('accepts names with and without the trailing dot, underscores included', () => {
    expect(checkName(' example.com ')).toEqual({ ascii: 'example.com.', unicode: null })
    expect(checkName('_dmarc.example.com.')).toEqual({ ascii: '_dmarc.example.com.', unicode: null })
    expect(checkName('.').ascii).toBe('.')
  })

  it('turns Unicode into A-labels and keeps the Unicode form', () => {
    expect(checkName('bücher.example')).toEqual({ ascii: 'xn--bcher-kva.example.', unicode: 'bücher.example.' })
    expect(checkName('ПРИМЕР.испытание').ascii).toBe('xn--e1afmkfd.xn--80akhbyknj4f.')
  })

  it('says in words what is wrong', () => {
    const long = err(() => checkName(`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`))
    expect(long.code).toBe('DNS_BAD_NAME')
    expect(long.message).toMatch(/25\d characters; DNS allows at most 253 \(RFC 1035 §2\.3\.4\)/)
    const label = err(() => checkName(`www.${'x'.repeat(64)}.com`))
    expect(label.message).toMatch(/is 64 octets; a label may have at most 63/)
    expect(label.message).toContain('xxxx')
    expect(err(() => checkName('a..b')).message).toMatch(/empty label/)
    expect(err(() => checkName('')).code).toBe('DNS_BAD_NAME')
    expect(err(() => checkName('https://example.com/x')).message).toMatch(/is a URL; type only its host name/)
    expect(err(() => checkName('exa mple.com')).message).toMatch(/white space/)
  })
})

describe('names on the wire', () => {
  it('writes and reads escaped labels as dig prints them', () => {
    const wire = nameToWire('a\\.b.c\\\\d.\\032x.example.')
    expect([...wire.subarray(0, 4)]).toEqual([3, 0x61, 0x2e, 0x62])
    expect(readName(wire, 0).name).toBe('a\\.b.c\\\\d.\\032x.example.')
    expect(readName(Uint8Array.of(0), 0).name).toBe('.')
  })

  it('follows compression pointers and says where they went', () => {
    // example. at 0, www + pointer to 0 at 9
    const bytes = Uint8Array.of(7, ...new TextEncoder().encode('example'), 0, 3, 0x77, 0x77, 0x77, 0xc0, 0)
    const n = readName(bytes, 9)
    expect(n.name).toBe('www.example.')
    expect(n.end).toBe(15)
    expect(n.pointers).toEqual([{ offset: 13, target: 0 }])
  })

  it('refuses a pointer loop and a forward pointer with the byte offset', () => {
    const loop = Uint8Array.of(1, 0x61, 0xc0, 0)
    const e = err(() => readName(loop, 0))
    expect(e.code).toBe('DNS_MALFORMED')
    expect(e.message).toMatch(/^compression pointer loop at byte 2/)
    expect(err(() => readName(Uint8Array.of(0xc0, 2, 0), 0)).message).toMatch(/compression pointer loop at byte 0/)
    // Self-pointer
    expect(err(() => readName(Uint8Array.of(0, 0, 0xc0, 2), 2)).message).toMatch(/loop at byte 2/)
  })

  it('refuses names over 255 octets and too many pointers', () => {
    const parts: number[] = []
    for (let i = 0; i < 5; i++) parts.push(63, ...new Array(63).fill(0x61))
    parts.push(0)
    expect(err(() => readName(Uint8Array.from(parts), 0)).message).toMatch(/over 255 octets/)
    // a chain of 10 pointers, each to the one before
    const chain = [0]
    for (let i = 0; i < 10; i++) chain.push(0xc0, i === 0 ? 0 : 1 + (i - 1) * 2)
    expect(readName(Uint8Array.from(chain), chain.length - 2).pointers).toHaveLength(10)
    expect(err(() => readName(Uint8Array.from(chain), chain.length - 2, { maxPointers: 4 })).message).toMatch(/more than 4 compression pointers/)
  })

  it('counts labels without root or a leading wildcard, lower-cases ASCII only', () => {
    expect(labelCount('*.a.example.')).toBe(2)
    expect(labelCount('a.example')).toBe(2)
    expect(labelCount('.')).toBe(0)
    expect(canonicalName('WwW.ExAmple.COM')).toBe('www.example.com.')
    expect(fqdn('example.com')).toBe('example.com.')
    expect(fqdn('.')).toBe('.')
  })
})

describe('reverseName', () => {
  it('builds in-addr.arpa and ip6.arpa names', () => {
    expect(reverseName('192.0.2.1')).toBe('1.2.0.192.in-addr.arpa.')
    expect(reverseName('2001:db8::567:89ab')).toBe('b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.')
    expect(reverseName('::ffff:192.0.2.1')).toBe('1.0.2.0.0.0.0.c.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.ip6.arpa.')
    expect(err(() => reverseName('example.com')).code).toBe('INVALID_ADDRESS')
    expect(err(() => reverseName('300.1.1.1')).code).toBe('INVALID_ADDRESS')
  })
})

describe('the type table', () => {
  it('names types both ways, RFC 3597 form included', () => {
    expect(typeCode('https')).toBe(65)
    expect(typeCode('TYPE65280')).toBe(65280)
    expect(typeName(65280)).toBe('TYPE65280')
    expect(typeName(257)).toBe('CAA')
    expect(className(3)).toBe('CH')
    expect(className(42)).toBe('CLASS42')
    expect(err(() => typeCode('AAA')).code).toBe('DNS_BAD_TYPE')
    expect(err(() => typeCode('TYPE70000')).message).toMatch(/16 bits/)
    expect(COMMON_TYPES).toContain('DNSKEY')
    expect(RCODES[23]?.name).toBe('BADCOOKIE')
  })
})
