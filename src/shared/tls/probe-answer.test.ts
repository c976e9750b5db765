// ProbeReader against hand-made server answers: framing (records split across chunks, several messages in one
// record, one message across records), the TLS ≤ 1.2 flight up to ServerHelloDone, HelloRetryRequest, alerts,
// answers that are not TLS, and the caps that keep a hostile server from growing a probe.
import { describe, expect, test } from 'vitest'
import { ByteWriter, concatBytes, parseHex } from '../bytes'
import { PROBE_LIMITS, type ProbeAnswer, ProbeReader } from './probe-answer'
import { HRR_RANDOM } from './records'

const record = (type: number, body: Uint8Array, version = 0x0303): Uint8Array => new ByteWriter().u8(type).u16(version).u16(body.length).bytes(body).finish()
const message = (type: number, body: Uint8Array): Uint8Array => new ByteWriter().u8(type).u24(body.length).bytes(body).finish()
const ext = (type: number, data: Uint8Array): Uint8Array => new ByteWriter().u16(type).u16(data.length).bytes(data).finish()

function serverHello(o: { version?: number; suite?: number; random?: Uint8Array; extensions?: Uint8Array[]; sessionId?: Uint8Array }): Uint8Array {
  const w = new ByteWriter().u16(o.version ?? 0x0303).bytes(o.random ?? new Uint8Array(32).fill(9))
  const sid = o.sessionId ?? new Uint8Array(0)
  w.u8(sid.length).bytes(sid).u16(o.suite ?? 0xc02f).u8(0)
  if (o.extensions) {
    const block = concatBytes(o.extensions)
    w.u16(block.length).bytes(block)
  }
  return message(2, w.finish())
}

const certificateMsg = (certs: Uint8Array[]): Uint8Array => {
  const list = concatBytes(certs.map((c) => new ByteWriter().u24(c.length).bytes(c).finish()))
  return message(11, new ByteWriter().u24(list.length).bytes(list).finish())
}

function feed(reader: ProbeReader, bytes: Uint8Array, chunk = bytes.length): ProbeAnswer | undefined {
  let answer: ProbeAnswer | undefined
  for (let i = 0; i < bytes.length && !answer; i += chunk) answer = reader.push(bytes.subarray(i, i + chunk))
  return answer
}

const tls12Extensions = [ext(0xff01, Uint8Array.of(0)), ext(23, new Uint8Array(0)), ext(35, new Uint8Array(0)), ext(16, parseHex('0003026832')), ext(5, new Uint8Array(0)), ext(15, Uint8Array.of(1))]

describe('ProbeReader', () => {
  test('a ServerHello fed one byte at a time is read with its extensions', () => {
    const bytes = record(22, serverHello({ sessionId: new Uint8Array(32).fill(1), extensions: tls12Extensions }))
    const reader = new ProbeReader()
    const answer = feed(reader, bytes, 1)
    expect(answer?.kind).toBe('hello')
    if (answer?.kind !== 'hello') return
    const h = answer.hello
    expect(h).toMatchObject({ version: 0x0303, legacyVersion: 0x0303, suite: 0xc02f, compression: 0, helloRetryRequest: false, alpn: 'h2', secureRenegotiation: true, sessionTicket: true, extendedMasterSecret: true, heartbeat: true, statusRequest: true })
    expect(h.extensions).toEqual([0xff01, 23, 35, 16, 5, 15])
    expect(h.sessionId.length).toBe(32)
    expect(answer.bytes).toEqual(bytes)
  })

  test('renegotiation_info with data is not secure renegotiation of an initial handshake (RFC 5746 §3.4)', () => {
    const answer = feed(new ProbeReader(), record(22, serverHello({ extensions: [ext(0xff01, parseHex('0201 02'))] })))
    expect(answer?.kind === 'hello' && answer.hello.secureRenegotiation).toBe(false)
  })

  test('readOn: several messages in one record, one message across two records, stop at ServerHelloDone', () => {
    const cert = new Uint8Array(3000).fill(0x30)
    const prime = concatBytes([Uint8Array.of(0x00, 0xff), new Uint8Array(255).fill(0xab)]) // leading zero: still 2048 bits
    const ske = message(12, new ByteWriter().u16(prime.length).bytes(prime).u16(1).u8(2).u16(256).bytes(new Uint8Array(256)).u16(0x0804).u16(4).bytes(new Uint8Array(4)).finish())
    const ocsp = parseHex('3003 0a0100')
    const status = message(22, new ByteWriter().u8(1).u24(ocsp.length).bytes(ocsp).finish())
    const flight = concatBytes([serverHello({ suite: 0x009e }), certificateMsg([cert, cert.subarray(0, 100)]), status, ske, message(14, new Uint8Array(0))])
    const cut = 1500
    const bytes = concatBytes([record(22, flight.subarray(0, cut)), record(22, flight.subarray(cut))])
    const reader = new ProbeReader({ readOn: true })
    const answer = feed(reader, bytes, 700)
    expect(answer?.kind).toBe('hello')
    if (answer?.kind !== 'hello') return
    expect(answer.hello.certificates?.map((c) => c.length)).toEqual([3000, 100])
    expect(answer.hello.dhPrimeBits).toBe(2048)
    expect(answer.hello.serverSignatureScheme).toBe(0x0804)
    expect(answer.hello.certificateStatus).toEqual(ocsp)
    expect(reader.push(Uint8Array.of(1, 2, 3))).toBe(answer) // decided answers do not change
  })

  test('readOn: ECDHE curve, and no signature scheme claimed for TLS 1.0', () => {
    const point = new Uint8Array(65).fill(4)
    const ske = message(12, new ByteWriter().u8(3).u16(0x0018).u8(point.length).bytes(point).u16(128).bytes(new Uint8Array(128)).finish())
    const bytes = record(22, concatBytes([serverHello({ version: 0x0301, suite: 0xc013 }), ske, message(14, new Uint8Array(0))]), 0x0301)
    const answer = feed(new ProbeReader({ readOn: true }), bytes)
    expect(answer?.kind === 'hello' && answer.hello).toMatchObject({ version: 0x0301, ecdheCurve: 0x0018 })
    expect(answer?.kind === 'hello' && answer.hello.serverSignatureScheme).toBeUndefined()
  })

  test('readOn ends at a TLS 1.3 ServerHello (the rest is encrypted) and a cut-off flight still gives the hello', () => {
    const sh13 = serverHello({ extensions: [ext(43, parseHex('0304')), ext(51, concatBytes([parseHex('001d 0020'), new Uint8Array(32)]))], suite: 0x1301 })
    const answer = feed(new ProbeReader({ readOn: true }), record(22, sh13))
    expect(answer?.kind === 'hello' && answer.hello).toMatchObject({ version: 0x0304, legacyVersion: 0x0303, keyShareGroup: 0x001d, selectedGroup: null })
    const reader = new ProbeReader({ readOn: true })
    expect(feed(reader, record(22, concatBytes([serverHello({}), certificateMsg([new Uint8Array(10)])])))).toBeUndefined()
    const ended = reader.end()
    expect(ended.kind === 'hello' && ended.hello.certificates?.length).toBe(1)
  })

  test('a HelloRetryRequest is told apart by its special random (RFC 8446 §4.1.3) and names the group asked for', () => {
    const hrr = serverHello({ random: parseHex(HRR_RANDOM), suite: 0x1301, extensions: [ext(43, parseHex('0304')), ext(51, parseHex('0018'))] })
    const answer = feed(new ProbeReader({ readOn: true }), record(22, hrr))
    expect(answer?.kind === 'hello' && answer.hello).toMatchObject({ helloRetryRequest: true, selectedGroup: 0x0018, keyShareGroup: null, version: 0x0304 })
  })

  test('an alert is named as RFC 8446 §6 names it, even split across records', () => {
    const answer = feed(new ProbeReader(), concatBytes([record(21, Uint8Array.of(2)), record(21, Uint8Array.of(40))]))
    expect(answer).toMatchObject({ kind: 'alert', level: 2, description: 40, name: 'handshake_failure' })
    expect(feed(new ProbeReader(), record(21, Uint8Array.of(2, 70), 0x0301))).toMatchObject({ kind: 'alert', name: 'protocol_version' })
  })

  test('a warning unrecognized_name before the ServerHello does not end the probe (RFC 6066 §3), but is the answer if nothing follows', () => {
    const warned = concatBytes([record(21, Uint8Array.of(1, 112)), record(22, serverHello({}))])
    expect(feed(new ProbeReader(), warned, 3)).toMatchObject({ kind: 'hello' })
    const only = new ProbeReader()
    expect(only.push(record(21, Uint8Array.of(1, 112)))).toBeUndefined()
    expect(only.end()).toMatchObject({ kind: 'alert', level: 1, description: 112, name: 'unrecognized_name' })
    expect(new ProbeReader().push(record(21, Uint8Array.of(1, 112, 2, 40)))).toMatchObject({ kind: 'alert', level: 2, name: 'handshake_failure' })
  })

  test('HTTP, SSL 2.0 and garbage are not TLS, decided from the first bytes', () => {
    const http = new ProbeReader().push(new TextEncoder().encode('HTTP/1.1 400 Bad Request\r\nServer: nginx\r\n\r\n'))
    expect(http).toMatchObject({ kind: 'not_tls' })
    expect(http?.kind === 'not_tls' && http.detail).toMatch(/plain HTTP \("HTTP\/1.1 400 Bad Request"\)/)
    const ssl2 = new ProbeReader().push(parseHex('8301 04 00 01 0002'))
    expect(ssl2?.kind === 'not_tls' && ssl2.detail).toMatch(/SSL 2.0 SERVER-HELLO/)
    expect(new ProbeReader().push(new TextEncoder().encode('SSH-2.0-OpenSSH_9.2\r\n'))).toMatchObject({ kind: 'not_tls', detail: expect.stringMatching(/SSH-2.0/) })
    expect(new ProbeReader().push(parseHex('16 07 01 00 04'))).toMatchObject({ kind: 'not_tls' })
    expect(new ProbeReader().push(record(23, new Uint8Array(10)))).toMatchObject({ kind: 'not_tls', detail: expect.stringMatching(/application data/) })
    expect(new ProbeReader().push(record(22, message(11, new Uint8Array(3))))).toMatchObject({ kind: 'not_tls', detail: expect.stringMatching(/not a ServerHello/) })
    expect(new ProbeReader().push(parseHex('16 03 03 ff ff'))).toMatchObject({ kind: 'not_tls', detail: expect.stringMatching(/2\^14/) })
  })

  test('caps: more than 64 records, or 256 kB without a ServerHello, are not TLS with words', () => {
    const empties = concatBytes(Array.from({ length: PROBE_LIMITS.records + 1 }, () => record(22, new Uint8Array(0))))
    expect(new ProbeReader().push(empties)).toMatchObject({ kind: 'not_tls', detail: expect.stringMatching(/more than 64 records/) })
    // A ServerHello that declares 16 MB and keeps coming in full-size records.
    const reader = new ProbeReader()
    let answer = reader.push(record(22, concatBytes([parseHex('02 ff ff ff'), new Uint8Array(16_000)])))
    for (let i = 0; i < 40 && !answer; i++) answer = reader.push(record(22, new Uint8Array(16_000)))
    expect(answer).toMatchObject({ kind: 'not_tls', detail: expect.stringMatching(/more than 256 kB/) })
    expect(answer!.bytes.length).toBe(PROBE_LIMITS.bytes)
  })

  test('a malformed ServerHello is not taken for an answer', () => {
    const broken = message(2, parseHex('0303 0102'))
    expect(new ProbeReader().push(record(22, broken))).toMatchObject({ kind: 'not_tls', detail: expect.stringMatching(/ServerHello cannot be read/) })
  })

  test('closed and timed out, with what had arrived', () => {
    expect(new ProbeReader().end()).toMatchObject({ kind: 'closed', detail: expect.stringMatching(/without answering/) })
    const r = new ProbeReader()
    expect(r.push(parseHex('16 03 03 00 40 02'))).toBeUndefined()
    expect(r.timeout(5000)).toMatchObject({ kind: 'timeout', detail: expect.stringMatching(/within 5000 ms \(6 bytes/) })
    expect(r.end().kind).toBe('timeout')
  })
})
