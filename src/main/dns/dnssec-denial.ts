// Authenticated denial inside the validator: the NSEC or NSEC3 records of a negative answer are first checked as
// signed RRsets with the zone's keys, then handed to the pure proofs in shared/dns/dnssec/denial.ts (RFC 4035 §5.4,
// RFC 5155 §8). The verdict is one DnssecLink.
import type { DnssecLink } from '../../shared/dns/model'
import { proveWildcardAnswer, proveWithNsec, proveWithNsec3, type DenialKind, type Nsec3Facts, type NsecFacts } from '../../shared/dns/dnssec/denial'
import { fromBase32Hex } from '../../shared/dns/dnssec/presentation'
import { labelsToName, readName } from '../../shared/dns/names'
import { readTypeBitmap } from '../../shared/dns/rdata/type-bitmap'
import { ByteReader } from '../../shared/bytes'
import type { Labels } from '../../shared/dns/dnssec/canonical'
import { rrsets, verifyRrset, type Packet, type ZoneKey } from './dnssec-rrsets'
import { sha1 } from './dnssec-crypto'

const NSEC = 47
const NSEC3 = 50

function nsecFacts(p: Packet, owner: Labels, rdataOffset: number, rdataLength: number): NsecFacts {
  const n = readName(p.bytes, rdataOffset)
  return { owner, next: n.labels, types: readTypeBitmap(new ByteReader(p.bytes, n.end, rdataOffset + rdataLength)) }
}

function nsec3Facts(p: Packet, owner: Labels, rdataOffset: number, rdataLength: number): Nsec3Facts {
  const r = new ByteReader(p.bytes, rdataOffset, rdataOffset + rdataLength)
  const hashAlgorithm = r.u8()
  const flags = r.u8()
  const iterations = r.u16()
  const salt = r.take(r.u8())
  const nextHash = r.take(r.u8())
  const types = readTypeBitmap(new ByteReader(p.bytes, r.pos, r.end))
  let ownerHash: Uint8Array = new Uint8Array(0)
  try {
    ownerHash = fromBase32Hex(new TextDecoder().decode(owner[0] ?? new Uint8Array(0)))
  } catch {}
  return { owner, ownerHash, nextHash, types, optOut: (flags & 1) !== 0, hashAlgorithm, iterations, salt }
}

const KIND_TITLE: Record<DenialKind | 'wildcard', string> = { wildcard: 'has no closer match than the wildcard', nxdomain: 'does not exist', nodata: 'has no record of that type', 'no-ds': 'has no DS' }

/** Checks the denial in a response's authority section for (qname, qtype) in `zone`; 'wildcard' checks that a
 *  wildcard expansion (an RRSIG with `wildcardLabels` labels) had no closer match. */
export function denialLink(p: Packet, kind: DenialKind | 'wildcard', qname: Labels, qtype: number, zone: Labels, keys: ZoneKey[], now: number, wildcardLabels = 0): DnssecLink {
  const zoneName = labelsToName(zone)
  const q = labelsToName(qname)
  const title = `${q} ${KIND_TITLE[kind]}`
  const sets = rrsets(p, p.message.authority).filter((s) => s.typeCode === NSEC || s.typeCode === NSEC3)
  const base = { zone: zoneName, kind: 'denial' as const, title }
  if (sets.length === 0) {
    return { ...base, status: 'bogus', words: `${zoneName} is signed, but the answer that ${title} came without NSEC or NSEC3 records to prove it (RFC 4035 §3.1.3).`, details: {} }
  }
  const nsecs: NsecFacts[] = []
  const nsec3s: Nsec3Facts[] = []
  for (const set of sets) {
    const v = verifyRrset(set, keys, zone, now)
    if (v.status !== 'secure') return { ...base, status: v.status === 'insecure' ? 'insecure' : 'bogus', words: `The ${set.type} record at ${set.name} that should prove it is not valid: ${v.words}`, details: v.details }
    for (const rec of set.records) {
      if (set.typeCode === NSEC) nsecs.push(nsecFacts(p, set.owner, rec.rdataOffset, rec.rdataLength))
      else nsec3s.push(nsec3Facts(p, set.owner, rec.rdataOffset, rec.rdataLength))
    }
  }
  const verdict =
    kind === 'wildcard' ? proveWildcardAnswer(qname, wildcardLabels, zone, nsecs, nsec3s, sha1)
    : nsec3s.length > 0 ? proveWithNsec3(kind, qname, qtype, zone, nsec3s, sha1) : proveWithNsec(kind, qname, qtype, nsecs)
  const details = { records: sets.map((s) => `${s.type} ${s.name}`).join(', '), method: nsec3s.length > 0 ? 'NSEC3 (RFC 5155)' : 'NSEC (RFC 4035)' }
  if (verdict.outcome === 'not-proven') return { ...base, status: 'bogus', words: verdict.words, details }
  if (verdict.outcome === 'opt-out' || kind === 'no-ds') return { ...base, status: 'insecure', words: verdict.words, details }
  return { ...base, status: 'secure', words: verdict.words, details }
}
