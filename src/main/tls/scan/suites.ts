// Which suites a server accepts per protocol, by elimination (offer all, record the pick, remove it, repeat until
// the server refuses), and its preference order (RFC 5246 §7.4.1.2: the server selects; whether it follows the
// client's order or its own is what two opposite offers tell). A version is supported when some hello of that
// version got a ServerHello of that version (RFC 5246 §E.1: a lower version in the answer means "not this one").
import { cipherSuiteName } from '../../../shared/tls/cipher-suites'
import { PROTOCOL_VERSION, type ProtocolName, type ScanEvidence, type ScanFinding } from '../../../shared/tls/scan-model'
import type { ProbeServerHello } from '../../../shared/tls/probe-answer'
import { MAX_SUITES_PER_HELLO, chunk, suitesFor } from './catalog'
import { type HelloContext, helloFor } from './hello-spec'
import { type ProbeOutcome, type Prober, answerWords, evidenceOf } from './probe'

export interface ProtocolScan {
  protocol: ProtocolName
  supported: boolean
  /** In the server's order when it enforces one, else in the order found. */
  suites: number[]
  /**
   * Whether the server picks by its own order, from two opposite offers (TLS 1.3 too: RFC 8446 §4.1.1 leaves the
   * choice to the server, and OpenSSL's -serverpref / nginx's ssl_prefer_server_ciphers apply to it); null when
   * fewer than two suites were found or an answer was missing, so nothing tells.
   */
  serverPreference: boolean | null
  protocolEvidence: ScanEvidence[]
  suiteEvidence: Map<number, ScanEvidence>
  preferenceEvidence: ScanEvidence[]
  /** Oddities seen (a suite not offered, a version not asked for). */
  anomalies: ScanFinding[]
  /** A ServerHello of this version (for the features probes' reference). */
  sample: ProbeServerHello | null
}

interface Elimination {
  found: number[]
  evidence: Map<number, ScanEvidence>
  /** The probe that ended the elimination (alert, close, another version). */
  end: ProbeOutcome | null
  anomalies: ScanFinding[]
  sample: ProbeServerHello | null
}

const versionOk = (p: ProtocolName, h: ProbeServerHello): boolean => h.version === PROTOCOL_VERSION[p]

async function eliminate(prober: Prober, ctx: HelloContext, p: ProtocolName, offer: number[], label: string): Promise<Elimination> {
  const remaining = [...offer]
  const r: Elimination = { found: [], evidence: new Map(), end: null, anomalies: [], sample: null }
  for (let round = 1; remaining.length > 0 && round <= offer.length; round++) {
    const out = await prober.probe(`${label} round ${round}`, helloFor(ctx, p, remaining))
    const a = out.answer
    if (a.kind !== 'hello') {
      r.end = out
      break
    }
    const h = a.hello
    if (!versionOk(p, h)) {
      if (h.version > PROTOCOL_VERSION[p]) {
        r.anomalies.push({ severity: 'medium', code: 'VERSION_NOT_OFFERED', message: `Asked for ${p} at most, the server answered with version 0x${h.version.toString(16)}: a server must not choose a version the client did not offer (RFC 5246 §7.4.1.3, RFC 8446 §4.1.3).`, evidence: [evidenceOf(out)] })
      }
      r.end = out
      break
    }
    if (!remaining.includes(h.suite)) {
      const msg = offer.includes(h.suite) ? 'a suite already eliminated (not in this hello)' : 'a suite that was not offered'
      r.anomalies.push({ severity: 'medium', code: 'SUITE_NOT_OFFERED', message: `In ${p} the server chose ${cipherSuiteName(h.suite)}, ${msg}: a server must pick from the client's list (RFC 5246 §7.4.1.3, RFC 8446 §4.1.3).`, evidence: [evidenceOf(out)] })
      r.end = out
      break
    }
    r.sample ??= h
    r.found.push(h.suite)
    r.evidence.set(h.suite, evidenceOf(out))
    remaining.splice(remaining.indexOf(h.suite), 1)
  }
  return r
}

/** Suites and preference for one protocol; the probes of one protocol run one after the other. */
export async function scanProtocol(prober: Prober, ctx: HelloContext, p: ProtocolName): Promise<ProtocolScan> {
  const chunks = chunk(suitesFor(p), MAX_SUITES_PER_HELLO)
  const result: ProtocolScan = { protocol: p, supported: false, suites: [], serverPreference: null, protocolEvidence: [], suiteEvidence: new Map(), preferenceEvidence: [], anomalies: [], sample: null }
  let partsWithSuites = 0
  for (let i = 0; i < chunks.length; i++) {
    const part = chunks[i] as number[]
    const e = await eliminate(prober, ctx, p, part, `suites ${p}${chunks.length > 1 ? ` part ${i + 1}` : ''}`)
    result.anomalies.push(...e.anomalies)
    for (const s of e.found) if (!result.suites.includes(s)) result.suites.push(s)
    for (const [k, v] of e.evidence) result.suiteEvidence.set(k, v)
    result.sample ??= e.sample
    const first = e.found[0]
    if (first !== undefined) partsWithSuites++
    if (first !== undefined) result.protocolEvidence.push(e.evidence.get(first) as ScanEvidence)
    else if (e.end) {
      result.protocolEvidence.push(evidenceOf(e.end, `${answerWords(e.end.answer)}: ${p} not accepted with these suites`))
      // another version in the answer, or protocol_version (70, RFC 8446 §6.2), means the server does not speak
      // this one at all, and silence will not change with other suites: no need for the next part
      const a = e.end.answer
      if (a.kind === 'hello' || a.kind === 'timeout' || (a.kind === 'alert' && a.description === 70)) break
    }
  }
  result.supported = result.suites.length > 0
  if (result.supported && result.suites.length > 1) await preference(prober, ctx, p, result, partsWithSuites > 1)
  return result
}

/**
 * Two opposite offers of the suites found: the same pick both times means the server enforces its own order (then
 * read off by elimination, with the client's order reversed when suites came from several hellos); a pick that
 * follows the offer means the client's order rules (nginx ssl_prefer_server_ciphers off, Apache SSLHonorCipherOrder off).
 */
async function preference(prober: Prober, ctx: HelloContext, p: ProtocolName, r: ProtocolScan, mixed: boolean): Promise<void> {
  // The first order is elimination's first round (the suites in the order offered, server's pick first); the
  // opposite order is one more hello: a client-order server now picks the last suite, a server-order one the same.
  const backward = [...r.suites].reverse()
  // (suites found in different hellos were never offered together: then the first order is a hello of its own)
  const [a, b] = await Promise.all([
    mixed ? prober.probe(`preference ${p} (found order)`, helloFor(ctx, p, [...r.suites])) : null,
    prober.probe(`preference ${p} (reversed order)`, helloFor(ctx, p, backward))
  ])
  const pickA = a ? (a.answer.kind === 'hello' ? a.answer.hello.suite : null) : (r.suites[0] as number)
  const first = a ? evidenceOf(a) : r.suiteEvidence.get(r.suites[0] as number)
  if (first) r.preferenceEvidence.push(first)
  r.preferenceEvidence.push(evidenceOf(b))
  if (pickA === null) return
  const pickB = b.answer.kind === 'hello' ? b.answer.hello.suite : null
  if (pickB === null) return
  r.serverPreference = pickA === pickB
  // With the server's order enforced, each elimination round already took the server's favourite of what was left,
  // so one elimination pass is the server's order; only suites found in different hellos (parts) need merging.
  if (!r.serverPreference || !mixed) return
  const ordered = await eliminate(prober, ctx, p, backward, `order ${p} (reversed client order)`)
  // keep what elimination did not reach (a flaky answer) at the end, so no suite found is lost
  r.suites = [...ordered.found.filter((s) => r.suites.includes(s)), ...r.suites.filter((s) => !ordered.found.includes(s))]
}
