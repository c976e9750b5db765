// Several resolvers asked the same question: where their answers differ (answer sets, rcode, AA/AD, TTLs, one failing
// where another answered), in words — the "why does my laptop see another address than the office" view.
import type { DnsRecord, LookupItem } from '../../shared/dns/model'

const recordKey = (r: DnsRecord): string => `${r.name.toLowerCase()} ${r.type} ${r.data}`
const MAX_SHOWN = 4

function list(values: string[]): string {
  return values.length <= MAX_SHOWN ? values.join(', ') : `${values.slice(0, MAX_SHOWN).join(', ')} and ${values.length - MAX_SHOWN} more`
}

/** Differences per record type, between every resolver and the first one that answered. */
export function computeDifferences(items: LookupItem[]): string[] {
  const out: string[] = []
  const types = [...new Set(items.map((i) => i.type))]
  for (const type of types) {
    const forType = items.filter((i) => i.type === type)
    if (new Set(forType.map((i) => i.resolver)).size < 2) continue
    const answered = forType.filter((i) => i.result)
    const failed = forType.filter((i) => !i.result && i.error)
    if (answered.length > 0) for (const f of failed) out.push(`${type}: ${answered.map((a) => a.resolver).join(', ')} answered, but ${f.resolver} failed (${f.error?.code}: ${f.error?.message}).`)
    const [base, ...others] = answered
    if (!base?.result) continue
    const b = base.result.message
    const baseSet = new Map(b.answers.map((r) => [recordKey(r), r]))
    for (const other of others) {
      const o = other.result!.message
      const pair = `${base.resolver} and ${other.resolver}`
      if (o.rcode !== b.rcode) out.push(`${type}: ${base.resolver} says ${b.rcode}, ${other.resolver} says ${o.rcode}.`)
      const otherSet = new Map(o.answers.map((r) => [recordKey(r), r]))
      const onlyBase = [...baseSet.keys()].filter((k) => !otherSet.has(k))
      const onlyOther = [...otherSet.keys()].filter((k) => !baseSet.has(k))
      if (onlyBase.length || onlyOther.length) {
        const parts: string[] = []
        if (onlyBase.length) parts.push(`only ${base.resolver} gives ${list(onlyBase.map((k) => baseSet.get(k)!.data))}`)
        if (onlyOther.length) parts.push(`only ${other.resolver} gives ${list(onlyOther.map((k) => otherSet.get(k)!.data))}`)
        out.push(`${type}: the answers differ — ${parts.join('; ')}. (Round-robin, geo-DNS, a stale cache or a filtering resolver can each explain it.)`)
      }
      if (o.flags.aa !== b.flags.aa) {
        const auth = o.flags.aa ? other.resolver : base.resolver
        out.push(`${type}: only ${auth} answered authoritatively (AA, RFC 1035 §4.1.1); the other answer came from a cache or a forwarder.`)
      }
      if (o.flags.ad !== b.flags.ad) {
        const ad = o.flags.ad ? other.resolver : base.resolver
        out.push(`${type}: only ${ad} set AD — it validated the answer with DNSSEC (RFC 4035 §3.2.3); the other did not say so.`)
      }
      const ttlDiffs: string[] = []
      for (const [k, r] of baseSet) {
        const twin = otherSet.get(k)
        if (twin && twin.ttl !== r.ttl) ttlDiffs.push(`${r.type} ${r.data}: ${r.ttl} s vs ${twin.ttl} s`)
      }
      if (ttlDiffs.length) out.push(`${type}: TTLs differ between ${pair} (${list(ttlDiffs)}): a cache counts TTLs down from the authoritative value (RFC 1035 §3.2.1), so a lower TTL means a cached copy.`)
    }
  }
  return out
}
