// Key exchange: the TLS 1.3 groups a server accepts, in its order, by elimination over supported_groups with an
// empty key_share — the server names the group it wants in a HelloRetryRequest (RFC 8446 §4.1.4, §4.2.8), which is
// also how X25519MLKEM768 shows without a PQ library; TLS 1.2
// ECDHE curves one at a time (RFC 8422 §5.4: the curve is in ServerKeyExchange); the DH prime size of DHE suites
// (RFC 5246 §7.4.3); the signature schemes the server signs ServerKeyExchange with (RFC 5246 §7.4.1.4.1).
import type { GroupInfo, ProtocolName, ScanEvidence } from '../../../shared/tls/scan-model'
import { groupInfo, signatureSchemeName } from '../../../shared/tls/tls-names'
import { cipherSuiteName } from '../../../shared/tls/cipher-suites'
import { SIGNATURE_SCHEMES, TLS12_CURVES, TLS13_GROUPS, X25519 } from './catalog'
import { type HelloContext, helloFor } from './hello-spec'
import { type Prober, evidenceOf } from './probe'

export interface GroupScan {
  groups: GroupInfo[]
  evidence: Map<string, ScanEvidence>
}

const info = (id: number, via: GroupInfo['via']): GroupInfo => {
  const g = groupInfo(id)
  return { id, name: g.name, hybrid: g.kind === 'pq-hybrid', via }
}

/**
 * TLS 1.3 groups in the order the server picks them. Each hello carries an EMPTY key_share, which RFC 8446 §4.2.8
 * allows ("client_shares MAY be empty … to request group selection from the server"): the server has no share to
 * take, so its HelloRetryRequest names the group it chooses among supported_groups (§4.1.4) — its own preference,
 * not whichever share we happened to send. That group is removed and the hello sent again, until it refuses.
 */
export async function tls13Groups(prober: Prober, ctx: HelloContext, suites: number[]): Promise<GroupScan> {
  const out = await tls13GroupsBy(prober, ctx, suites, false)
  // A server that will not answer an empty key_share (no HelloRetryRequest at all) still shows its groups when
  // offered an x25519 share — in the order its shares are taken rather than its preference, better than nothing.
  return out.groups.length > 0 ? out : tls13GroupsBy(prober, ctx, suites, true)
}

async function tls13GroupsBy(prober: Prober, ctx: HelloContext, suites: number[], withShare: boolean): Promise<GroupScan> {
  const out: GroupScan = { groups: [], evidence: new Map() }
  const remaining = [...TLS13_GROUPS]
  for (let round = 1; remaining.length > 0 && round <= TLS13_GROUPS.length; round++) {
    // a key share must be for a group in supported_groups (RFC 8446 §4.2.8), so once x25519 is out, none is sent
    const keyShares = withShare && remaining.includes(X25519) ? [{ group: X25519, key: ctx.shares.x25519 }] : []
    const name = `groups TLSv1.3${withShare ? ' (x25519 share)' : ''} round ${round}`
    const p = await prober.probe(name, helloFor(ctx, 'TLSv1.3', suites, { groups: [...remaining], keyShares }), { offered: `TLS 1.3 ClientHello with ${remaining.length} groups, key share for ${keyShares.length ? 'x25519' : 'none (the server names its choice in a HelloRetryRequest)'}` })
    if (p.answer.kind !== 'hello' || p.answer.hello.version !== 0x0304) break
    const h = p.answer.hello
    const id = h.helloRetryRequest ? h.selectedGroup : h.keyShareGroup
    if (id === null || !remaining.includes(id)) break
    const g = info(id, h.helloRetryRequest ? 'hello_retry_request' : 'key_share')
    out.groups.push(g)
    out.evidence.set(g.name, evidenceOf(p))
    remaining.splice(remaining.indexOf(id), 1)
  }
  return out
}

/**
 * TLS 1.2 (or lower) ECDHE curves by elimination: only ECDHE suites offered, so a server with no curve left must
 * refuse; the curve it took is read from ServerKeyExchange (RFC 8422 §5.4), in the order it picks them.
 */
export async function tls12Curves(prober: Prober, ctx: HelloContext, p: ProtocolName, ecdheSuites: number[]): Promise<GroupScan> {
  const out: GroupScan = { groups: [], evidence: new Map() }
  const remaining = [...TLS12_CURVES]
  for (let round = 1; remaining.length > 0 && round <= TLS12_CURVES.length; round++) {
    const r = await prober.probe(`curves ${p} round ${round}`, helloFor(ctx, p, ecdheSuites, { groups: [...remaining] }), { readOn: true, offered: `${p} ClientHello with ${ecdheSuites.length} ECDHE suites and ${remaining.length} curves` })
    if (r.answer.kind !== 'hello') break
    const used = r.answer.hello.ecdheCurve
    if (used === undefined || !remaining.includes(used)) break
    const g = info(used, 'tls12_ecdhe')
    out.groups.push(g)
    out.evidence.set(g.name, evidenceOf(r, `ServerKeyExchange on ${g.name}`))
    remaining.splice(remaining.indexOf(used), 1)
  }
  return out
}

/** The DH prime size of the server's DHE parameters (RFC 5246 §7.4.3 ServerDHParams.dh_p). */
export async function dhPrime(prober: Prober, ctx: HelloContext, p: ProtocolName, dheSuites: number[]): Promise<{ bits: number; evidence: ScanEvidence } | null> {
  const r = await prober.probe(`DH parameters ${p}`, helloFor(ctx, p, dheSuites, { groups: undefined }), { readOn: true })
  if (r.answer.kind !== 'hello' || r.answer.hello.dhPrimeBits === undefined) return null
  const bits = r.answer.hello.dhPrimeBits
  return { bits, evidence: evidenceOf(r, `ServerKeyExchange with a ${bits}-bit DH prime (${cipherSuiteName(r.answer.hello.suite)})`) }
}

/** TLS 1.2 signature schemes by elimination over signature_algorithms, read from ServerKeyExchange. */
export async function tls12SignatureSchemes(prober: Prober, ctx: HelloContext, fsSuites: number[]): Promise<{ names: string[]; evidence: ScanEvidence[] }> {
  const remaining = [...SIGNATURE_SCHEMES]
  const names: string[] = []
  const evidence: ScanEvidence[] = []
  for (let round = 1; remaining.length > 0 && round <= 12; round++) {
    const r = await prober.probe(`signature schemes TLSv1.2 round ${round}`, helloFor(ctx, 'TLSv1.2', fsSuites, { signatureAlgorithms: [...remaining] }), { readOn: true })
    if (r.answer.kind !== 'hello') break
    const s = r.answer.hello.serverSignatureScheme
    if (s === undefined || !remaining.includes(s)) break
    names.push(signatureSchemeName(s))
    evidence.push(evidenceOf(r, `ServerKeyExchange signed with ${signatureSchemeName(s)}`))
    remaining.splice(remaining.indexOf(s), 1)
  }
  return { names, evidence }
}
