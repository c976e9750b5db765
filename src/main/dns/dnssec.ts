// DNSSEC validation of one answer (RFC 4033 §5, RFC 4035 §5): walk from the root hints down the delegations like a
// trace (RD=0, DO=1, CD=1), trust each zone's keys from the anchor or the parent's DS, then check the answer's
// signatures or its authenticated denial. Every step is a DnssecLink with its verdict in words; `zones` is the
// chain picture. Bounded in zones, queries, CNAME hops and time; cancelled through the job's signal.
import { readFileSync } from 'node:fs'
import type { z } from 'zod'
import type { dnssecInput } from '../../shared/contract/dns'
import type { DnsRecord, DnssecLink, DnssecResult, QueryOptions } from '../../shared/dns/model'
import { parseTrustAnchor, describeAnchor, type AnchorDs } from '../../shared/dns/dnssec/anchor'
import { isSubdomain, sameName, type Labels } from '../../shared/dns/dnssec/canonical'
import { checkName, labelsToName, nameToLabels, readName } from '../../shared/dns/names'
import { queryOptionsFrom } from '../../shared/dns/options'
import { parseRootHints } from '../../shared/dns/root-hints'
import { typeCode, typeName } from '../../shared/dns/types'
import { fromBase64 } from '../../shared/bytes'
import { WirebenchError } from '../../shared/errors'
import { resourcePath } from '../resources'
import { queryOnce } from './query'
import { rrsets, verifyRrset, zoneKeys, type Packet, type ZoneKey } from './dnssec-rrsets'
import { trustKeys } from './dnssec-keys'
import { denialLink } from './dnssec-denial'

export type DnssecInput = z.output<typeof dnssecInput>

export interface DnssecContext {
  signal: AbortSignal
  progress?: (update: { done?: number; total?: number; message?: string }) => void
  /** Validation time in seconds since 1970 (tests check the validity window with it); now when absent. */
  now?: number
}

export const DNSSEC_LIMITS = { zones: 16, queries: 80, cnameHops: 8, totalMs: 60_000 } as const

/** The bundled root anchor (resources/dns/root-anchors.txt) and how the result names it. */
export const BUNDLED_ANCHOR_LABEL = 'bundled root KSK-2017 20326 and KSK-2024 38696 (IANA root-anchors.xml via Debian dns-root-data 2024071801~deb12u1)'

const T = { NS: 2, CNAME: 5, SOA: 6, DNAME: 39, DS: 43, DNSKEY: 48, A: 1, AAAA: 28 } as const
const SKIP_RCODES = new Set(['SERVFAIL', 'REFUSED', 'NOTIMP', 'FORMERR'])

class Stop extends Error {}

function addressOf(rdata: Uint8Array): string | null {
  if (rdata.length === 4) return rdata.join('.')
  if (rdata.length === 16) return Array.from({ length: 8 }, (_, i) => ((rdata[i * 2]! << 8) | rdata[i * 2 + 1]!).toString(16)).join(':')
  return null
}

class Validator {
  readonly links: DnssecLink[] = []
  readonly zones: DnssecResult['zones'] = []
  private queries = 0
  private readonly cache = new Map<string, Packet>()
  private readonly started = performance.now()

  constructor(
    private readonly options: QueryOptions,
    private readonly port: number,
    private readonly ctx: DnssecContext,
    readonly now: number
  ) {}

  link(l: DnssecLink): void {
    if (!this.links.some((x) => x.zone === l.zone && x.title === l.title && x.status === l.status)) this.links.push(l)
  }

  /** Asks the zone's servers in turn until one answers usefully (lame and failing servers are skipped). */
  async ask(servers: string[], name: string, type: string): Promise<Packet> {
    const key = `${servers.join(',')}|${name.toLowerCase()}|${type}`
    const cached = this.cache.get(key)
    if (cached) return cached
    const failures: string[] = []
    for (const host of servers) {
      if (this.ctx.signal.aborted) throw new WirebenchError('CANCELLED', undefined, 'The DNSSEC validation was cancelled.')
      if (++this.queries > DNSSEC_LIMITS.queries) throw new Stop(`It took more than ${DNSSEC_LIMITS.queries} queries; the validation stopped there.`)
      if (performance.now() - this.started > DNSSEC_LIMITS.totalMs) throw new Stop(`It took longer than ${DNSSEC_LIMITS.totalMs / 1000} s; the validation stopped there.`)
      this.ctx.progress?.({ done: this.queries, message: `${name} ${type} @${host}` })
      try {
        const r = await queryOnce({ transport: 'udp', host, port: this.port }, { name, type }, this.options, { signal: this.ctx.signal, spans: false })
        if (SKIP_RCODES.has(r.message.rcode)) {
          failures.push(`${host}: ${r.message.rcode}`)
          continue
        }
        const p = { bytes: fromBase64(r.raw), message: r.message }
        this.cache.set(key, p)
        return p
      } catch (err) {
        if (this.ctx.signal.aborted) throw new WirebenchError('CANCELLED', undefined, 'The DNSSEC validation was cancelled.')
        failures.push(`${host}: ${(err as Error).message}`)
      }
    }
    throw new Stop(`No server answered ${name} ${type} usefully (${failures.join('; ') || 'no servers'}).`)
  }

  /** The NS names of a referral and their addresses (glue first; a glueless name is looked up from the root). */
  async serversFor(p: Packet, cut: Labels, roots: string[], depth: number): Promise<string[]> {
    const names = rrsets(p, p.message.authority).find((s) => s.typeCode === T.NS && sameName(s.owner, cut))?.records.map((r) => readName(p.bytes, r.rdataOffset).labels) ?? []
    const out: string[] = []
    for (const rec of p.message.additional) {
      if (rec.typeCode !== T.A && rec.typeCode !== T.AAAA) continue
      const owner = readName(p.bytes, rec.offset).labels
      const a = addressOf(p.bytes.subarray(rec.rdataOffset, rec.rdataOffset + rec.rdataLength))
      if (a && names.some((n) => sameName(n, owner)) && !out.includes(a)) out.push(a)
    }
    if (out.length > 0 || depth > 1) return out
    for (const n of names) {
      const found = await this.addressOf(labelsToName(n), roots, depth + 1).catch(() => [] as string[])
      out.push(...found)
      if (out.length) break
    }
    return out
  }

  /** A plain (non-validating) iterative A lookup, for glueless delegations. */
  async addressOf(name: string, roots: string[], depth: number): Promise<string[]> {
    let servers = roots
    const q = nameToLabels(name)
    for (let i = 0; i < DNSSEC_LIMITS.zones; i++) {
      const p = await this.ask(servers, name, 'A')
      const a = p.message.answers.filter((r) => r.typeCode === T.A).map((r) => addressOf(p.bytes.subarray(r.rdataOffset, r.rdataOffset + r.rdataLength))!)
      if (a.length) return a
      const cut = referral(p, q)
      if (!cut) return []
      servers = await this.serversFor(p, cut, roots, depth)
    }
    return []
  }
}

/** A referral: no answer, NS records in authority for a zone that holds qname (RFC 1034 §4.3.2). */
function referral(p: Packet, qname: Labels): Labels | null {
  if (p.message.answers.length > 0 || p.message.rcode !== 'NOERROR' || p.message.flags.aa) return null
  return rrsets(p, p.message.authority).find((s) => s.typeCode === T.NS && isSubdomain(qname, s.owner))?.owner ?? null
}

/** The zone an authoritative answer really comes from: its signer, or its SOA's owner (one server may serve parent and child). */
function answerZone(p: Packet): Labels | null {
  for (const s of rrsets(p, [...p.message.answers, ...p.message.authority])) {
    const sig = s.sigs[0]
    if (sig) return sig.signer
    if (s.typeCode === T.SOA) return s.owner
  }
  return null
}

function readDs(p: Packet, records: DnsRecord[]): AnchorDs[] {
  return records.map((r) => {
    const b = p.bytes.subarray(r.rdataOffset, r.rdataOffset + r.rdataLength)
    return { keyTag: (b[0]! << 8) | b[1]!, algorithm: b[2]!, digestType: b[3]!, digest: b.slice(4) }
  })
}

const worst = (links: DnssecLink[]): DnssecLink | undefined => links.find((l) => l.status === 'bogus') ?? links.find((l) => l.status === 'insecure')

/** Validates input.name/type from the trust anchor down; the result says secure, insecure, bogus or indeterminate and why. */
export async function validateDnssec(input: DnssecInput, ctx: DnssecContext): Promise<DnssecResult> {
  const started = performance.now()
  const { ascii } = checkName(input.name)
  const qtypeCode = typeCode(input.type)
  const type = typeName(qtypeCode)
  const anchorText = input.trustAnchor ?? readFileSync(resourcePath('dns', 'root-anchors.txt'), 'utf8')
  const anchor = parseTrustAnchor(anchorText)
  const anchorLabel = input.trustAnchor === undefined ? BUNDLED_ANCHOR_LABEL : `your trust anchor: ${describeAnchor(anchor)}`
  const roots = [...new Set(parseRootHints(input.rootHints ?? readFileSync(resourcePath('dns', 'named.root'), 'utf8')).map((h) => h.address))]
  const base = queryOptionsFrom(input.options)
  const options: QueryOptions = { ...base, rd: false, cd: true, ad: false, retries: Math.min(base.retries, 1), edns: { ...(base.edns ?? { udpSize: 1232, nsid: false, cookie: false }), do: true } }
  const v = new Validator(options, input.port, ctx, ctx.now ?? Math.floor(Date.now() / 1000))
  const anchorZone = nameToLabels(anchor.zone)
  let answers: DnsRecord[] = []
  let note = ''
  try {
    let qname = nameToLabels(ascii)
    for (let hop = 0; hop <= DNSSEC_LIMITS.cnameHops; hop++) {
      const next = await walk(v, qname, qtypeCode, roots, anchorZone, anchor.ds, anchor.keys.map((k) => k.rdata))
      answers = next.answers
      if (!next.cname) break
      if (hop === DNSSEC_LIMITS.cnameHops) note = ` More than ${DNSSEC_LIMITS.cnameHops} CNAMEs: the chain was not followed further.`
      qname = next.cname
    }
  } catch (err) {
    if (!(err instanceof Stop)) throw err
    v.link({ zone: '.', kind: 'rrsig', title: 'Validation stopped', status: 'indeterminate', words: err.message, details: {} })
  }
  const w = worst(v.links)
  const secure = v.links.length > 0 && v.links.every((l) => l.status === 'secure')
  const status: DnssecResult['status'] = w ? w.status : secure ? 'secure' : 'indeterminate'
  const words =
    status === 'secure' ? `Secure: every link from the trust anchor ${anchor.zone} down to ${ascii} ${type} verifies (RFC 4035 §5).`
    : status === 'indeterminate' ? `Indeterminate: ${v.links.at(-1)?.words ?? 'nothing could be checked.'}`
    : `${status === 'bogus' ? 'Bogus' : 'Insecure'}: ${w!.words}`
  return { name: ascii, type, status, words: words + note, links: v.links, zones: v.zones, anchor: anchorLabel, answers, timeMs: Math.round(performance.now() - started) }
}

/** One name from the root down to its answer; returns the CNAME target when the chain goes on. */
async function walk(v: Validator, qname: Labels, qtype: number, roots: string[], anchorZone: Labels, anchorDs: AnchorDs[], anchorKeys: Uint8Array[]): Promise<{ answers: DnsRecord[]; cname: Labels | null }> {
  let zone: Labels = []
  let servers = roots
  // 'above': not yet at the anchor; 'pending': the parent's DS is to be matched; then secure / insecure / bogus.
  let state: 'above' | 'pending' | 'secure' | 'insecure' | 'bogus' = 'above'
  let ds: AnchorDs[] = []
  let parent = ''
  let keys: ZoneKey[] = []
  const q = labelsToName(qname)
  const qt = typeName(qtype)
  if (!isSubdomain(qname, anchorZone)) throw new Stop(`${q} is not under the trust anchor's zone ${labelsToName(anchorZone)}, so nothing can vouch for it.`)
  for (let depth = 0; depth < DNSSEC_LIMITS.zones; depth++) {
    const zn = labelsToName(zone)
    if (sameName(zone, anchorZone) || state === 'pending') {
      const p = await v.ask(servers, zn, 'DNSKEY')
      const set = rrsets(p, p.message.answers).find((s) => s.typeCode === T.DNSKEY && sameName(s.owner, zone))
      const k = trustKeys(zone, set, zoneKeys(p, set), state === 'pending' ? ds : anchorDs, state === 'pending' ? [] : anchorKeys, state === 'pending' ? parent : 'anchor', v.now)
      k.links.forEach((l) => v.link(l))
      if (!v.zones.some((z) => z.zone === zn)) v.zones.push(k.picture)
      state = k.status === 'secure' ? 'secure' : k.status === 'insecure' ? 'insecure' : 'bogus'
      keys = k.keys
      if (state === 'bogus') return { answers: [], cname: null }
    }
    const p = await v.ask(servers, q, qt)
    let cut = referral(p, qname)
    let nextServers: string[] | null = null
    if (!cut) {
      const az = answerZone(p)
      if (az && az.length > zone.length && isSubdomain(az, zone) && isSubdomain(qname, az)) {
        cut = az
        nextServers = servers
      }
    }
    if (cut && cut.length <= zone.length) throw new Stop(`The servers of ${zn} sent a referral to ${labelsToName(cut)}, which is not below ${zn} (a lame or misconfigured delegation).`)
    if (cut) {
      const child = labelsToName(cut)
      if (state === 'secure') {
        const dp = await v.ask(servers, child, 'DS')
        const set = rrsets(dp, dp.message.answers).find((s) => s.typeCode === T.DS && sameName(s.owner, cut!))
        if (set) {
          const r = verifyRrset(set, keys, zone, v.now)
          v.link({ zone: child, kind: 'rrsig', title: `DS set of ${child} signed by ${zn}`, status: r.status, words: r.words, details: r.details })
          if (r.status !== 'secure') return { answers: [], cname: null }
          ds = readDs(dp, set.records)
          parent = zn
          state = 'pending'
        } else {
          const d = denialLink(dp, 'no-ds', cut, T.DS, zone, keys, v.now)
          v.link({ ...d, zone: child, title: `${child} is an unsigned delegation` + (d.status === 'bogus' ? ' (not proven)' : '') })
          if (d.status === 'bogus') return { answers: [], cname: null }
          state = 'insecure'
          if (!v.zones.some((z) => z.zone === child)) v.zones.push({ zone: child, keys: [], ds: [] })
        }
      }
      servers = nextServers ?? (await v.serversFor(p, cut, roots, 0))
      if (servers.length === 0) throw new Stop(`The referral to ${child} named no server Wirebench could reach.`)
      zone = cut
      continue
    }
    return finalAnswer(v, p, qname, qtype, zone, keys, state)
  }
  throw new Stop(`More than ${DNSSEC_LIMITS.zones} zone cuts on the way to ${q}.`)
}

function finalAnswer(v: Validator, p: Packet, qname: Labels, qtype: number, zone: Labels, keys: ZoneKey[], state: string): { answers: DnsRecord[]; cname: Labels | null } {
  const answers = p.message.answers.filter((r) => r.typeCode !== 46)
  const sets = rrsets(p, p.message.answers)
  const own = sets.find((s) => sameName(s.owner, qname) && (s.typeCode === qtype || s.typeCode === T.CNAME))
  const cname = own?.typeCode === T.CNAME && qtype !== T.CNAME ? readName(p.bytes, own.records[0]!.rdataOffset).labels : null
  if (state !== 'secure') return { answers, cname }
  const zn = labelsToName(zone)
  if (p.message.rcode === 'NXDOMAIN') v.link(denialLink(p, 'nxdomain', qname, qtype, zone, keys, v.now))
  else if (!own) v.link(denialLink(p, 'nodata', qname, qtype, zone, keys, v.now))
  else {
    // A CNAME synthesized from a DNAME carries no signature; the DNAME above it is what is signed (RFC 6672 §5.3.1).
    const dname = own.typeCode === T.CNAME && own.sigs.length === 0 ? sets.find((s) => s.typeCode === T.DNAME && isSubdomain(qname, s.owner) && !sameName(qname, s.owner)) : undefined
    const signed = dname ?? own
    const r = verifyRrset(signed, keys, zone, v.now)
    const note = dname ? ` The CNAME at ${own.name} is synthesized from this DNAME (RFC 6672 §5.3.1).` : ''
    v.link({ zone: zn, kind: 'rrsig', title: `${signed.name} ${signed.type} signed by ${zn}`, status: r.status, words: r.words + note, details: r.details })
    const ownerLabels = signed.owner.length - (signed.owner[0]?.length === 1 && signed.owner[0][0] === 0x2a ? 1 : 0)
    if (r.status === 'secure' && r.sig && r.sig.labels < ownerLabels) v.link(denialLink(p, 'wildcard', qname, qtype, zone, keys, v.now, r.sig.labels))
    // A bogus CNAME ends the chain: its target cannot be trusted to be the one the zone published.
    if (r.status === 'bogus') return { answers, cname: null }
  }
  return { answers, cname }
}
