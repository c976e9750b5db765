// Trusting a zone's keys (RFC 4035 §5.2): its DNSKEY RRset must hold a key that a trust anchor or the parent's DS
// names (key tag, algorithm and digest all matching, RFC 4034 §5.2), and that key must sign the DNSKEY RRset. The
// links say which DS matched which key and why not when none did; the zone's entry feeds the chain picture.
import type { DnssecLink, DnssecResult } from '../../shared/dns/model'
import type { AnchorDs } from '../../shared/dns/dnssec/anchor'
import { dsDigestInput, type Labels } from '../../shared/dns/dnssec/canonical'
import { algorithmInfo, algorithmWords, digestInfo } from '../../shared/dns/dnssec/algorithms'
import { labelsToName } from '../../shared/dns/names'
import { toHex } from '../../shared/bytes'
import { dsDigest, verifiableAlgorithm } from './dnssec-crypto'
import { verifyRrset, type Rrset, type ZoneKey } from './dnssec-rrsets'

export type ZonePicture = DnssecResult['zones'][number]

export interface KeyVerdict {
  status: DnssecLink['status']
  /** The zone's keys, trusted when status is secure. */
  keys: ZoneKey[]
  links: DnssecLink[]
  picture: ZonePicture
}

const equal = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((v, i) => v === b[i])

/** Does this DS name this key? RFC 4034 §5.1.4: digest over owner | DNSKEY RDATA. */
export function dsMatches(ds: AnchorDs, owner: Labels, key: ZoneKey): boolean {
  if (ds.keyTag !== key.tag || ds.algorithm !== key.algorithm) return false
  const d = dsDigest(ds.digestType, dsDigestInput(owner, key.rdata))
  return d !== null && equal(d, ds.digest)
}

/**
 * Checks `dnskeys` (the zone's DNSKEY RRset, possibly absent) against DS records (from the parent or the anchor)
 * and anchor DNSKEYs. `source` words the first link: "Trust anchor" or "DS from test.".
 */
export function trustKeys(zone: Labels, dnskeys: Rrset | undefined, keys: ZoneKey[], ds: AnchorDs[], anchorKeys: Uint8Array[], source: 'anchor' | string, now: number): KeyVerdict {
  const z = labelsToName(zone)
  const role = (k: ZoneKey): 'KSK' | 'ZSK' | 'key' => (k.flags & 0x100 ? (k.flags & 1 ? 'KSK' : 'ZSK') : 'key')
  const picture: ZonePicture = { zone: z, keys: keys.map((k) => ({ tag: k.tag, algorithm: algorithmInfo(k.algorithm).mnemonic, flags: k.flags, role: role(k), status: 'indeterminate' })), ds: ds.map((d) => ({ tag: d.keyTag, digestType: digestInfo(d.digestType).name, status: 'indeterminate' })) }
  const links: DnssecLink[] = []
  const kind = source === 'anchor' ? 'anchor' : 'ds'
  const from = source === 'anchor' ? 'The trust anchor' : `The DS set from ${source}`
  const finish = (status: DnssecLink['status']): KeyVerdict => {
    for (const k of picture.keys) if (k.status === 'indeterminate') k.status = status === 'secure' ? 'secure' : status
    return { status, keys: status === 'secure' ? keys : [], links, picture }
  }
  if (!dnskeys || keys.length === 0) {
    links.push({ zone: z, kind: 'dnskey', title: `No DNSKEY for ${z}`, status: 'bogus', words: `${from} says ${z} is signed, but ${z} served no DNSKEY records (RFC 4035 §5.2).`, details: {} })
    return finish('bogus')
  }
  const usableDs = ds.filter((d) => verifiableAlgorithm(d.algorithm) && digestInfo(d.digestType).supported)
  if (anchorKeys.length === 0 && usableDs.length === 0) {
    links.push({ zone: z, kind, title: `${from} uses algorithms Wirebench cannot check`, status: 'insecure', words: `Every DS for ${z} names an algorithm or digest type not verified here (${ds.map((d) => `${algorithmWords(d.algorithm)}, digest ${digestInfo(d.digestType).name}`).join('; ')}), so the zone is treated as unsigned (RFC 4035 §5.2, RFC 8624).`, details: {} })
    return finish('insecure')
  }
  const matched: ZoneKey[] = []
  for (const d of ds) {
    const key = keys.find((k) => dsMatches(d, zone, k))
    const entry = picture.ds.find((e) => e.tag === d.keyTag && e.digestType === digestInfo(d.digestType).name && e.status === 'indeterminate')
    if (key) {
      matched.push(key)
      if (entry) entry.status = 'secure'
      links.push({ zone: z, kind, title: `DS ${d.keyTag} (${digestInfo(d.digestType).name}) ${source === 'anchor' ? 'of the trust anchor' : `from ${source}`} matches DNSKEY ${key.tag} of ${z}`, status: 'secure', words: `The ${digestInfo(d.digestType).name} digest of ${z}'s key ${key.tag} (${algorithmWords(key.algorithm)}) equals the DS (RFC 4034 §5.1.4).`, details: { keyTag: String(d.keyTag), digest: toHex(d.digest, '').toUpperCase() } })
    } else if (entry) entry.status = 'bogus'
  }
  for (const a of anchorKeys) {
    const key = keys.find((k) => equal(k.rdata, a))
    if (key) {
      matched.push(key)
      links.push({ zone: z, kind: 'anchor', title: `Trust anchor DNSKEY ${key.tag} is in ${z}'s DNSKEY set`, status: 'secure', words: `The configured key ${key.tag} is served by ${z} (RFC 4035 §5.2).`, details: {} })
    }
  }
  if (matched.length === 0) {
    const want = [...ds.map((d) => `${d.keyTag}`), ...anchorKeys.map(() => 'a configured DNSKEY')].join(', ')
    links.push({ zone: z, kind, title: `${from} matches no DNSKEY of ${z}`, status: 'bogus', words: `${from} names key ${want}, but ${z}'s keys are ${keys.map((k) => `${k.tag} (${role(k)})`).join(', ')} and none has a matching digest: the chain of trust is broken (RFC 4035 §5.2).`, details: {} })
    return finish('bogus')
  }
  const v = verifyRrset(dnskeys, matched, zone, now)
  for (const k of picture.keys) if (matched.some((m) => m.tag === k.tag)) k.status = v.status
  links.push({ zone: z, kind: 'dnskey', title: `DNSKEY set of ${z} signed by ${v.sig ? `key ${v.sig.keyTag}` : 'no trusted key'}`, status: v.status, words: v.words, details: v.details })
  return finish(v.status)
}
