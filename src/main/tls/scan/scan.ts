// scanTls: what a server really accepts, found with our own ClientHellos on plain TCP (never the local TLS library's
// view, except where TLS 1.3 encrypts the answer), graded and explained. Phases: protocols and suites (protocols in
// parallel, each one's elimination in sequence), then key exchange and features in parallel, then the certificate
// verdict and the grade. Every probe shares the scan's limits (parallel connections, connections per second).
import { randomBytes } from 'node:crypto'
import { isIP } from 'node:net'
import { WirebenchError } from '../../../shared/errors'
import { PROTOCOLS, type ProtocolName, type ScanEvidence, type ScanResult, type SuiteInfo } from '../../../shared/tls/scan-model'
import { suiteInfo } from '../../../shared/tls/suite-info'
import { gradeScan, type ScanFacts } from '../../../shared/tls/scan-grade'
import { scanFindings } from '../../../shared/tls/scan-findings'
import { mozillaCompliance } from '../../../shared/tls/mozilla-profiles'
import { connect } from '../connect'
import { makeKeyShares } from './catalog'
import { cacheKey, cachedScan, rememberScan } from './cache'
import { summarizeCertificate } from './certificate'
import { attachEvidence } from './evidence'
import type { HelloContext } from './hello-spec'
import { fetchHsts } from './hsts'
import { Prober } from './probe'
import { runProbes } from './phases'

export interface ScanOptions {
  host: string
  port: number
  /** Server name to send; default the host unless it is an IP address; '' sends none. */
  sni?: string
  /** Per probe (default 5000). */
  timeoutMs?: number
  /** Parallel connections (default 6). */
  concurrency?: number
  /** Connections opened in any one second (default 60; no cap for a loopback address unless given). */
  maxConnectionsPerSecond?: number
  /** Fetch / over HTTPS for HSTS (default true). */
  hsts?: boolean
  /** Extra trust for the certificate verdict. */
  rootsPem?: string[]
  /** Scan again even when this session already scanned host:port:sni. */
  fresh?: boolean
}

export interface ScanProgress {
  done: number
  total: number
  phase: string
}

export interface ScanControl {
  signal?: AbortSignal
  onProgress?: (p: ScanProgress) => void
}

/**
 * The cap protects someone else's server (and keeps an IDS calm); the user's own machine needs none, so a loopback
 * target is unlimited unless a rate is given.
 */
function connectionRate(o: ScanOptions, address: string): number {
  if (o.maxConnectionsPerSecond !== undefined) return Math.max(1, o.maxConnectionsPerSecond)
  const loopback = /^127\./.test(address) || address === '::1' || /^::ffff:127\./i.test(address)
  return loopback ? Number.POSITIVE_INFINITY : 60
}

export async function scanTls(o: ScanOptions, ctl: ScanControl = {}): Promise<ScanResult> {
  if (!o.host || !Number.isInteger(o.port) || o.port < 1 || o.port > 65535) throw new WirebenchError('INVALID_INPUT', 'A TLS scan needs a host and a port from 1 to 65535.')
  const sni = o.sni === '' ? undefined : (o.sni ?? (isIP(o.host) ? undefined : o.host))
  const key = cacheKey(o.host, o.port, sni ?? null)
  if (!o.fresh) {
    const hit = cachedScan(key)
    if (hit) return hit
  }
  const signal = ctl.signal
  if (signal?.aborted) throw new WirebenchError('CANCELLED', undefined, 'The TLS scan was cancelled.')
  const started = performance.now()
  const timeoutMs = Math.max(100, o.timeoutMs ?? 5000)

  // One lookup and one TCP connection first: an unreachable target is an error, not a server that "accepts nothing".
  const first = await connect({ host: o.host, port: o.port, connectTimeoutMs: timeoutMs, signal })
  const address = first.remote.address
  first.socket.destroy()

  const prober = new Prober({ address, port: o.port, timeoutMs, concurrency: Math.max(1, o.concurrency ?? 6), maxConnectionsPerSecond: connectionRate(o, address), signal, random: (n) => new Uint8Array(randomBytes(n)) })
  let extra = 1
  let phase = 'protocols and cipher suites'
  const progress = (): void => {
    const done = prober.probes
    ctl.onProgress?.({ done, total: Math.max(done + 8, 80), phase })
  }
  const timer = setInterval(progress, 100)
  try {
    const ctx: HelloContext = { shares: makeKeyShares(), ...(sni ? { sni } : {}) }
    const evidence: Record<string, ScanEvidence[]> = {}
    const hstsJob = o.hsts === false ? null : prober.slot(() => fetchHsts(o.host, address, o.port, sni, timeoutMs, signal))
    // awaited after the probes; marked handled now so a cancellation while they run is not an unhandled rejection
    hstsJob?.catch(() => undefined)

    const { by, g13, g12, dh, sigs, features, hs13, only13 } = await runProbes(prober, ctx, { address, port: o.port, timeoutMs, signal, ...(sni ? { sni } : {}) }, () => {
      phase = 'key exchange and features'
      progress()
    })
    const scans = PROTOCOLS.map((p) => by[p])
    for (const s of scans) {
      evidence[s.protocol] = s.protocolEvidence
      if (s.preferenceEvidence.length) evidence[`preference:${s.protocol}`] = s.preferenceEvidence
      for (const [id, e] of s.suiteEvidence) evidence[`suite:${s.protocol}:${suiteInfo(id).name}`] = [e]
    }
    const [hs13a, hs13b] = hs13
    extra += hs13.length
    const hstsScan = hstsJob ? await hstsJob : null
    if (hstsScan) extra++
    phase = 'certificate and grade'
    progress()

    const groupDetails = [...g13.groups, ...g12.groups]
    for (const g of [g13, g12]) for (const [name, e] of g.evidence) (evidence[name] ??= []).push(e)
    if (dh) evidence.dh = [dh.evidence]
    if (sigs.evidence.length) evidence.signatureAlgorithms = sigs.evidence
    Object.assign(evidence, features.evidence)

    const alpn = [...features.alpn]
    let ocspStapling = features.ocspStapling ?? false
    let sessionResumption = features.sessionResumption ?? { tickets: false, ids: false }
    let chain = features.certificates
    let secureRenegotiation = features.secureRenegotiation ?? false
    if (only13) {
      const hs = hs13a ?? hs13b
      for (const h of [hs13a, hs13b]) if (h?.alpn && !alpn.includes(h.alpn)) alpn.push(h.alpn)
      evidence.alpn = [hs13a, hs13b].flatMap((h) => (h ? [h.evidence] : []))
      if (hs) {
        ocspStapling = hs.ocspStaple
        sessionResumption = { tickets: hs.ticket, ids: false }
        chain = hs.chain
        evidence.ocspStapling = [{ ...hs.evidence, answer: `${hs.ocspStaple ? 'OCSP staple received' : 'no OCSP staple'} (read through the local TLS library: TLS 1.3 encrypts CertificateStatus)` }]
        evidence.sessionResumption = [{ ...hs.evidence, answer: `${hs.ticket ? 'a NewSessionTicket arrived' : 'no NewSessionTicket within 300 ms'} (TLS 1.3 has no session ids, RFC 8446 §2.2)` }]
        evidence.certificate = [hs.evidence]
      }
      // TLS 1.3 has no renegotiation at all (RFC 8446 §4.1.2), so nothing insecure can be renegotiated
      secureRenegotiation = true
      evidence.secureRenegotiation = [{ probe: 'protocols', answer: 'only TLS 1.3 accepted: TLS 1.3 has no renegotiation (RFC 8446 §4.1.2)' }]
    }
    if (hstsScan) evidence.hsts = [hstsScan.evidence]

    const suites: Partial<Record<ProtocolName, SuiteInfo[]>> = {}
    const ciphers: Partial<Record<ProtocolName, string[]>> = {}
    const serverPreferenceBy: Partial<Record<ProtocolName, boolean | null>> = {}
    for (const s of scans) {
      if (!s.supported) continue
      serverPreferenceBy[s.protocol] = s.serverPreference
      suites[s.protocol] = s.suites.map((id) => {
        const info: SuiteInfo = { ...suiteInfo(id) }
        if (dh && /^TLS_DHE_/.test(info.name)) info.dhBits = dh.bits
        const e = s.suiteEvidence.get(id)
        if (e) info.evidence = [e]
        return info
      })
      ciphers[s.protocol] = s.suites.map((id) => suiteInfo(id).name)
    }
    const prefs = Object.values(serverPreferenceBy).filter((v): v is boolean => typeof v === 'boolean')
    const checkName = sni ?? o.host
    const facts: ScanFacts = {
      target: `${o.host}:${o.port}`,
      host: o.host,
      port: o.port,
      sni: sni ?? null,
      address,
      protocols: Object.fromEntries(PROTOCOLS.map((p) => [p, by[p].supported])) as Record<ProtocolName, boolean>,
      ciphers,
      suites,
      // any protocol that enforces its order (a protocol that could not tell, null, is not "client order")
      serverPreference: prefs.some(Boolean),
      serverPreferenceBy,
      groups: [...new Set(groupDetails.map((g) => g.name))],
      groupDetails,
      signatureAlgorithms: sigs.names,
      alpn,
      ocspStapling,
      sessionResumption,
      secureRenegotiation,
      fallbackScsv: features.fallbackScsv,
      compression: features.compression,
      heartbeat: features.heartbeat,
      hsts: hstsScan?.hsts ?? null,
      certificate: chain ? await summarizeCertificate(chain, checkName, o.rootsPem) : null,
      evidence
    }
    const grade = gradeScan(facts)
    const mozilla = mozillaCompliance(facts)
    const findings = [...scanFindings(facts, grade, mozilla), ...scans.flatMap((s) => s.anomalies)]
    attachEvidence(findings, grade.reasons, evidence, PROTOCOLS.filter((p) => by[p].supported))
    const result: ScanResult = {
      ...facts,
      grade: grade.grade,
      gradeDetails: grade,
      mozillaProfile: mozilla.best,
      mozilla,
      findings,
      probes: prober.probes + extra,
      timeMs: Math.round(performance.now() - started),
      evidence
    }
    phase = 'done'
    ctl.onProgress?.({ done: prober.probes, total: prober.probes, phase })
    rememberScan(key, result)
    return result
  } finally {
    clearInterval(timer)
    prober.dispose()
  }
}
