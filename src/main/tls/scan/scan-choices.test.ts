// The scan's choices a user reads off the result, against openssl s_server and nginx on 127.0.0.1: whose order picks
// the TLS 1.3 suite (and that order), the TLS 1.3 groups in the server's order (HelloRetryRequest on an empty
// key_share), HSTS asked of the SNI name's virtual host, and the Mozilla profile a server is closest to.
import { afterAll, describe, expect, it } from 'vitest'
import { type ScanServer, startScanNginx, startScanOpenssl } from '../../testing/tls-scan-servers'
import { scanTls } from './index'

const cleanups: (() => Promise<void>)[] = []
afterAll(async () => {
  await Promise.all(cleanups.map((c) => c()))
})

async function server(s: Promise<ScanServer>): Promise<ScanServer> {
  const up = await s
  cleanups.push(() => up.stop())
  return up
}

const scanOf = (s: ScanServer, more: Partial<Parameters<typeof scanTls>[0]> = {}) => scanTls({ host: s.host, port: s.port, sni: s.sni, rootsPem: [s.caPem], fresh: true, ...more })

describe('server order, groups, HSTS and Mozilla profile', () => {
  it('TLS 1.3 server order: two opposite offers tell -serverpref from client order, and elimination reads the order', async () => {
    const tls13only = { cipher: 'ECDHE-RSA-AES128-GCM-SHA256', minProtocol: 'TLSv1.3' as const }
    const [pref, client, reorder] = await Promise.all([
      server(startScanOpenssl({ ...tls13only, ciphersuites: 'TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256', serverPreference: true })),
      server(startScanOpenssl({ ...tls13only, ciphersuites: 'TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256' })),
      // an order unlike the scan's offer order (AES-256, ChaCha20, AES-128): only the server's order explains it
      server(startScanOpenssl({ ...tls13only, ciphersuites: 'TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384', serverPreference: true }))
    ])
    const [a, b, c] = await Promise.all([scanOf(pref, { hsts: false }), scanOf(client, { hsts: false }), scanOf(reorder, { hsts: false })])
    expect(a.protocols).toMatchObject({ 'TLSv1.2': false, 'TLSv1.3': true })
    expect(a.serverPreferenceBy).toEqual({ 'TLSv1.3': true })
    expect(a.serverPreference).toBe(true)
    expect(a.ciphers['TLSv1.3']).toEqual(['TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256'])
    expect(a.evidence?.['preference:TLSv1.3']?.length).toBeGreaterThan(0)
    expect(b.serverPreferenceBy).toEqual({ 'TLSv1.3': false })
    expect(b.serverPreference).toBe(false)
    expect(c.serverPreference).toBe(true)
    expect(c.ciphers['TLSv1.3']).toEqual(['TLS_AES_128_GCM_SHA256', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_256_GCM_SHA384'])
  }, 20_000)

  it('TLS 1.3 groups in the server\'s order: an empty key_share makes the server name its choice (-groups P-384:X25519)', async () => {
    const s = await server(startScanOpenssl({ cipher: 'ECDHE-RSA-AES128-GCM-SHA256', minProtocol: 'TLSv1.3', groups: 'P-384:X25519', serverPreference: true }))
    const r = await scanOf(s, { hsts: false })
    expect(r.groups).toEqual(['secp384r1', 'x25519'])
    expect(r.groupDetails.map((g) => g.via)).toEqual(['hello_retry_request', 'hello_retry_request'])
    expect(r.evidence?.secp384r1?.[0]?.offered).toMatch(/key share for none/)
  }, 20_000)

  it('HSTS is asked for the SNI name: a default server without HSTS and scan.test with it, scanned as 127.0.0.1 --sni scan.test', async () => {
    const s = await server(startScanNginx({ profile: 'intermediate', hsts: true, hstsOnlyForSni: true }))
    const [named, bare] = await Promise.all([scanOf(s), scanOf(s, { sni: '' })])
    expect(named.hsts).toMatchObject({ maxAge: 63072000, includeSubDomains: true })
    expect(named.evidence?.hsts?.[0]?.offered).toBe('GET / HTTP/1.1 with Host scan.test')
    expect(named.findings.some((f) => f.code === 'NO_HSTS')).toBe(false)
    // no SNI: the address is the name, the default server answers, and it sends no HSTS
    expect(bare.hsts).toBeNull()
    expect(bare.findings.some((f) => f.code === 'NO_HSTS')).toBe(true)
  }, 20_000)

  it('Mozilla: nginx with the old list is closest to old, with the intermediate list complies with intermediate', async () => {
    // ECDSA key and client order: three differences from old, and "only" three from modern (TLS 1.0, 1.1, 1.2) when
    // the TLS ≤ 1.2 suites modern would drop go uncounted
    const [old, inter] = await Promise.all([server(startScanNginx({ profile: 'old', key: 'ecdsa', serverPreference: false })), server(startScanNginx({ profile: 'intermediate' }))])
    const [o, i] = await Promise.all([scanOf(old, { hsts: false }), scanOf(inter, { hsts: false })])
    const words = (r: typeof o) => r.findings.find((f) => f.code === 'MOZILLA_PROFILE')?.message
    expect(o.mozillaProfile, JSON.stringify(o.mozilla.profiles.old)).toBeNull()
    expect(o.mozilla.closest).toBe('old')
    expect(words(o)).toMatch(/closest is old/)
    expect(i.mozillaProfile, JSON.stringify(i.mozilla.profiles.intermediate)).toBe('intermediate')
    expect(i.mozilla.closest).toBe('intermediate')
    expect(words(i)).toMatch(/Complies with Mozilla's intermediate profile/)
  }, 20_000)
})
