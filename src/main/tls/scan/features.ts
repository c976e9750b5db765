// The extensions and mechanisms a server answers to, each read from one ServerHello: ALPN (RFC 7301), OCSP stapling
// (RFC 6066 §8), session IDs and tickets (RFC 5246 §7.4.1.2, RFC 5077), secure renegotiation (RFC 5746),
// TLS_FALLBACK_SCSV (RFC 7507), compression (RFC 3749, CRIME), Heartbeat (RFC 6520, Heartbleed).
import { type ProtocolName, PROTOCOLS, type ScanEvidence } from '../../../shared/tls/scan-model'
import { FALLBACK_SCSV } from './catalog'
import { type HelloContext, helloFor } from './hello-spec'
import { type Prober, evidenceOf } from './probe'

export interface FeatureScan {
  alpn: string[]
  ocspStapling: boolean | null
  certificates: Uint8Array[] | null
  sessionResumption: { tickets: boolean; ids: boolean } | null
  secureRenegotiation: boolean | null
  fallbackScsv: boolean | null
  compression: boolean
  heartbeat: boolean
  evidence: Record<string, ScanEvidence[]>
}

export interface FeatureInput {
  /** Suites found per supported protocol. */
  suites: Partial<Record<ProtocolName, number[]>>
}

/** Highest supported version first. */
const supportedDesc = (i: FeatureInput): ProtocolName[] => [...PROTOCOLS].reverse().filter((p) => (i.suites[p]?.length ?? 0) > 0)

export async function scanFeatures(prober: Prober, ctx: HelloContext, i: FeatureInput): Promise<FeatureScan> {
  const versions = supportedDesc(i)
  const top = versions[0]
  const legacy = versions.find((p) => p !== 'TLSv1.3')
  const f: FeatureScan = { alpn: [], ocspStapling: null, certificates: null, sessionResumption: null, secureRenegotiation: null, fallbackScsv: null, compression: false, heartbeat: false, evidence: {} }
  if (!top) return f
  const jobs: Promise<void>[] = []

  // ALPN is read in TLS 1.2's ServerHello; TLS 1.3 encrypts it (RFC 8446 §4.3.1), so a TLS 1.3-only server is asked
  // through a real handshake by the caller
  for (const proto of legacy ? ['h2', 'http/1.1'] : []) {
    jobs.push(
      prober.probe(`ALPN ${proto}`, helloFor(ctx, legacy as ProtocolName, i.suites[legacy as ProtocolName] as number[], { alpn: [proto] })).then((r) => {
        const chosen = r.answer.kind === 'hello' ? r.answer.hello.alpn : null
        if (chosen === proto) f.alpn.push(proto)
        ;(f.evidence.alpn ??= []).push(evidenceOf(r, chosen ? `ServerHello with ALPN ${chosen}` : r.answer.kind === 'hello' ? 'ServerHello without ALPN' : undefined))
      })
    )
  }

  if (legacy) {
    const suites = i.suites[legacy] as number[]
    // One hello asks for all the TLS 1.2-visible extensions at once; each is answered independently (RFC 5246 §7.4.1.4).
    jobs.push(
      prober
        .probe(`features ${legacy}`, helloFor(ctx, legacy, suites, { statusRequest: true, sessionTicket: true, renegotiationInfo: true, heartbeat: true, extendedMasterSecret: true }), { readOn: true })
        .then((r) => {
          if (r.answer.kind !== 'hello') {
            f.evidence.features = [evidenceOf(r)]
            return
          }
          const h = r.answer.hello
          f.ocspStapling = h.certificateStatus !== undefined && h.certificateStatus.length > 0
          f.certificates = h.certificates && h.certificates.length > 0 ? h.certificates : null
          f.sessionResumption = { tickets: h.sessionTicket, ids: (f.sessionResumption?.ids ?? false) || h.sessionId.length > 0 }
          f.secureRenegotiation = h.secureRenegotiation
          f.heartbeat = h.heartbeat
          f.evidence.ocspStapling = [evidenceOf(r, f.ocspStapling ? 'CertificateStatus with an OCSP response' : 'no CertificateStatus message')]
          ;(f.evidence.sessionResumption ??= []).push(evidenceOf(r, `session_ticket ${h.sessionTicket ? 'present' : 'absent'}`))
          f.evidence.secureRenegotiation = [evidenceOf(r, `renegotiation_info ${h.secureRenegotiation ? 'present and empty' : 'absent'}`)]
          f.evidence.heartbeat = [evidenceOf(r, `heartbeat extension ${h.heartbeat ? 'present' : 'absent'}`)]
          if (h.certificates) f.evidence.certificate = [evidenceOf(r, `Certificate message with ${h.certificates.length} certificates`)]
        })
    )
    // Session IDs asked for apart: a server that will issue a ticket may leave the session id empty (OpenSSL does),
    // so only a hello without session_ticket shows whether it caches sessions by id (RFC 5246 §7.4.1.3)
    jobs.push(
      prober.probe(`session id ${legacy}`, helloFor(ctx, legacy, suites)).then((r) => {
        const n = r.answer.kind === 'hello' ? r.answer.hello.sessionId.length : 0
        if (n > 0) f.sessionResumption = { tickets: f.sessionResumption?.tickets ?? false, ids: true }
        ;(f.evidence.sessionResumption ??= []).push(evidenceOf(r, r.answer.kind === 'hello' ? `ServerHello with a session id of ${n} bytes` : undefined))
      })
    )
    // DEFLATE offered first: a server that takes it is open to CRIME (RFC 3749 §2; RFC 7457 §2.6)
    jobs.push(
      prober.probe(`compression ${legacy}`, helloFor(ctx, legacy, suites, { compression: [1, 0] })).then((r) => {
        f.compression = r.answer.kind === 'hello' && r.answer.hello.compression !== 0
        f.evidence.compression = [evidenceOf(r, r.answer.kind === 'hello' ? `ServerHello with compression method ${r.answer.hello.compression}` : undefined)]
      })
    )
  }

  // RFC 7507 §3: a server supporting a higher version than the client's must answer the SCSV with inappropriate_fallback
  const second = versions[1]
  if (second) {
    jobs.push(
      prober.probe(`fallback SCSV ${second}`, helloFor(ctx, second, [...(i.suites[second] as number[]), FALLBACK_SCSV])).then((r) => {
        f.fallbackScsv = r.answer.kind === 'alert' && r.answer.description === 86
        f.evidence.fallbackScsv = [evidenceOf(r)]
      })
    )
  }
  await Promise.all(jobs)
  f.alpn.sort((a, b) => (a === 'h2' ? -1 : b === 'h2' ? 1 : 0))
  return f
}
