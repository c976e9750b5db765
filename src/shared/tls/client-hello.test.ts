// The scanner's ClientHello checked byte by byte against each extension's RFC encoding, and read back by the
// project's own ClientHello dissector (handshake-hello.ts) as a second, independent reader.
import { describe, expect, test } from 'vitest'
import { toHex } from '../bytes'
import { type ClientHelloSpec, buildClientHello } from './client-hello'
import { parseHandshakeMessage } from './handshake'

const random = Uint8Array.from({ length: 32 }, (_, i) => i + 1)
const hello = (spec: Omit<ClientHelloSpec, 'random'>): Uint8Array => buildClientHello({ ...spec, random })

/** The record's handshake message, and the ClientHello as our dissector reads it. */
function read(record: Uint8Array) {
  const length = (record[3]! << 8) | record[4]!
  expect(record.length).toBe(5 + length)
  expect(record[0]).toBe(22)
  const msg = record.subarray(5)
  const parsed = parseHandshakeMessage(msg, { tls13: false, from: 'client' })
  expect(parsed.findings.filter((f) => f.severity === 'error')).toEqual([])
  return { msg, ch: parsed.clientHello! }
}

/** Extension type → its data bytes as hex, walked straight from the bytes (not through the dissector). */
function extensionMap(record: Uint8Array): Map<number, string> {
  const b = record.subarray(9)
  let p = 2 + 32
  p += 1 + b[p]!
  p += 2 + ((b[p]! << 8) | b[p + 1]!)
  p += 1 + b[p]!
  const out = new Map<number, string>()
  if (p === b.length) return out
  const end = p + 2 + ((b[p]! << 8) | b[p + 1]!)
  expect(end).toBe(b.length)
  p += 2
  while (p < end) {
    const type = (b[p]! << 8) | b[p + 1]!
    const len = (b[p + 2]! << 8) | b[p + 3]!
    out.set(type, toHex(b.subarray(p + 4, p + 4 + len), ''))
    p += 4 + len
  }
  expect(p).toBe(end)
  return out
}

describe('buildClientHello', () => {
  test('a TLS 1.3 hello says 0x0303 outside and TLS 1.3 in supported_versions, with an x25519 share (RFC 8446 §4.1.2)', () => {
    const key = new Uint8Array(32).fill(7)
    const record = hello({ version: 0x0304, suites: [0x1301, 0x1302, 0x1303], sni: 'example.com', groups: [0x001d, 0x0017], keyShares: [{ group: 0x001d, key }], alpn: ['h2', 'http/1.1'] })
    expect(toHex(record.subarray(0, 3), '')).toBe('160301')
    const { ch } = read(record)
    expect(ch.legacyVersion).toBe(0x0303)
    expect(ch.supportedVersions).toEqual([0x0304])
    expect(ch.random).toEqual(random)
    expect(ch.sessionId.length).toBe(32) // compatibility mode, RFC 8446 §D.4
    expect(ch.sessionId).not.toEqual(random)
    expect(ch.cipherSuites).toEqual([0x1301, 0x1302, 0x1303])
    expect(ch.serverName).toBe('example.com')
    expect(ch.groups).toEqual([0x001d, 0x0017])
    expect(ch.keyShares).toEqual([{ group: 0x001d, length: 32 }])
    expect(ch.alpn).toEqual(['h2', 'http/1.1'])
    expect(ch.pskModes).toEqual([1])
    expect(ch.signatureSchemes).toContain(0x0804)
    expect(ch.signatureSchemes).toContain(0x0201) // legacy rsa_pkcs1_sha1 offered on purpose
    const ext = extensionMap(record)
    expect(ext.get(51)).toBe(`0024001d0020${'07'.repeat(32)}`)
    expect(ext.get(43)).toBe('020304')
    expect(ext.get(45)).toBe('0101')
    expect(ext.get(16)).toBe('000c02683208687474702f312e31')
  })

  test('each extension is encoded as its RFC says', () => {
    const record = hello({ version: 0x0303, suites: [0xc02f, 0x009e, 0x00ff], sni: 'a.example.', groups: [0x0017], signatureAlgorithms: [0x0401, 0x0201], statusRequest: true, sessionTicket: true, renegotiationInfo: true, extendedMasterSecret: true, encryptThenMac: true, heartbeat: true })
    const ext = extensionMap(record)
    // RFC 6066 §3: list length, name_type host_name(0), name length, ASCII name without the trailing dot.
    expect(ext.get(0)).toBe(`000c00000961${toHex(new TextEncoder().encode('.example'), '')}`)
    expect(ext.get(5)).toBe('0100000000') // RFC 6066 §8: ocsp, empty responder ids and extensions
    expect(ext.get(10)).toBe('00020017') // RFC 8422 §5.1.1
    expect(ext.get(11)).toBe('0100') // RFC 8422 §5.1.2: uncompressed only
    expect(ext.get(13)).toBe('000404010201') // RFC 8446 §4.2.3 / RFC 5246 §7.4.1.4.1
    expect(ext.get(15)).toBe('01') // RFC 6520 §2: peer_allowed_to_send
    expect(ext.get(22)).toBe('') // RFC 7366
    expect(ext.get(23)).toBe('') // RFC 7627
    expect(ext.get(35)).toBe('') // RFC 5077
    expect(ext.get(0xff01)).toBe('00') // RFC 5746 §3.2: empty renegotiated_connection
    expect(ext.has(43)).toBe(false)
    expect(ext.has(51)).toBe(false)
    const { ch } = read(record)
    expect(ch.legacyVersion).toBe(0x0303)
    expect(ch.cipherSuites).toEqual([0xc02f, 0x009e, 0x00ff])
    expect(ch.sessionId.length).toBe(0)
  })

  test('SSL 3.0: record and hello version 0x0300 and no extensions block at all (RFC 6101 §5.6.1.2)', () => {
    const record = hello({ version: 0x0300, suites: [0x000a, 0x0005, 0xc013] })
    expect(toHex(record.subarray(0, 3), '')).toBe('160300')
    expect(toHex(record.subarray(9, 11), '')).toBe('0300')
    expect(extensionMap(record).size).toBe(0)
    // 2 + 32 + 1 + (2 + 6) + 2 bytes: the hello ends right after the compression methods.
    expect(record.length).toBe(5 + 4 + 45)
    expect(read(record).ch.extensions).toEqual([])
  })

  test('TLS 1.0/1.1 hellos leave out signature_algorithms (RFC 5246 §7.4.1.4.1) and supported_versions', () => {
    const record = hello({ version: 0x0301, suites: [0xc013, 0x002f], sni: 'host.test' })
    expect([...extensionMap(record).keys()]).toEqual([0, 10, 11])
    const { groups } = read(record).ch
    expect(groups).toContain(0x001d) // an ECC suite brings default groups, ECC only (RFC 7919 §4)
    expect(groups.filter((g) => g >= 0x0100 && g <= 0x01ff)).toEqual([])
    const plain = extensionMap(hello({ version: 0x0302, suites: [0x002f] }))
    expect(plain.size).toBe(0)
  })

  test('a TLS 1.3 hello without key shares sends an empty key_share, asking for a HelloRetryRequest (RFC 8446 §4.2.8)', () => {
    const record = hello({ version: 0x0304, suites: [0x1301] })
    expect(extensionMap(record).get(51)).toBe('0000')
    expect(read(record).ch.groups).toContain(0x0100) // TLS 1.3 defaults include RFC 7919 groups
  })

  test('padding (RFC 7685) brings the record to the asked length exactly, and only when short', () => {
    const padded = hello({ version: 0x0303, suites: [0x002f], padTo: 512 })
    expect(padded.length).toBe(512)
    expect(extensionMap(padded).get(21)).toMatch(/^(00)+$/)
    read(padded)
    const withExt = hello({ version: 0x0304, suites: [0x1301], sni: 'x.test', padTo: 600 })
    expect(withExt.length).toBe(600)
    const big = hello({ version: 0x0303, suites: Array.from({ length: 300 }, (_, i) => i + 1), padTo: 512 })
    expect(extensionMap(big).has(21)).toBe(false)
  })

  test('IP literals get no server_name (RFC 6066 §3)', () => {
    expect(extensionMap(hello({ version: 0x0303, suites: [0x002f], sni: '127.0.0.1', renegotiationInfo: true })).has(0)).toBe(false)
    expect(extensionMap(hello({ version: 0x0303, suites: [0x002f], sni: '[::1]', renegotiationInfo: true })).has(0)).toBe(false)
  })

  test('specs no record can carry are refused with words', () => {
    expect(() => buildClientHello({ version: 0x0303, suites: [0x002f], random: new Uint8Array(16) })).toThrow(/32 bytes/)
    expect(() => hello({ version: 0x0303, suites: [] })).toThrow(/cipher suites/)
    expect(() => hello({ version: 0x0303, suites: [0x002f], alpn: ['x'.repeat(256)] })).toThrow(/RFC 7301/)
    expect(() => hello({ version: 0x0303, suites: [0x002f], sni: 'bad name' })).toThrow(/RFC 6066/)
    expect(() => hello({ version: 0x0304, suites: [0x1301], keyShares: [{ group: 0x11ec, key: new Uint8Array(20_000) }] })).toThrow(/at most/)
  })

  test('every IANA suite at once still fits one record', () => {
    const all = Array.from({ length: 352 }, (_, i) => i)
    const record = hello({ version: 0x0304, supportedVersions: [0x0304, 0x0303, 0x0302, 0x0301], suites: all, sni: 'example.org', statusRequest: true, padTo: 512 })
    const { ch } = read(record)
    expect(ch.cipherSuites.length).toBe(352)
    expect(ch.supportedVersions).toEqual([0x0304, 0x0303, 0x0302, 0x0301])
  })
})
