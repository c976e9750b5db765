// The probing plan of one scan: each protocol's suites by elimination (protocols in parallel), and each follow-up
// started as soon as the protocol it needs is known (TLS 1.3 groups after TLS 1.3, curves, DH and signature
// schemes after TLS 1.2), so the sequential chains overlap instead of waiting for the slowest protocol.
import { PROTOCOLS, type ProtocolName } from '../../../shared/tls/scan-model'
import { suiteInfo } from '../../../shared/tls/suite-info'
import { type Tls13Handshake, tls13Handshake } from './certificate'
import { type FeatureScan, scanFeatures } from './features'
import { type GroupScan, dhPrime, tls12Curves, tls12SignatureSchemes, tls13Groups } from './groups'
import type { HelloContext } from './hello-spec'
import type { Prober } from './probe'
import { type ProtocolScan, scanProtocol } from './suites'

export interface ProbeResults {
  by: Record<ProtocolName, ProtocolScan>
  g13: GroupScan
  g12: GroupScan
  dh: Awaited<ReturnType<typeof dhPrime>>
  sigs: Awaited<ReturnType<typeof tls12SignatureSchemes>>
  features: FeatureScan
  /** Real TLS 1.3 handshakes (ALPN h2, then http/1.1), only when the server speaks nothing but TLS 1.3. */
  hs13: (Tls13Handshake | null)[]
  only13: boolean
}

export interface PhaseTarget {
  address: string
  port: number
  sni?: string
  timeoutMs: number
  signal?: AbortSignal
}

const pick = (ids: number[], re: RegExp): number[] => ids.filter((id) => re.test(suiteInfo(id).name))
const NONE: GroupScan = { groups: [], evidence: new Map() }

/** The highest version up to TLS 1.2 the server accepts (where the cleartext ServerKeyExchange can be read). */
const legacyOf = (by: Record<ProtocolName, ProtocolScan>): ProtocolName | undefined => ([...PROTOCOLS].reverse() as ProtocolName[]).find((p) => p !== 'TLSv1.3' && by[p].supported)

export async function runProbes(prober: Prober, ctx: HelloContext, t: PhaseTarget, onProtocolsDone: () => void): Promise<ProbeResults> {
  const each = Object.fromEntries(PROTOCOLS.map((p) => [p, scanProtocol(prober, ctx, p)])) as Record<ProtocolName, Promise<ProtocolScan>>
  const all = Promise.all(PROTOCOLS.map((p) => each[p])).then((list) => {
    onProtocolsDone()
    return Object.fromEntries(list.map((s) => [s.protocol, s])) as Record<ProtocolName, ProtocolScan>
  })
  // TLS 1.2 known supported is enough to start the ServerKeyExchange probes; otherwise wait for the older ones
  const legacy = each['TLSv1.2'].then(async (s) => (s.supported ? s : ((await all)[legacyOf(await all) as ProtocolName] ?? null)))

  const [by, g13, g12, dh, sigs, features, hs13] = await Promise.all([
    all,
    each['TLSv1.3'].then((s) => (s.supported ? tls13Groups(prober, ctx, s.suites) : NONE)),
    legacy.then((s) => {
      const ecdhe = s ? pick(s.suites, /^TLS_ECDHE_/) : []
      return s && ecdhe.length ? tls12Curves(prober, ctx, s.protocol, ecdhe) : NONE
    }),
    legacy.then((s) => {
      const dhe = s ? pick(s.suites, /^TLS_DHE_/) : []
      return s && dhe.length ? dhPrime(prober, ctx, s.protocol, dhe) : null
    }),
    each['TLSv1.2'].then((s) => {
      const fs = s.supported ? pick(s.suites, /^TLS_(EC)?DHE_/) : []
      return fs.length ? tls12SignatureSchemes(prober, ctx, fs) : { names: [], evidence: [] }
    }),
    all.then((b) => {
      const found: Partial<Record<ProtocolName, number[]>> = {}
      for (const p of PROTOCOLS) if (b[p].supported) found[p] = b[p].suites
      return scanFeatures(prober, ctx, { suites: found })
    }),
    // TLS 1.3 encrypts the certificate, the staple, tickets and ALPN: one real handshake per ALPN protocol
    all.then((b) =>
      b['TLSv1.3'].supported && !legacyOf(b)
        ? Promise.all([['h2'], ['http/1.1']].map((alpn) => prober.slot(() => tls13Handshake(t.address, t.port, t.sni, t.timeoutMs, t.signal, alpn))))
        : []
    )
  ])
  return { by, g13, g12, dh, sigs, features, hs13, only13: by['TLSv1.3'].supported && !legacyOf(by) }
}
