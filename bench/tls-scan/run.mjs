#!/usr/bin/env node
// TLS scan speed (issue 14: "full scan of each local configuration, Wirebench against testssl.sh with the same
// coverage, as a ratio in one run; aim: at most a fifth of testssl.sh's time"). Each configuration is served by
// Debian's nginx or openssl s_server on 127.0.0.1 (src/main/testing/tls-scan-servers.ts) and scanned by:
//   - Wirebench: scanTls, the engine the CLI and the tab call, bundled with rolldown and run in this process (a fresh
//     scan: protocols, suites per protocol, server order, groups, signature algorithms, ALPN, OCSP stapling,
//     resumption, renegotiation, fallback SCSV, compression, heartbeat, HSTS, certificate verdict, grade);
//   - testssl.sh with what covers the same ground: -p (protocols, ALPN) -E (each suite per protocol) -P (server
//     order) -S (certificate, stapling, resumption, extensions) -h (HSTS) -f (forward secrecy, curves, signature
//     algorithms) -R (renegotiation) -C (compression) -Z (fallback SCSV), with its default timings.
// Loopback targets get no connection-rate cap from the engine; the scan is also timed at the cap a remote target gets
// (60 connections a second) for information. Both run one after the other per configuration (never at the same time), and the suites they find are compared,
// so a fast but wrong scan shows. Run: node bench/tls-scan/run.mjs [modern,intermediate,old,s_server]
import { bundleModules } from '../bundle.mjs'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..', '..')
const AIM = 0.2
const TESTSSL_CHECKS = ['-p', '-E', '-P', '-S', '-h', '-f', '-R', '-C', '-Z']

/** The scan engine and the test servers as one bundle, so the bench runs the very code the app runs. */
async function bundle(dir) {
  return bundleModules(root, dir, { scan: 'src/main/tls/scan/index.ts', servers: 'src/main/testing/tls-scan-servers.ts', testssl: 'src/main/testing/testssl.ts' })
}

const CONFIGS = {
  modern: (s) => s.startScanNginx({ profile: 'modern', stapling: true, hsts: true }),
  intermediate: (s) => s.startScanNginx({ profile: 'intermediate', hsts: true }),
  old: (s) => s.startScanNginx({ profile: 'old' }),
  s_server: (s) => s.startScanOpenssl({ cipher: 'ECDHE-RSA-AES256-GCM-SHA384:AES128-SHA:ECDHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES128-GCM-SHA256', serverPreference: true, noTls13: true })
}

const names = (process.argv[2] ?? Object.keys(CONFIGS).join(',')).split(',').filter((n) => CONFIGS[n])
const sameSuites = (a, b) => JSON.stringify([...(a ?? [])].sort()) === JSON.stringify([...(b ?? [])].sort())
const dir = mkdtempSync(join(tmpdir(), 'wirebench-tls-scan-bench-'))
let failed = 0
try {
  const { scan, servers, testssl } = await bundle(join(dir, 'bundle'))
  if (!testssl.testsslAvailable()) throw new Error('testssl.sh is not installed (apt-get install testssl.sh)')
  const version = spawnSync(testssl.TESTSSL, ['--version'], { encoding: 'utf8' }).stdout.match(/testssl\s+(\S+)/)?.[1] ?? '?'
  console.log(`TLS scan of local servers on 127.0.0.1: Wirebench scanTls (in process, node ${process.versions.node}) vs testssl.sh ${version} ${TESTSSL_CHECKS.join(' ')}`)
  console.log(`${'configuration'.padEnd(48)}${'Wirebench'.padStart(11)}${'at 60/s'.padStart(10)}${'probes'.padStart(8)}${'testssl.sh'.padStart(12)}${'ratio'.padStart(8)}   suites agree`)
  let wbTotal = 0
  let tsTotal = 0
  let cappedTotal = 0
  for (const name of names) {
    const server = await CONFIGS[name](servers)
    try {
      // A warm-up scan (JIT, nginx's first connections), then the timed fresh one.
      await scan.scanTls({ host: server.host, port: server.port, sni: server.sni, rootsPem: [server.caPem], fresh: true })
      const t0 = performance.now()
      const ours = await scan.scanTls({ host: server.host, port: server.port, sni: server.sni, rootsPem: [server.caPem], fresh: true })
      const wbMs = performance.now() - t0
      // The same scan with the cap a remote target gets (60 connections a second; loopback has none by default).
      const t1 = performance.now()
      await scan.scanTls({ host: server.host, port: server.port, sni: server.sni, rootsPem: [server.caPem], fresh: true, maxConnectionsPerSecond: 60 })
      const cappedMs = performance.now() - t1
      const ref = await testssl.runTestssl({ host: server.host, port: server.port }, { checks: TESTSSL_CHECKS, timeoutMs: 600_000 })
      const differ = ['SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'].filter((p) => ours.protocols[p] !== ref.protocols[p] || !sameSuites(ours.ciphers[p], ref.ciphers[p]))
      if (differ.length) failed = 1
      wbTotal += wbMs
      cappedTotal += cappedMs
      tsTotal += ref.timeMs
      console.log(`${server.label.padEnd(48)}${`${(wbMs / 1000).toFixed(2)} s`.padStart(11)}${`${(cappedMs / 1000).toFixed(2)} s`.padStart(10)}${String(ours.probes).padStart(8)}${`${(ref.timeMs / 1000).toFixed(1)} s`.padStart(12)}${`${(wbMs / ref.timeMs).toFixed(3)}`.padStart(8)}   ${differ.length ? `NO (${differ.join(', ')})` : 'yes'}; grade ${ours.grade}`)
    } finally {
      await server.stop()
    }
  }
  const ratio = wbTotal / tsTotal
  console.log(`${'all'.padEnd(48)}${`${(wbTotal / 1000).toFixed(2)} s`.padStart(11)}${`${(cappedTotal / 1000).toFixed(2)} s`.padStart(10)}${''.padStart(8)}${`${(tsTotal / 1000).toFixed(1)} s`.padStart(12)}${`${ratio.toFixed(3)}`.padStart(8)}   ${ratio <= AIM ? 'within' : 'ABOVE'} the aim (<= ${AIM}); capped at 60 connections/s: ${(cappedTotal / tsTotal).toFixed(3)}`)
  console.log(`\nREADME row:\n| TLS scan, ${names.length} local configurations (nginx ${spawnSync(['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p)) ?? 'nginx', ['-v'], { encoding: 'utf8' }).stderr.trim().replace('nginx version: nginx/', '') || '?'}, s_server) | Wirebench ${(wbTotal / 1000).toFixed(1)} s (${(cappedTotal / 1000).toFixed(1)} s at 60 connections/s) | testssl.sh ${version} ${(tsTotal / 1000).toFixed(0)} s | ${ratio.toFixed(3)}x (aim <= ${AIM}) |`)
  if (ratio > AIM) failed = 1
} catch (e) {
  failed = 1
  console.error(`tls-scan bench: ${e?.stack ?? e}`)
} finally {
  if (existsSync(dir)) rmSync(dir, { recursive: true, force: true })
}
process.exit(failed)
