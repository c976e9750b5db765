// The shared TLS record parser against a real handshake on loopback: the 'tls-records' dissector labels what a Node
// TLS server actually sent, the chain capture still finds the certificates in TLS 1.2 and 1.3, and cut or random
// bytes give spans plus findings, never an exception.
import * as net from 'node:net'
import * as tls from 'node:tls'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dissect } from '../../shared/dissect'
import { type Span, spanEnd } from '../../shared/dissect/span'
import { findPemBlocks } from '../../shared/x509/pem'
import { connect } from '../tls'
import { extractSentChain } from './sent-chain'
import { intermediateCA, rootCA, serverCert } from '../testing/x509'
import type { IssuedCertificateResult } from './types'

let server: tls.Server
let port = 0
let leaf: IssuedCertificateResult
let inter: IssuedCertificateResult

beforeAll(async () => {
  const root = await rootCA('Records Root')
  inter = await intermediateCA('Records Intermediate', root)
  leaf = await serverCert('records.example.test', inter)
  server = tls.createServer({ cert: leaf.certPem + inter.certPem, key: leaf.keyPem as string }, (s) => s.end())
  server.on('tlsClientError', () => undefined)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as net.AddressInfo).port
}, 60_000)

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

async function handshake(version: tls.SecureVersion): Promise<{ received: Uint8Array; sent: Uint8Array; secret?: string }> {
  const conn = await connect({ host: '127.0.0.1', port, tls: { verify: false, minVersion: version, maxVersion: version }, tap: true, keylog: true, handshakeOnly: true })
  conn.socket.destroy()
  const secret = conn.keylog?.map((line) => /^SERVER_HANDSHAKE_TRAFFIC_SECRET [0-9a-f]+ ([0-9a-f]+)/i.exec(line)?.[1]).find(Boolean)
  return { received: new Uint8Array(conn.tap!.bytes('in')), sent: new Uint8Array(conn.tap!.bytes('out')), ...(secret ? { secret } : {}) }
}

const names = (spans: readonly Span[]): string[] => spans.flatMap((s) => [s.name, ...names(s.children ?? [])])
const der = (c: IssuedCertificateResult): Uint8Array => findPemBlocks(c.certPem)[0]!.der as Uint8Array

/** Top-level spans follow each other from byte 0 to the end; children stay inside their record. */
function expectTiled(spans: readonly Span[], length: number): void {
  let pos = 0
  for (const s of spans) {
    expect(s.offset).toBe(pos)
    for (const c of s.children ?? []) {
      expect(c.offset).toBeGreaterThanOrEqual(s.offset)
      expect(spanEnd(c)).toBeLessThanOrEqual(spanEnd(s))
    }
    pos = spanEnd(s)
  }
  expect(pos).toBe(length)
}

describe("the 'tls-records' dissector and the chain capture", () => {
  it('labels a TLS 1.2 server flight: record headers, then ServerHello, Certificate, ServerHelloDone', async () => {
    const { received, sent } = await handshake('TLSv1.2')
    const d = dissect('tls-records', received)
    expect(d.findings).toEqual([])
    expectTiled(d.spans, received.length)
    const first = d.spans[0]!
    expect(first).toMatchObject({ name: 'TLS record: Handshake', headerLength: 5 })
    expect(first.children!.slice(0, 3).map((c) => [c.name, c.value])).toEqual([
      ['Content type', '22 (Handshake)'],
      ['Version', 'TLS 1.2'],
      ['Length', String(((received[3] as number) << 8) | (received[4] as number))]
    ])
    const all = names(d.spans)
    expect(all).toEqual(expect.arrayContaining(['Handshake: ServerHello', 'Handshake: Certificate', 'Handshake: ServerHelloDone']))
    expect(names(dissect('tls-records', sent).spans)).toContain('Handshake: ClientHello')

    const chain = extractSentChain(received)
    expect(chain.version).toBe('TLSv1.2')
    expect(chain.certificates).toEqual([der(leaf), der(inter)])
  })

  it('shows a TLS 1.3 flight as ServerHello then encrypted records, and the capture decrypts the chain', async () => {
    const { received, secret } = await handshake('TLSv1.3')
    const d = dissect('tls-records', received)
    expectTiled(d.spans, received.length)
    expect(names(d.spans)).toContain('Handshake: ServerHello')
    expect(d.spans.some((s) => s.name === 'TLS record: Application data')).toBe(true)
    expect(names(d.spans)).not.toContain('Handshake: Certificate') // it is encrypted in 1.3
    const chain = extractSentChain(received, secret)
    expect(chain).toEqual({ version: 'TLSv1.3', certificates: [der(leaf), der(inter)] })
  })

  it('keeps the records before a cut and reports the one that was cut', async () => {
    const { received } = await handshake('TLSv1.2')
    const firstLength = 5 + (((received[3] as number) << 8) | (received[4] as number))
    const cut = received.subarray(0, firstLength + 20)
    const d = dissect('tls-records', cut)
    expectTiled(d.spans, cut.length)
    expect(d.spans).toHaveLength(2)
    expect(d.findings).toEqual([expect.objectContaining({ severity: 'error', code: 'TRUNCATED', span: { offset: firstLength, length: 20 } })])
    expect(() => extractSentChain(cut)).toThrow('Certificate message was not found')
  })

  it('says when the bytes are not TLS at all', () => {
    const d = dissect('tls-records', new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'))
    expect(d.findings[0]).toMatchObject({ code: 'NOT_TLS' })
    expect(d.spans).toEqual([{ offset: 0, length: 18, name: 'Not a TLS record' }])
  })

  it('never throws and stays in bounds on random bytes or records', () => {
    const recordish = fc
      .array(fc.tuple(fc.integer({ min: 20, max: 24 }), fc.uint8Array({ maxLength: 40 }), fc.nat(60)), { maxLength: 6 })
      .map((records) => Uint8Array.from(records.flatMap(([type, body, declared]) => [type, 3, 3, declared >> 8, declared & 0xff, ...body])))
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 200 }), recordish), (bytes) => {
        const d = dissect('tls-records', bytes)
        expectTiled(d.spans, bytes.length)
        for (const f of d.findings) if (f.span) expect(f.span.offset + f.span.length).toBeLessThanOrEqual(bytes.length)
      }),
      { numRuns: 400, seed: 11 }
    )
  })
})
