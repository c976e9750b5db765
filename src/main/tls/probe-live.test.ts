// Our hand-built ClientHello against Debian's `openssl s_server` on loopback, read back with ProbeReader: what
// a real TLS stack answers (TLS 1.3 with a key share, a HelloRetryRequest, a TLS 1.2 DHE flight with its prime
// size, stapled OCSP, the alerts for a missing suite or version), and `-trace` confirming it read our hello as meant.
import { generateKeyPairSync } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import net from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { CIPHER_SUITES } from '../../shared/tls/cipher-suites'
import { type ClientHelloSpec, buildClientHello } from '../../shared/tls/client-hello'
import { type ProbeAnswer, ProbeReader } from '../../shared/tls/probe-answer'
import { opensslServer } from '../testing/tls-servers'
import { TempDir, openssl } from '../testing/x509'

let dir: TempDir
const files = { cert: '', key: '', dh: '', ocsp: '' }
let certDer: Uint8Array
// OCSPResponse { responseStatus tryLater(3) } (RFC 6960 §4.2.1): the smallest response s_server will staple.
const OCSP_TRY_LATER = Uint8Array.of(0x30, 0x03, 0x0a, 0x01, 0x03)

beforeAll(() => {
  dir = new TempDir()
  files.key = `${dir.path}/key.pem`
  files.cert = `${dir.path}/cert.pem`
  files.dh = `${dir.path}/dh.pem`
  files.ocsp = `${dir.path}/ocsp.der`
  expect(openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', files.key, '-out', files.cert, '-subj', '/CN=localhost', '-days', '2']).status).toBe(0)
  certDer = new Uint8Array(openssl(['x509', '-in', files.cert, '-outform', 'DER']).raw)
  // RFC 7919's ffdhe2048 prime as s_server's -dhparam: a fixed 2048-bit group, no slow parameter generation.
  expect(openssl(['genpkey', '-genparam', '-algorithm', 'DH', '-pkeyopt', 'group:ffdhe2048', '-out', files.dh]).status).toBe(0)
  writeFileSync(files.ocsp, OCSP_TRY_LATER)
})
afterAll(() => dir?.remove())

const running: { stop(): void }[] = []
afterEach(() => {
  for (const p of running.splice(0)) p.stop()
})

/** `openssl s_server` on a free loopback port (it picks it: -accept 127.0.0.1:0), stopped after the test; `output()` is what it printed so far. */
async function sServer(extra: string[]): Promise<{ port: number; output(): string }> {
  const server = await opensslServer(['s_server', '-accept', '127.0.0.1:0', '-cert', files.cert, '-key', files.key, ...extra])
  running.push(server)
  return server
}

/** One probe as the engine makes it: plain TCP, our hello, ProbeReader until it decides. */
function probe(port: number, spec: Omit<ClientHelloSpec, 'random'>, readOn = false): Promise<ProbeAnswer> {
  const hello = buildClientHello({ sni: 'localhost', ...spec, random: crypto.getRandomValues(new Uint8Array(32)) })
  const reader = new ProbeReader({ readOn })
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(hello))
    const done = (a: ProbeAnswer): void => {
      clearTimeout(timer)
      socket.destroy()
      resolve(a)
    }
    const timer = setTimeout(() => done(reader.timeout(5000)), 5000)
    socket.on('data', (d: Buffer) => {
      const a = reader.push(new Uint8Array(d))
      if (a) done(a)
    })
    socket.on('end', () => done(reader.end()))
    socket.on('error', () => done(reader.end()))
  })
}

const x25519Public = (): Uint8Array => new Uint8Array(generateKeyPairSync('x25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32))
const hello = (a: ProbeAnswer) => {
  if (a.kind !== 'hello') throw new Error(`expected a ServerHello, got ${JSON.stringify({ ...a, bytes: undefined })}`)
  return a.hello
}

describe('probes against openssl s_server', () => {
  test('TLS 1.3 with an x25519 key share → ServerHello TLS 1.3 answering with x25519', async () => {
    const { port } = await sServer(['-tls1_3'])
    const h = hello(await probe(port, { version: 0x0304, suites: [0x1302, 0x1301], groups: [0x001d, 0x0017], keyShares: [{ group: 0x001d, key: x25519Public() }] }, true))
    expect(h).toMatchObject({ version: 0x0304, legacyVersion: 0x0303, helloRetryRequest: false, keyShareGroup: 0x001d, selectedGroup: null, compression: 0 })
    expect([0x1301, 0x1302]).toContain(h.suite)
    expect(h.extensions).toEqual(expect.arrayContaining([43, 51]))
    expect(h.sessionId.length).toBe(32) // the server echoes our compatibility-mode session id (RFC 8446 §4.1.3)
    expect(h.certificates).toBeUndefined() // encrypted in TLS 1.3: readOn stops at the ServerHello
  })

  test('every registry suite, TLS 1.3 and 1.2 offered, no key share → HelloRetryRequest; the same in TLS 1.2 → a 1.2 suite', async () => {
    const { port } = await sServer([])
    const all = [...CIPHER_SUITES.keys()].filter((id) => id !== 0x5600) // not TLS_FALLBACK_SCSV: this is no fallback
    const h = hello(await probe(port, { version: 0x0304, supportedVersions: [0x0304, 0x0303], suites: all, statusRequest: true, padTo: 512 }))
    expect(h).toMatchObject({ helloRetryRequest: true, version: 0x0304 })
    expect(h.selectedGroup).not.toBeNull()
    const h12 = hello(await probe(port, { version: 0x0303, suites: all.filter((id) => !CIPHER_SUITES.get(id)?.tls13), renegotiationInfo: true }, true))
    expect(h12.version).toBe(0x0303)
    expect(CIPHER_SUITES.get(h12.suite)?.openssl).toBeTruthy()
    expect(h12.certificates).toEqual([certDer])
  })

  test('a share for a group the server lacks → HelloRetryRequest selecting secp384r1 (RFC 8446 §4.1.4)', async () => {
    const { port } = await sServer(['-tls1_3', '-groups', 'P-384'])
    const key = x25519Public()
    const h = hello(await probe(port, { version: 0x0304, suites: [0x1301], groups: [0x001d, 0x0018], keyShares: [{ group: 0x001d, key }] }))
    expect(h).toMatchObject({ helloRetryRequest: true, selectedGroup: 0x0018, keyShareGroup: null, version: 0x0304, suite: 0x1301 })
    // Only P-384 in supported_groups but an x25519 share breaks RFC 8446 §4.2.8 ("Clients MUST NOT offer any
    // KeyShareEntry values for groups not listed in the client's supported_groups"; servers MAY check): OpenSSL 3.0
    // checks and aborts with illegal_parameter (47) instead of a HelloRetryRequest. The engine must list every
    // group it shares in supported_groups.
    const odd = await probe(port, { version: 0x0304, suites: [0x1301], groups: [0x0018], keyShares: [{ group: 0x001d, key }] })
    expect(odd).toMatchObject({ kind: 'alert', level: 2, description: 47, name: 'illegal_parameter' })
  })

  test('TLS 1.2 with one DHE suite → the whole flight: certificate, 2048-bit prime, signature scheme', async () => {
    const { port } = await sServer(['-tls1_2', '-cipher', 'DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256', '-dhparam', files.dh])
    const h = hello(await probe(port, { version: 0x0303, suites: [0x009e], renegotiationInfo: true, extendedMasterSecret: true, sessionTicket: true }, true))
    expect(h).toMatchObject({ version: 0x0303, suite: 0x009e, dhPrimeBits: 2048, secureRenegotiation: true, extendedMasterSecret: true, sessionTicket: true })
    expect(h.certificates).toEqual([certDer])
    expect([0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601]).toContain(h.serverSignatureScheme)
    const ec = hello(await probe(port, { version: 0x0303, suites: [0xc02f], groups: [0x0018, 0x0017] }, true))
    expect(ec).toMatchObject({ suite: 0xc02f, ecdheCurve: 0x0018 })
    expect(ec.dhPrimeBits).toBeUndefined()
  })

  test('a suite the server lacks → alert handshake_failure (40)', async () => {
    const { port } = await sServer(['-tls1_2', '-cipher', 'ECDHE-RSA-AES128-GCM-SHA256'])
    expect(await probe(port, { version: 0x0303, suites: [0x002f, 0x0035] })).toMatchObject({ kind: 'alert', level: 2, description: 40, name: 'handshake_failure' })
  })

  test('TLS 1.0 offered to a TLS 1.2-only server → alert protocol_version (70), as OpenSSL 3.0 answers', async () => {
    const { port } = await sServer(['-tls1_2'])
    const a = await probe(port, { version: 0x0301, suites: [0xc013, 0x002f] })
    expect(a).toMatchObject({ kind: 'alert', level: 2, description: 70, name: 'protocol_version' })
    // SSL 3.0 (record and hello version 0x0300, no extensions) gets handshake_failure instead: OpenSSL 3.0 logs
    // "version too low" and answers in an SSL 3.0 record (15 0300 0002 02 28). Either alert means "not accepted".
    const ssl3 = await probe(port, { version: 0x0300, suites: [0x000a, 0x002f] })
    expect(ssl3).toMatchObject({ kind: 'alert', level: 2, description: 40, name: 'handshake_failure' })
    expect(Array.from(ssl3.bytes)).toEqual([0x15, 0x03, 0x00, 0x00, 0x02, 0x02, 0x28])
  })

  test('status_request to a server with -status_file → the stapled OCSP response bytes (RFC 6066 §8)', async () => {
    const { port } = await sServer(['-tls1_2', '-status_file', files.ocsp])
    const h = hello(await probe(port, { version: 0x0303, suites: [0xc02f, 0x009c], groups: [0x0017], statusRequest: true }, true))
    expect(h.statusRequest).toBe(true)
    expect(h.certificateStatus).toEqual(OCSP_TRY_LATER)
    const none = hello(await probe(port, { version: 0x0303, suites: [0xc02f, 0x009c], groups: [0x0017] }, true))
    expect(none.statusRequest).toBe(false)
    expect(none.certificateStatus).toBeUndefined()
  })

  test('openssl -trace reads our hello field by field as we meant it', async () => {
    const server = await sServer(['-tls1_2', '-trace', '-alpn', 'h2,http/1.1'])
    const h = hello(await probe(server.port, { version: 0x0303, suites: [0xc02f, 0x00ff], sni: 'probe.test', groups: [0x0017], alpn: ['h2'], statusRequest: true, heartbeat: true, encryptThenMac: true, extendedMasterSecret: true, sessionTicket: true, signatureAlgorithms: [0x0804, 0x0401], padTo: 512 }))
    expect(h.alpn).toBe('h2')
    for (let i = 0; i < 50 && !server.output().includes('ServerHello'); i++) await new Promise((r) => setTimeout(r, 20))
    const trace = server.output()
    expect(trace).toMatch(/Length = 507\b/) // record body: 512 bytes padded minus the 5-byte header
    expect(trace).toMatch(/client_version=0x303 \(TLS 1.2\)/)
    expect(trace).toMatch(/\{0xC0, 0x2F\} TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256/)
    for (const e of ['server_name\\(0\\)', 'status_request\\(5\\)', 'supported_groups\\(10\\)', 'ec_point_formats\\(11\\)', 'signature_algorithms\\(13\\)', 'application_layer_protocol_negotiation\\(16\\)', 'encrypt_then_mac\\(22\\)', 'extended_master_secret\\(23\\)', 'session_ticket\\(35\\)', 'padding\\(21\\)']) {
      expect(trace).toMatch(new RegExp(`extension_type=${e}`))
    }
    // OpenSSL 3.0 dropped heartbeat support, so it names the type UNKNOWN but shows our one byte, peer_allowed_to_send.
    expect(trace).toMatch(/extension_type=UNKNOWN\(15\), length=1\s+0000 - 01 /)
    expect(trace).toMatch(/0000 - 00 0d 00 00 0a 70 72 6f-62 65 2e 74 65 73 74/) // server_name bytes, RFC 6066 §3
    expect(trace).toMatch(/rsa_pss_rsae_sha256 \(0x0804\)/)
    expect(trace).toMatch(/secp256r1 \(P-256\) \(23\)/)
  })
})
