// The scan engine against real servers on 127.0.0.1 (Debian's nginx and openssl s_server in known configurations)
// and against hostile ones (silent, garbage, closing, a ServerHello with a suite never offered): what a user reads in
// the result — protocols, suites in server order, preference, groups, DH size, ALPN, stapling, HSTS, certificate —
// and that limits, cancellation and the session cache behave.
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { MOZILLA_INTERMEDIATE_CIPHERS, MOZILLA_OLD_CIPHERS, type ScanServer, startScanNginx, startScanOpenssl } from '../../testing/tls-scan-servers'
import { clearScanCache, parseHsts, scanTls, scanToMarkdown } from './index'

const cleanups: (() => Promise<void> | void)[] = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await c()
})

async function server(s: Promise<ScanServer>): Promise<ScanServer> {
  const up = await s
  cleanups.push(() => up.stop())
  return up
}

// a generous per-probe budget, so a loaded CI machine never turns a slow answer into "not offered" (speed is bench/'s
// business: bench/tls-scan/run.mjs, not a timed test)
const scanOf = (s: ScanServer, more: Partial<Parameters<typeof scanTls>[0]> = {}) => scanTls({ host: s.host, port: s.port, sni: s.sni, rootsPem: [s.caPem], fresh: true, timeoutMs: 15_000, ...more })

/** A TCP server on 127.0.0.1 doing `onSocket` with each connection. */
async function rawServer(onSocket: (s: Socket) => void): Promise<number> {
  const sockets = new Set<Socket>()
  const srv: Server = createServer((s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
    s.on('error', () => undefined)
    onSocket(s)
  })
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  cleanups.push(() => {
    for (const s of sockets) s.destroy()
    return new Promise<void>((r) => srv.close(() => r()))
  })
  return (srv.address() as AddressInfo).port
}

/** A TLS 1.2 ServerHello record choosing `suite`, whatever was offered (RFC 5246 §7.4.1.3 layout, no extensions). */
function serverHello(suite: number): Buffer {
  const body = Buffer.concat([Buffer.from([3, 3]), Buffer.alloc(32, 7), Buffer.from([0, suite >> 8, suite & 0xff, 0])])
  const hs = Buffer.concat([Buffer.from([2, 0, body.length >> 8, body.length & 0xff]), body])
  return Buffer.concat([Buffer.from([22, 3, 3, hs.length >> 8, hs.length & 0xff]), hs])
}

describe('real servers', () => {
  it('nginx intermediate (RSA, stapling, HSTS): TLS 1.2 and 1.3 only, the six RSA suites, client order, x25519, DH 2048, ALPN, staple, HSTS, valid certificate', async () => {
    // Mozilla 5.8's intermediate list plus the DHE suites 5.7 had, so the DH prime is read too
    const s = await server(startScanNginx({ profile: 'intermediate', stapling: true, hsts: true, ciphers: `${MOZILLA_INTERMEDIATE_CIPHERS}:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305` }))
    const phases: string[] = []
    const r = await scanTls({ host: s.host, port: s.port, sni: s.sni, rootsPem: [s.caPem], fresh: true, timeoutMs: 15_000 }, { onProgress: (p) => phases.push(p.phase) })
    expect(r.protocols).toEqual({ SSLv3: false, 'TLSv1.0': false, 'TLSv1.1': false, 'TLSv1.2': true, 'TLSv1.3': true })
    expect(new Set(r.ciphers['TLSv1.2'])).toEqual(
      new Set(['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256', 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_DHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256'])
    )
    expect(new Set(r.ciphers['TLSv1.3'])).toEqual(new Set(['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256']))
    // ssl_prefer_server_ciphers off applies to TLS 1.3 too (OpenSSL's SSL_OP_CIPHER_SERVER_PREFERENCE)
    expect(r.serverPreferenceBy).toEqual({ 'TLSv1.2': false, 'TLSv1.3': false })
    expect(r.serverPreference).toBe(false)
    expect(r.groups).toContain('x25519')
    expect(r.groupDetails.some((g) => g.via === 'tls12_ecdhe' && g.name === 'secp256r1')).toBe(true)
    expect(r.suites['TLSv1.2']?.find((x) => x.name.startsWith('TLS_DHE_'))?.dhBits).toBe(2048)
    expect(r.signatureAlgorithms).toContain('rsa_pss_rsae_sha256')
    expect(r.alpn).toEqual(['h2', 'http/1.1'])
    expect(r.ocspStapling).toBe(true)
    expect(r.hsts).toMatchObject({ maxAge: 63072000, includeSubDomains: true, preload: false })
    expect(r.fallbackScsv).toBe(true)
    // ssl_session_cache gives session ids, OpenSSL's default tickets the session_ticket extension
    expect(r.sessionResumption).toEqual({ tickets: true, ids: true })
    expect(r.secureRenegotiation).toBe(true)
    expect(r.compression).toBe(false)
    expect(r.heartbeat).toBe(false)
    expect(r.certificate).toMatchObject({ valid: true, hostMatch: true, keyAlgorithm: 'RSA', keyBits: 2048, subject: 'CN=scan.test' })
    expect(r.grade).toMatch(/^A/)
    // every finding names its evidence, which names a probe
    for (const f of r.findings) expect(f.evidence?.[0]?.probe, f.code).toBeTruthy()
    expect(r.evidence?.['TLSv1.0']?.[0]?.answer).toMatch(/alert|closed|not accepted/)
    expect(phases).toContain('done')
    expect(r.probes).toBeGreaterThan(20)
    const md = scanToMarkdown(r)
    expect(md).toContain('| TLSv1.0 | no |')
    expect(md).toContain('TLS_DHE_RSA_WITH_AES_128_GCM_SHA256')
  }, 20_000)

  it('nginx modern (TLS 1.3 only, ECDSA): what TLS 1.3 encrypts comes from one real handshake, said so in the evidence', async () => {
    const s = await server(startScanNginx({ profile: 'modern', stapling: true }))
    const r = await scanOf(s, { hsts: false })
    expect(r.protocols).toEqual({ SSLv3: false, 'TLSv1.0': false, 'TLSv1.1': false, 'TLSv1.2': false, 'TLSv1.3': true })
    expect(r.ciphers['TLSv1.2']).toBeUndefined()
    expect(r.serverPreferenceBy['TLSv1.3']).toBe(false)
    expect(r.certificate).toMatchObject({ valid: true, keyAlgorithm: 'EC P-256' })
    expect(r.ocspStapling).toBe(true)
    expect(r.evidence?.ocspStapling?.[0]?.answer).toMatch(/local TLS library/)
    expect(r.alpn).toEqual(['h2', 'http/1.1'])
    expect(r.fallbackScsv).toBeNull()
    expect(r.hsts).toBeNull()
  }, 20_000)

  // Debian's OpenSSL 3.0 has no 3DES at all (not even at SECLEVEL 0), so the old profile's DES-CBC3-SHA is absent.
  it('nginx old (TLS 1.0–1.3, DH 1024, server order): legacy versions with only pre-TLS 1.2 suites, server order read off', async () => {
    // Mozilla 5.8's old list has no DHE suite: one is appended (last in the server's order) for the DH size
    const s = await server(startScanNginx({ profile: 'old', dhBits: 1024, ciphers: `${MOZILLA_OLD_CIPHERS}:DHE-RSA-AES128-SHA` }))
    const r = await scanOf(s, { hsts: false })
    expect(r.protocols['TLSv1.0']).toBe(true)
    expect(r.protocols['TLSv1.1']).toBe(true)
    expect(r.protocols.SSLv3).toBe(false)
    expect(new Set(r.ciphers['TLSv1.0'])).toEqual(new Set(['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA', 'TLS_RSA_WITH_AES_128_CBC_SHA', 'TLS_RSA_WITH_AES_256_CBC_SHA', 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA']))
    expect(r.ciphers['TLSv1.0']?.some((n) => /GCM|SHA256|SHA384/.test(n))).toBe(false)
    expect(r.serverPreferenceBy['TLSv1.2']).toBe(true)
    // the old profile's own order: ECDHE-RSA-AES128-GCM-SHA256 heads it for an RSA key
    expect(r.ciphers['TLSv1.2']?.[0]).toBe('TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256')
    expect(r.ciphers['TLSv1.2']?.slice(3, 5)).toEqual(['TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA'])
    expect(r.ciphers['TLSv1.2']?.slice(-2)).toEqual(['TLS_RSA_WITH_AES_256_CBC_SHA', 'TLS_DHE_RSA_WITH_AES_128_CBC_SHA'])
    expect(r.suites['TLSv1.2']?.find((x) => x.name.startsWith('TLS_DHE_'))?.dhBits).toBe(1024)
    // the DH size rule is RFC 9325 §4.5 (Public Key Length), not §4.1
    expect(r.findings.find((f) => f.code === 'WEAK_DH')?.message).toMatch(/1024-bit prime .*RFC 9325 §4\.5/)
  }, 20_000)

  it('openssl s_server -serverpref: the exact server order; without it, client order', async () => {
    const order = 'ECDHE-RSA-AES256-GCM-SHA384:AES128-SHA:ECDHE-RSA-AES128-SHA:DHE-RSA-AES128-GCM-SHA256'
    const names = ['TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384', 'TLS_RSA_WITH_AES_128_CBC_SHA', 'TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA', 'TLS_DHE_RSA_WITH_AES_128_GCM_SHA256']
    const [pref, client] = await Promise.all([server(startScanOpenssl({ cipher: order, serverPreference: true, noTls13: true })), server(startScanOpenssl({ cipher: order, noTls13: true }))])
    const [a, b] = await Promise.all([scanOf(pref, { hsts: false }), scanOf(client, { hsts: false })])
    expect(a.protocols['TLSv1.3']).toBe(false)
    expect(a.ciphers['TLSv1.2']).toEqual(names)
    expect(a.serverPreference).toBe(true)
    expect(new Set(b.ciphers['TLSv1.2'])).toEqual(new Set(names))
    expect(b.serverPreference).toBe(false)
  }, 20_000)
})

describe('hostile servers and limits', () => {
  it('a server that never answers: every probe times out, nothing is accepted, the scan ends', async () => {
    const port = await rawServer(() => undefined)
    const t = Date.now()
    const r = await scanTls({ host: '127.0.0.1', port, timeoutMs: 300, fresh: true })
    expect(Object.values(r.protocols).every((v) => v === false)).toBe(true)
    expect(r.evidence?.['TLSv1.2']?.[0]?.answer).toMatch(/timeout/)
    expect(Date.now() - t).toBeLessThan(3000)
  })

  it('garbage and an immediate close are "not accepted", with the bytes in the evidence', async () => {
    const garbage = await rawServer((s) => s.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n'))
    const closing = await rawServer((s) => s.destroy())
    const [g, c] = await Promise.all([scanTls({ host: '127.0.0.1', port: garbage, timeoutMs: 1000, fresh: true }), scanTls({ host: '127.0.0.1', port: closing, timeoutMs: 1000, hsts: false, fresh: true })])
    expect(Object.values(g.protocols).some(Boolean)).toBe(false)
    expect(g.evidence?.['TLSv1.2']?.[0]?.answer).toMatch(/not TLS/)
    expect(g.evidence?.['TLSv1.2']?.[0]?.bytesHex).toMatch(/^48545450/) // "HTTP"
    expect(Object.values(c.protocols).some(Boolean)).toBe(false)
    expect(c.evidence?.['TLSv1.3']?.[0]?.answer).toMatch(/closed/)
    // nothing was observed: no claim about a missing HSTS header or a Mozilla profile
    for (const r of [g, c]) {
      expect(r.findings.map((f) => f.code)).toContain('NO_TLS')
      expect(r.findings.map((f) => f.code)).not.toContain('NO_HSTS')
      expect(r.findings.map((f) => f.code)).not.toContain('MOZILLA_PROFILE')
    }
  })

  it('a ServerHello with a suite never offered is a finding, not a crash', async () => {
    const port = await rawServer((s) => s.once('data', () => s.end(serverHello(0xfefe))))
    const r = await scanTls({ host: '127.0.0.1', port, timeoutMs: 1000, hsts: false, fresh: true })
    expect(r.protocols['TLSv1.2']).toBe(false)
    const f = r.findings.find((x) => x.code === 'SUITE_NOT_OFFERED')
    expect(f?.message).toMatch(/RFC 5246 §7\.4\.1\.3/)
    expect(f?.evidence?.[0]?.bytesHex).toMatch(/^1603030/)
    expect(r.findings.some((x) => x.code === 'VERSION_NOT_OFFERED')).toBe(true)
  })

  it('connections per second are capped', async () => {
    const port = await rawServer((s) => s.destroy())
    const r = await scanTls({ host: '127.0.0.1', port, maxConnectionsPerSecond: 4, hsts: false, fresh: true })
    expect(r.probes).toBeGreaterThan(5)
    expect(r.timeMs).toBeGreaterThanOrEqual(950)
  })

  it('cancelling stops the scan at once with CANCELLED', async () => {
    const port = await rawServer(() => undefined)
    const ac = new AbortController()
    const t = Date.now()
    setTimeout(() => ac.abort(), 150)
    await expect(scanTls({ host: '127.0.0.1', port, timeoutMs: 5000, fresh: true }, { signal: ac.signal })).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(Date.now() - t).toBeLessThan(1500)
  })

  it('nothing listening is an error, not an empty result', async () => {
    const port = await rawServer(() => undefined)
    cleanups.pop()?.() // close it again: the port is now free
    await new Promise((r) => setTimeout(r, 50))
    await expect(scanTls({ host: '127.0.0.1', port, fresh: true })).rejects.toMatchObject({ code: 'ECONNREFUSED' })
  })

  it('results are cached per host:port:sni for the session; fresh scans again', async () => {
    clearScanCache()
    let connections = 0
    const port = await rawServer((s) => {
      connections++
      s.destroy()
    })
    const first = await scanTls({ host: '127.0.0.1', port, hsts: false })
    const seen = connections
    const again = await scanTls({ host: '127.0.0.1', port, hsts: false })
    expect(connections).toBe(seen)
    expect(again).toEqual(first)
    await scanTls({ host: '127.0.0.1', port, hsts: false, fresh: true })
    expect(connections).toBeGreaterThan(seen)
  })
})

describe('HSTS header (RFC 6797 §6.1)', () => {
  it('reads max-age, includeSubDomains and preload, quoted values, any case', () => {
    expect(parseHsts('max-age=31536000; includeSubDomains; preload')).toMatchObject({ maxAge: 31536000, includeSubDomains: true, preload: true })
    expect(parseHsts('Max-Age="600"')).toMatchObject({ maxAge: 600, includeSubDomains: false })
  })
  it('ignores a header without max-age, with a directive twice, or a bad value', () => {
    expect(parseHsts('includeSubDomains')).toBeNull()
    expect(parseHsts('max-age=1; max-age=2')).toBeNull()
    expect(parseHsts('max-age=-5')).toBeNull()
    expect(parseHsts('max-age=10; bad directive')).toBeNull()
  })
})
