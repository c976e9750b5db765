// The scan against the reference tool (issue 14, "How it is checked"): for each local server configuration, scanTls
// and Debian's testssl.sh must agree on the protocols offered, the suites per protocol, whether the server enforces
// its own order and that order; and the grade must be the one the SSL Labs rating guide's rules give (table below).
// testssl.sh takes tens of seconds a target, so its runs start together in beforeAll (each against its own server
// instance, so the scan's probes and testssl's never queue behind each other on a one-connection s_server).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PROTOCOLS, type ScanResult } from '../../../shared/tls/scan-model'
import { MOZILLA_INTERMEDIATE_CIPHERS, type ScanServer, startScanNginx, startScanOpenssl } from '../../testing/tls-scan-servers'
import { runTestssl, type TestsslResult, testsslAvailable } from '../../testing/testssl'
import { scanTls } from '../scan'

interface Case {
  name: string
  start: () => Promise<ScanServer>
  /** The grade the rating guide's rules give this configuration, and why. */
  grade: string
  why: string
  /** Compare with testssl.sh (the slow part: the configurations that matter). */
  testssl: boolean
  stapling?: boolean
  hsts?: boolean
}

const S_SERVER_ORDER = 'ECDHE-RSA-AES256-GCM-SHA384:AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES128-GCM-SHA256'

const CASES: Case[] = [
  { name: 'nginx modern (TLS 1.3 only, ECDSA P-256, OCSP staple, HSTS)', start: () => startScanNginx({ profile: 'modern', stapling: true, hsts: true }), grade: 'A+', why: 'no cap; HSTS max-age 2 years earns A+', testssl: true, stapling: true, hsts: true },
  { name: 'nginx intermediate (TLS 1.2+1.3, RSA 2048, client order)', start: () => startScanNginx({ profile: 'intermediate' }), grade: 'A', why: 'no cap, no HSTS so no A+', testssl: true },
  { name: 'nginx old (TLS 1.0-1.3, CBC, static RSA, server order)', start: () => startScanNginx({ profile: 'old' }), grade: 'B', why: 'cap B: TLS 1.0 and 1.1 offered (guide 2020 change)', testssl: true },
  { name: 's_server (TLS 1.2 only, -serverpref, CBC between GCM)', start: () => startScanOpenssl({ cipher: S_SERVER_ORDER, serverPreference: true, noTls13: true }), grade: 'A', why: 'preferred suite is ECDHE with AES-GCM; TLS 1.2 only; no HSTS', testssl: true },
  // OpenSSL 3.0 refuses a 1024-bit DH group at its default security level 2; SECLEVEL=0 lets nginx use it. Mozilla
  // 5.8's intermediate list has no DHE suite, so one is added.
  { name: 'nginx intermediate (RSA 2048, DHE 1024, OCSP staple, HSTS)', start: () => startScanNginx({ profile: 'intermediate', ciphers: `${MOZILLA_INTERMEDIATE_CIPHERS}:DHE-RSA-AES128-GCM-SHA256:@SECLEVEL=0`, dhBits: 1024, stapling: true, hsts: true }), grade: 'B', why: 'cap B: DHE with a 1024-bit group (key exchange score 80, Logjam)', testssl: true, stapling: true, hsts: true },
  { name: 'nginx intermediate (ECDSA P-256, OCSP staple, HSTS)', start: () => startScanNginx({ profile: 'intermediate', key: 'ecdsa', stapling: true, hsts: true }), grade: 'A+', why: 'no cap; HSTS earns A+', testssl: true, stapling: true, hsts: true }
]

const haveTestssl = testsslAvailable()
const servers: ScanServer[] = []
const scanned = new Map<string, ScanResult>()
const reference = new Map<string, Promise<TestsslResult>>()

beforeAll(async () => {
  // Two instances of each configuration compared with testssl: one for testssl, one for the scan.
  const started = await Promise.all(CASES.map(async (c) => ({ c, scan: await c.start(), ref: haveTestssl && c.testssl ? await c.start() : null })))
  for (const { c, scan, ref } of started) {
    servers.push(scan, ...(ref ? [ref] : []))
    if (ref) {
      const run = runTestssl({ host: ref.host, port: ref.port }, { timeoutMs: 300_000, sleeps: { send: 0.02, receive: 0.05 } })
      run.catch(() => undefined)
      reference.set(c.name, run)
    }
  }
  // The scans one after another while testssl runs: each scan is itself parallel, bounded by its own limits.
  for (const { c, scan } of started) scanned.set(c.name, await scanTls({ host: scan.host, port: scan.port, sni: scan.sni, rootsPem: [scan.caPem], fresh: true }))
}, 120_000)

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()))
})

describe('the scan on local servers', () => {
  for (const c of CASES) {
    it(`grades ${c.name} ${c.grade} (${c.why})`, () => {
      const r = scanned.get(c.name)!
      expect(r.certificate?.valid, JSON.stringify(r.certificate?.errors)).toBe(true)
      expect({ grade: r.grade, reasons: r.gradeDetails.reasons.map((x) => x.rule) }).toMatchObject({ grade: c.grade })
      expect(r.ocspStapling).toBe(c.stapling === true)
      if (c.hsts) expect(r.hsts).toMatchObject({ maxAge: 63072000, includeSubDomains: true, preload: false })
      else expect(r.hsts).toBeNull()
    })
  }
})

describe.skipIf(!haveTestssl)('the scan agrees with testssl.sh', () => {
  for (const c of CASES.filter((x) => x.testssl)) {
    it(`on ${c.name}`, async () => {
      const ours = scanned.get(c.name)!
      const ref = await reference.get(c.name)!
      // testssl's own gaps are listed, never silently compared as "not offered".
      expect(ref.untested, 'testssl could not test').toEqual([])
      // A run that found nothing would agree with a scan that found nothing: testssl must have seen the server.
      for (const p of PROTOCOLS) if (ref.protocols[p]) expect(ref.ciphers[p]?.length ?? 0, `testssl's suites of ${p}`).toBeGreaterThan(0)
      expect(PROTOCOLS.some((p) => ref.protocols[p])).toBe(true)
      if (ref.serverPreference) expect(Object.keys(ref.order).length).toBeGreaterThan(0)
      expect(ours.protocols).toEqual(ref.protocols)
      for (const p of PROTOCOLS) {
        expect([...(ours.ciphers[p] ?? [])].sort(), `suites of ${p}`).toEqual([...(ref.ciphers[p] ?? [])].sort())
      }
      expect(ours.serverPreference, `testssl: "${ref.serverPreferenceText}"`).toBe(ref.serverPreference)
      // With server order, testssl lists each protocol's suites in the server's order; ours must be the same.
      for (const [p, order] of Object.entries(ref.order)) expect(ours.ciphers[p as keyof typeof ref.order], `order of ${p}`).toEqual(order)
    }, 330_000)
  }
})
