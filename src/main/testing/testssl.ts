// Debian's testssl.sh as the TLS scan's reference (issue 14: "protocols, suites and preference agree with testssl.sh"):
// runs it on a loopback target with the system openssl and reads its structured JSON into the same terms the scan
// uses (protocol names, IANA suite names per protocol, server order). testssl.sh probes most suites with its own
// sockets, so the local OpenSSL 3.0's gaps matter less; whatever it reports it could not test is listed in `untested`.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CIPHER_SUITES, cipherSuiteByName } from '../../shared/tls/cipher-suites'
import { PROTOCOLS, type ProtocolName } from '../../shared/tls/scan-model'

export const TESTSSL = ['/usr/bin/testssl', '/usr/bin/testssl.sh'].find((p) => existsSync(p)) ?? 'testssl'

/** testssl.sh is on this machine (Debian's package `testssl.sh`). */
export function testsslAvailable(): boolean {
  return existsSync(TESTSSL)
}

export interface TestsslResult {
  protocols: Record<ProtocolName, boolean>
  /** IANA names per protocol (from -E), in testssl's listing order (by strength), offered protocols only. */
  ciphers: Partial<Record<ProtocolName, string[]>>
  /** The server's order per protocol (from -P), IANA names, when testssl found the server enforces one. */
  order: Partial<Record<ProtocolName, string[]>>
  /** testssl's "Has server cipher order?" verdict: its cipher_order finding starts with "server". */
  serverPreference: boolean
  /** That finding's text ("server", "NOT a cipher order configured", "server -- TLS 1.3 client determined", …). */
  serverPreferenceText: string
  /** What testssl could not decide ("TLSv1.3: not tested (local problem)", unknown suite code points, warnings). */
  untested: string[]
  /** Wall time of the testssl run. */
  timeMs: number
}

/** testssl.sh's protocol ids and the scan's names. */
const PROTOCOL_IDS: Record<string, ProtocolName> = { SSLv3: 'SSLv3', TLS1: 'TLSv1.0', TLS1_1: 'TLSv1.1', TLS1_2: 'TLSv1.2', TLS1_3: 'TLSv1.3' }
/** -E cipher ids: cipher-tls1_2_xc030. */
const CIPHER_PROTO: Record<string, ProtocolName> = { ssl3: 'SSLv3', tls1: 'TLSv1.0', tls1_1: 'TLSv1.1', tls1_2: 'TLSv1.2', tls1_3: 'TLSv1.3' }
/** -P order ids: cipherorder_TLSv1_2 (testssl replaces the dot of "TLSv1.2"). */
const ORDER_PROTO: Record<string, ProtocolName> = { SSLv3: 'SSLv3', TLSv1: 'TLSv1.0', TLSv1_1: 'TLSv1.1', TLSv1_2: 'TLSv1.2', TLSv1_3: 'TLSv1.3' }

interface Finding {
  id: string
  severity: string
  finding: string
}

/** Every finding of the first target, whatever section (protocols, serverPreferences, cipherTests…) holds it. */
function findingsOf(json: unknown): Finding[] {
  const results = (json as { scanResult?: unknown[] })?.scanResult
  if (!Array.isArray(results) || results.length === 0) throw new Error('testssl JSON has no scanResult')
  const target = results[0] as Record<string, unknown>
  const out: Finding[] = []
  for (const value of Object.values(target)) {
    if (!Array.isArray(value)) continue
    for (const f of value) if (f && typeof f === 'object' && typeof (f as Finding).id === 'string') out.push({ id: (f as Finding).id, severity: String((f as Finding).severity ?? ''), finding: String((f as Finding).finding ?? '') })
  }
  // A target testssl could not reach is reported as the target's own fields.
  if (target.id === 'scanProblem') out.push({ id: 'scanProblem', severity: String(target.severity), finding: String(target.finding) })
  return out
}

/** An OpenSSL or IANA name (as testssl prints them) as the IANA name; unknown names stay as they came. */
function ianaName(name: string): string {
  return cipherSuiteByName(name)?.iana ?? name
}

/** Reads testssl.sh's --jsonfile-pretty output (3.0.x) of a `-p -E -P` run. */
export function parseTestsslJson(json: unknown): Omit<TestsslResult, 'timeMs'> {
  const findings = findingsOf(json)
  const fatal = findings.find((f) => f.id === 'scanProblem' && f.severity === 'FATAL')
  if (fatal) throw new Error(`testssl could not scan: ${fatal.finding}`)
  const protocols = Object.fromEntries(PROTOCOLS.map((p) => [p, false])) as Record<ProtocolName, boolean>
  const ciphers: TestsslResult['ciphers'] = {}
  const order: TestsslResult['order'] = {}
  const untested: string[] = []
  let serverPreferenceText = ''
  for (const f of findings) {
    const proto = PROTOCOL_IDS[f.id]
    if (proto) {
      if (/^offered/i.test(f.finding)) protocols[proto] = true
      else if (!/^not offered/i.test(f.finding)) untested.push(`${proto}: ${f.finding}`)
      continue
    }
    const c = /^cipher-(ssl3|tls1|tls1_1|tls1_2|tls1_3)_x([0-9a-f]+)$/i.exec(f.id)
    if (c) {
      const p = CIPHER_PROTO[c[1]!.toLowerCase()]!
      const code = Number.parseInt(c[2]!, 16)
      const known = CIPHER_SUITES.get(code)
      // The finding's last column is testssl's IANA name: the fallback for code points the registry lacks.
      const name = known?.iana ?? f.finding.trim().split(/\s+/).at(-1) ?? `unknown (0x${c[2]})`
      if (!known) untested.push(`${p}: suite 0x${c[2]} (${name}) is not in the IANA registry`)
      ;(ciphers[p] ??= []).push(name)
      continue
    }
    const o = /^cipherorder_(SSLv3|TLSv1(?:_[123])?)$/.exec(f.id)
    if (o) {
      order[ORDER_PROTO[o[1]!]!] = f.finding.trim().split(/\s+/).filter(Boolean).map(ianaName)
      continue
    }
    if (f.id === 'cipher_order') serverPreferenceText = f.finding
    else if (f.severity === 'WARN' || /local problem|not tested/i.test(f.finding)) untested.push(`${f.id}: ${f.finding}`)
  }
  return { protocols, ciphers, order, serverPreference: /^server/i.test(serverPreferenceText), serverPreferenceText, untested }
}

export interface TestsslTarget {
  host: string
  port: number
  /** Send this SNI: testssl is pointed at the name, with --ip for the address and no DNS. */
  sni?: string
}

export interface TestsslOptions {
  /** testssl's checks (default -p -E -P: protocols, suites per protocol, server preference). */
  checks?: string[]
  /** Whole-run budget (default 5 minutes). */
  timeoutMs?: number
  signal?: AbortSignal
  /**
   * testssl.sh sleeps after each socket send (USLEEP_SND, 0.1 s) and receive (USLEEP_REC, 0.2 s) so a slow server's
   * answer is whole before it reads; on loopback a shorter wait serves (a partial read makes it ask for more).
   * Seconds; default: testssl's own.
   */
  sleeps?: { send: number; receive: number }
}

/** The command line used, for benchmarks that print it. */
export function testsslArgs(target: TestsslTarget, jsonFile: string, checks = ['-p', '-E', '-P']): string[] {
  const args = ['--quiet', '--color', '0', '--warnings', 'off', '--openssl', '/usr/bin/openssl', '--connect-timeout', '10', '--openssl-timeout', '10', ...checks, '--jsonfile-pretty', jsonFile]
  if (target.sni) args.push('--ip', target.host, '--nodns', 'none', `${target.sni}:${target.port}`)
  else args.push(`${target.host}:${target.port}`)
  return args
}

/** Runs testssl.sh on a loopback target and parses its JSON. Rejects on a timeout, an abort or no JSON. */
export async function runTestssl(target: TestsslTarget, o: TestsslOptions = {}): Promise<TestsslResult> {
  if (!['127.0.0.1', '::1', 'localhost'].includes(target.host)) throw new Error('testssl runs only against loopback targets in tests')
  const dir = mkdtempSync(join(tmpdir(), 'wirebench-testssl-'))
  const jsonFile = join(dir, 'out.json')
  const t0 = performance.now()
  try {
    let output = ''
    await new Promise<void>((resolve, reject) => {
      const child = spawn(TESTSSL, testsslArgs(target, jsonFile, o.checks), { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TMPDIR: dir, ...(o.sleeps ? { USLEEP_SND: String(o.sleeps.send), USLEEP_REC: String(o.sleeps.receive) } : {}) } })
      const keep = (d: Buffer): void => void (output = (output + d.toString()).slice(-8000))
      child.stdout.on('data', keep)
      child.stderr.on('data', keep)
      const kill = (why: string): void => {
        child.kill('SIGKILL')
        reject(new Error(`testssl ${why}: ${output}`))
      }
      const timer = setTimeout(() => kill('timed out'), o.timeoutMs ?? 300_000)
      const onAbort = (): void => kill('aborted')
      o.signal?.addEventListener('abort', onAbort, { once: true })
      child.once('error', reject)
      child.once('close', () => {
        clearTimeout(timer)
        o.signal?.removeEventListener('abort', onAbort)
        resolve()
      })
    })
    if (!existsSync(jsonFile)) throw new Error(`testssl wrote no JSON: ${output}`)
    const parsed = parseTestsslJson(JSON.parse(readFileSync(jsonFile, 'utf8')))
    return { ...parsed, timeMs: performance.now() - t0 }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
