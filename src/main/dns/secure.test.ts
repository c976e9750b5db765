// DNS over TLS and over HTTPS against unbound on loopback with a test certificate: verified with our CA, refused in
// words without it, read anyway (with a finding) when verification is off; DoH GET and POST; HTTP errors and a wrong
// content type as DNS_HTTP_STATUS; cancelling while unbound waits on a silent upstream; no socket left open.
import http2 from 'node:http2'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_QUERY_OPTIONS, type QueryOptions, type ResolverSpec } from '../../shared/dns/model'
import { WirebenchError } from '../../shared/errors'
import { parseResolver } from '../../shared/dns/resolvers'
import type { IssuedCertificateResult } from '../x509/types'
import { rootCA, serverCert } from '../testing/x509'
import { type UnboundServer, startUnbound } from '../testing/unbound'
import { type HostileDns, startHostileDns } from '../testing/dns-hostile'
import { queryOnce } from './query'

const options: QueryOptions = { ...DEFAULT_QUERY_OPTIONS, timeoutMs: 3000 }
const question = { name: 'www.example.test', type: 'A' }

async function failure(p: Promise<unknown>): Promise<WirebenchError> {
  try {
    await p
  } catch (err) {
    if (err instanceof WirebenchError) return err
    throw err
  }
  throw new Error('expected the query to fail')
}

function socketCount(): number {
  return process.getActiveResourcesInfo().filter((r) => /UDP|TCP|TLS|Pipe|Http2/i.test(r)).length
}

let ca: IssuedCertificateResult
let leaf: IssuedCertificateResult
let unbound: UnboundServer
let stalled: UnboundServer
let silent: HostileDns
let wrongType: http2.Http2SecureServer
let wrongTypePort: number

beforeAll(async () => {
  ca = await rootCA('Wirebench DNS Test CA')
  leaf = await serverCert('dns.test', ca, { names: ['dns.test', '127.0.0.1'] })
  silent = await startHostileDns('silent')
  ;[unbound, stalled] = await Promise.all([
    startUnbound({ certPem: leaf.certPem, keyPem: leaf.keyPem! }),
    startUnbound({ certPem: leaf.certPem, keyPem: leaf.keyPem!, forwardTo: { address: silent.address, port: silent.port } })
  ])
  // A DoH endpoint that answers 200 with HTML: what a captive portal or a wrong URL looks like.
  wrongType = http2.createSecureServer({ cert: leaf.certPem, key: leaf.keyPem! }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' })
    res.end('<html>login first</html>')
  })
  await new Promise<void>((r) => wrongType.listen(0, '127.0.0.1', () => r()))
  wrongTypePort = (wrongType.address() as AddressInfo).port
}, 30_000)

afterAll(async () => {
  await Promise.all([unbound?.stop(), stalled?.stop(), silent?.stop(), new Promise<void>((r) => (wrongType ? wrongType.close(() => r()) : r()))])
})

const dot = (port: number, name?: string): ResolverSpec => parseResolver(`tls://127.0.0.1:${port}${name ? `#${name}` : ''}`)
const doh = (url: string, method: 'GET' | 'POST'): ResolverSpec => parseResolver(url, 'udp', method)

describe('DNS over TLS (RFC 7858)', () => {
  it('answers through a verified TLS connection and shows the certificate', async () => {
    const r = await queryOnce(dot(unbound.dotPort, 'dns.test'), question, options, { caPem: ca.certPem })
    expect(r.message.answers.map((a) => a.data)).toEqual(['192.0.2.10'])
    expect(r.transport).toBe('tls')
    expect(r.server).toBe(`127.0.0.1#${unbound.dotPort} (TLS)`)
    expect(r.tls).toMatchObject({ protocol: 'TLSv1.3', authorized: true, authorizationError: null, subject: 'CN=dns.test' })
    expect(r.tls!.issuer).toMatch(/Wirebench DNS Test CA/)
    expect(r.tls!.chainBase64.length).toBeGreaterThanOrEqual(1)
    expect(r.attempts[0]!.localPort).toBeGreaterThan(0)
  })

  it('refuses an untrusted certificate in words, before any query is sent', async () => {
    const e = await failure(queryOnce(dot(unbound.dotPort), question, options, {}))
    expect(e.code).toMatch(/^CERT_/)
    expect(e.message).toMatch(/Wirebench DNS Test CA.*not trusted/)
  })

  it('refuses a certificate for another name (the name after #)', async () => {
    const e = await failure(queryOnce(dot(unbound.dotPort, 'other.test'), question, options, { caPem: ca.certPem }))
    expect(e.code).toBe('HOSTNAME_MISMATCH')
  })

  it('reads the answer with verification off, and says what would have failed', async () => {
    const r = await queryOnce(dot(unbound.dotPort), question, options, { verify: false })
    expect(r.message.answers.map((a) => a.data)).toEqual(['192.0.2.10'])
    expect(r.tls).toMatchObject({ authorized: false, authorizationError: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' })
    expect(r.findings.find((f) => f.code === 'CERT_NOT_VERIFIED')?.message).toMatch(/Verification was turned off/)
  })
})

describe('DNS over HTTPS (RFC 8484)', () => {
  it.each(['GET', 'POST'] as const)('answers a %s with ID 0 over HTTP/2', async (method) => {
    const r = await queryOnce(doh(unbound.dohUrl, method), { name: 'example.test', type: 'MX' }, options, { caPem: ca.certPem })
    expect(r.message.answers.map((a) => a.data)).toEqual(['10 mail.example.test.'])
    expect(r.message.id).toBe(0)
    expect(r.attempts[0]!.outcome).toBe(`answered (HTTP 200, ${method})`)
    expect(r.tls?.authorized).toBe(true)
  })

  it('turns an HTTP error status into DNS_HTTP_STATUS with the status', async () => {
    const e = await failure(queryOnce(doh(unbound.dohUrl.replace('/dns-query', '/nothing-here'), 'GET'), question, options, { caPem: ca.certPem }))
    expect(e.code).toBe('DNS_HTTP_STATUS')
    expect(e.message).toMatch(/answered HTTP 404 instead of a DNS message/)
  })

  it('refuses a 200 answer that is not application/dns-message', async () => {
    const e = await failure(queryOnce(doh(`https://127.0.0.1:${wrongTypePort}/dns-query`, 'GET'), question, options, { caPem: ca.certPem }))
    expect(e.code).toBe('DNS_HTTP_STATUS')
    expect(e.message).toMatch(/content-type "text\/html", not application\/dns-message/)
  })

  it('refuses an untrusted certificate as DoT does', async () => {
    const e = await failure(queryOnce(doh(unbound.dohUrl, 'POST'), question, options, {}))
    expect(e.message).toMatch(/not trusted/)
  })
})

describe('cancelling an encrypted query', () => {
  it.each(['tls', 'https'] as const)('stops at once over %s while the server waits on its upstream, leaving no socket', async (transport) => {
    const before = socketCount()
    const controller = new AbortController()
    const spec = transport === 'tls' ? dot(stalled.dotPort) : doh(stalled.dohUrl, 'GET')
    const t0 = Date.now()
    const p = queryOnce(spec, { name: 'slow.example', type: 'A' }, { ...options, timeoutMs: 10_000 }, { signal: controller.signal, caPem: ca.certPem })
    setTimeout(() => controller.abort(), 300)
    const e = await failure(p)
    expect(e.code).toBe('CANCELLED')
    expect(Date.now() - t0).toBeLessThan(2000)
    for (let i = 0; i < 50 && socketCount() > before; i++) await new Promise((r) => setTimeout(r, 20))
    expect(socketCount()).toBeLessThanOrEqual(before)
  })
})
