// Authenticated denial of existence: does a set of (already signature-checked) NSEC or NSEC3 records prove that a
// name does not exist, that it has no record of the asked type, or that a delegation has no DS? RFC 4035 §5.4 for
// NSEC, RFC 5155 §8 for NSEC3 (closest encloser proof, Opt-Out), RFC 6840 §4.1 on ancestor delegations. Pure: the
// SHA-1 that NSEC3 needs is passed in by the caller (main has node:crypto, shared has none).
import { concatBytes } from '../../bytes'
import { labelsToName } from '../names'
import { compareNames, isSubdomain, labelsToWire, lowerLabels, sameName, type Labels } from './canonical'
import { toBase32Hex } from './presentation'

export interface NsecFacts {
  owner: Labels
  next: Labels
  types: number[]
}

export interface Nsec3Facts {
  owner: Labels
  /** The owner's first label, decoded from Base32hex. */
  ownerHash: Uint8Array
  nextHash: Uint8Array
  types: number[]
  optOut: boolean
  hashAlgorithm: number
  iterations: number
  salt: Uint8Array
}

export type DenialKind = 'nxdomain' | 'nodata' | 'no-ds'

export interface DenialVerdict {
  /** 'proven': the denial holds; 'opt-out': the delegation may be unsigned (RFC 5155 §6), which is insecure. */
  outcome: 'proven' | 'opt-out' | 'not-proven'
  words: string
}

const T = { NS: 2, SOA: 6, CNAME: 5, DS: 43, DNAME: 39 } as const
const name = (l: Labels): string => labelsToName(l)
const WILDCARD = Uint8Array.of(0x2a)

/** Does the NSEC's gap hold `n` (owner < n < next, the last NSEC wrapping to the apex)? RFC 4034 §4.1.1. */
export function nsecCovers(nsec: NsecFacts, n: Labels): boolean {
  const afterOwner = compareNames(n, nsec.owner) > 0
  const beforeNext = compareNames(n, nsec.next) < 0
  return compareNames(nsec.owner, nsec.next) < 0 ? afterOwner && beforeNext : afterOwner || beforeNext
}

function commonSuffix(a: Labels, b: Labels): Labels {
  let n = 0
  while (n < a.length && n < b.length && sameName([a[a.length - 1 - n]!], [b[b.length - 1 - n]!])) n++
  return a.slice(a.length - n)
}

/** An NSEC at a delegation (NS without SOA) above the name says nothing about names below the cut (RFC 6840 §4.1). */
const delegationAbove = (nsec: NsecFacts, qname: Labels): boolean =>
  isSubdomain(qname, nsec.owner) && !sameName(qname, nsec.owner) && ((nsec.types.includes(T.NS) && !nsec.types.includes(T.SOA)) || nsec.types.includes(T.DNAME))

export function proveWithNsec(kind: DenialKind, qname: Labels, qtype: number, nsecs: NsecFacts[]): DenialVerdict {
  const q = name(qname)
  const match = nsecs.find((n) => sameName(n.owner, qname))
  if (kind === 'nodata' || kind === 'no-ds') {
    if (match) {
      if (match.types.includes(qtype)) return { outcome: 'not-proven', words: `The NSEC at ${q} lists type ${qtype} as present, so it does not deny it (RFC 4035 §5.4).` }
      if (match.types.includes(T.CNAME)) return { outcome: 'not-proven', words: `The NSEC at ${q} lists a CNAME: the answer should have followed it (RFC 4035 §5.4).` }
      if (kind === 'no-ds') {
        if (match.types.includes(T.SOA)) return { outcome: 'not-proven', words: `The NSEC at ${q} comes from the child zone (it has SOA); only the parent's NSEC proves a missing DS (RFC 6840 §4.4).` }
        if (!match.types.includes(T.NS)) return { outcome: 'not-proven', words: `The NSEC at ${q} has no NS: ${q} is not a delegation.` }
        return { outcome: 'proven', words: `The parent's NSEC at ${q} lists NS but no DS: an unsigned delegation, proven (RFC 4035 §5.2).` }
      }
      return { outcome: 'proven', words: `The NSEC at ${q} lists only ${match.types.length} types, not the one asked: no such record (RFC 4035 §5.4).` }
    }
    // Wildcard NODATA: qname is covered and the wildcard at the closest encloser exists without the type.
    const cover = nsecs.find((n) => nsecCovers(n, qname) && !delegationAbove(n, qname))
    if (cover) {
      const ce = [commonSuffix(qname, cover.owner), commonSuffix(qname, cover.next)].sort((a, b) => b.length - a.length)[0]!
      const wild = nsecs.find((n) => sameName(n.owner, [WILDCARD, ...ce]))
      if (wild && !wild.types.includes(qtype) && !wild.types.includes(T.CNAME)) {
        return { outcome: 'proven', words: `${q} does not exist and the wildcard *.${name(ce)} has no record of the type asked (RFC 4035 §5.4).` }
      }
    }
    return { outcome: 'not-proven', words: `No NSEC record matches ${q}, so nothing proves the type is absent (RFC 4035 §5.4).` }
  }
  const cover = nsecs.find((n) => nsecCovers(n, qname) && !delegationAbove(n, qname))
  if (!cover) return { outcome: 'not-proven', words: `No NSEC record covers ${q}: nothing proves the name does not exist (RFC 4035 §5.4).` }
  const ce = [commonSuffix(qname, cover.owner), commonSuffix(qname, cover.next)].sort((a, b) => b.length - a.length)[0]!
  const wildcard = [WILDCARD, ...ce]
  const wildCover = nsecs.find((n) => nsecCovers(n, wildcard))
  if (!wildCover) return { outcome: 'not-proven', words: `An NSEC covers ${q}, but none proves that the wildcard ${name(wildcard)} does not exist, so a wildcard could have answered (RFC 4035 §5.4).` }
  return { outcome: 'proven', words: `NSEC ${name(cover.owner)} → ${name(cover.next)} covers ${q}, and NSEC ${name(wildCover.owner)} → ${name(wildCover.next)} covers the wildcard ${name(wildcard)}: the name does not exist (RFC 4035 §5.4).` }
}

/** The most iterations we hash: RFC 9276 §3.2 lets validators treat more as insecure; we refuse to spend CPU on them. */
export const MAX_NSEC3_ITERATIONS = 500

/** NSEC3 hash (RFC 5155 §5): IH(0) = H(name | salt), IH(k) = H(IH(k-1) | salt). */
export function nsec3Hash(sha1: (d: Uint8Array) => Uint8Array, n: Labels, salt: Uint8Array, iterations: number): Uint8Array {
  let h = sha1(concatBytes([labelsToWire(lowerLabels(n)), salt]))
  for (let i = 0; i < iterations; i++) h = sha1(concatBytes([h, salt]))
  return h
}

function cmp(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return a.length - b.length
}

const nsec3Covers = (r: Nsec3Facts, h: Uint8Array): boolean =>
  cmp(r.ownerHash, r.nextHash) < 0 ? cmp(h, r.ownerHash) > 0 && cmp(h, r.nextHash) < 0 : cmp(h, r.ownerHash) > 0 || cmp(h, r.nextHash) < 0

export function proveWithNsec3(kind: DenialKind, qname: Labels, qtype: number, zone: Labels, records: Nsec3Facts[], sha1: (d: Uint8Array) => Uint8Array): DenialVerdict {
  const q = name(qname)
  const usable = records.filter((r) => r.hashAlgorithm === 1 && r.owner.length === zone.length + 1 && isSubdomain(r.owner, zone))
  if (usable.length === 0) return { outcome: 'not-proven', words: 'No NSEC3 record with a known hash algorithm (SHA-1) belongs to this zone (RFC 5155 §8.1).' }
  const { salt, iterations } = usable[0]!
  if (iterations > MAX_NSEC3_ITERATIONS) return { outcome: 'not-proven', words: `The NSEC3 chain uses ${iterations} iterations; over ${MAX_NSEC3_ITERATIONS} is not checked (RFC 9276 §3.2).` }
  const same = usable.filter((r) => r.iterations === iterations && cmp(r.salt, salt) === 0)
  const hashOf = (n: Labels): Uint8Array => nsec3Hash(sha1, n, salt, iterations)
  const matching = (n: Labels): Nsec3Facts | undefined => {
    const h = hashOf(n)
    return same.find((r) => cmp(r.ownerHash, h) === 0)
  }
  const b32 = (n: Labels): string => toBase32Hex(hashOf(n))

  if (kind !== 'nxdomain') {
    const m = matching(qname)
    if (m) {
      if (m.types.includes(qtype)) return { outcome: 'not-proven', words: `The NSEC3 for ${q} (${b32(qname)}) lists the type asked as present (RFC 5155 §8.5).` }
      if (m.types.includes(T.CNAME)) return { outcome: 'not-proven', words: `The NSEC3 for ${q} lists a CNAME: the answer should have followed it (RFC 5155 §8.5).` }
      if (kind === 'no-ds') {
        if (m.types.includes(T.SOA) || !m.types.includes(T.NS)) return { outcome: 'not-proven', words: `The NSEC3 for ${q} is not a delegation of the parent (RFC 5155 §8.6).` }
        return { outcome: 'proven', words: `The parent's NSEC3 for ${q} (${b32(qname)}) lists NS but no DS: an unsigned delegation, proven (RFC 5155 §8.6).` }
      }
      return { outcome: 'proven', words: `The NSEC3 matching ${q} (hash ${b32(qname)}) does not list the type asked: no such record (RFC 5155 §8.5).` }
    }
  }
  // Closest encloser proof (RFC 5155 §8.3): the longest existing ancestor, and the next closer name covered.
  let ce: Labels | null = null
  let nextCloser: Labels | null = null
  for (let i = 1; i <= qname.length - zone.length; i++) {
    const candidate = qname.slice(i)
    if (matching(candidate)) {
      ce = candidate
      nextCloser = qname.slice(i - 1)
      break
    }
  }
  if (!ce || !nextCloser) return { outcome: 'not-proven', words: `No NSEC3 matches an ancestor of ${q}: the closest encloser is not proven (RFC 5155 §8.3).` }
  const ceRecord = matching(ce)!
  if (ceRecord.types.includes(T.DNAME) || (ceRecord.types.includes(T.NS) && !ceRecord.types.includes(T.SOA))) {
    return { outcome: 'not-proven', words: `The closest encloser ${name(ce)} is a delegation or DNAME, so it cannot prove what lies below it (RFC 5155 §8.3).` }
  }
  const nc = hashOf(nextCloser)
  const ncCover = same.find((r) => nsec3Covers(r, nc))
  if (!ncCover) return { outcome: 'not-proven', words: `The closest encloser of ${q} is ${name(ce)}, but no NSEC3 covers the next closer name ${name(nextCloser)} (RFC 5155 §8.3).` }
  if (kind === 'no-ds') {
    if (ncCover.optOut) return { outcome: 'opt-out', words: `An Opt-Out NSEC3 covers ${name(nextCloser)}: the delegation may be unsigned, so it is insecure (RFC 5155 §6, §8.6).` }
    return { outcome: 'not-proven', words: `The NSEC3 covering ${name(nextCloser)} has no Opt-Out flag and none matches ${q}: the missing DS is not proven (RFC 5155 §8.6).` }
  }
  const wildcard = [WILDCARD, ...ce]
  if (kind === 'nodata') {
    const w = matching(wildcard)
    if (w && !w.types.includes(qtype) && !w.types.includes(T.CNAME)) return { outcome: 'proven', words: `Wildcard NODATA: ${name(wildcard)} exists without the type asked (RFC 5155 §8.7).` }
    return { outcome: 'not-proven', words: `No NSEC3 matches ${q}, so nothing proves the type is absent (RFC 5155 §8.5).` }
  }
  const wc = hashOf(wildcard)
  const wildCover = same.find((r) => nsec3Covers(r, wc))
  if (!wildCover) return { outcome: 'not-proven', words: `No NSEC3 covers the wildcard ${name(wildcard)}, so a wildcard could have answered (RFC 5155 §8.4).` }
  return {
    outcome: 'proven',
    words: `Closest encloser ${name(ce)} exists (hash ${toBase32Hex(ceRecord.ownerHash)}), the next closer name ${name(nextCloser)} is covered and so is ${name(wildcard)}: ${q} does not exist (RFC 5155 §8.4).`
  }
}

/**
 * A wildcard answer (its RRSIG has fewer labels than the owner) is only valid with proof that no closer name exists:
 * an NSEC covering qname, or an NSEC3 covering the next closer name below the wildcard's closest encloser
 * (RFC 4035 §5.3.4, RFC 5155 §8.8).
 */
export function proveWildcardAnswer(qname: Labels, rrsigLabels: number, zone: Labels, nsecs: NsecFacts[], nsec3s: Nsec3Facts[], sha1: (d: Uint8Array) => Uint8Array): DenialVerdict {
  const q = name(qname)
  const source = name([WILDCARD, ...qname.slice(qname.length - rrsigLabels)])
  if (nsec3s.length > 0) {
    const r0 = nsec3s.find((r) => r.hashAlgorithm === 1 && r.iterations <= MAX_NSEC3_ITERATIONS)
    if (!r0) return { outcome: 'not-proven', words: `The wildcard answer for ${q} came with no usable NSEC3 record (RFC 5155 §8.8).` }
    const nextCloser = qname.slice(qname.length - rrsigLabels - 1)
    const h = nsec3Hash(sha1, nextCloser, r0.salt, r0.iterations)
    if (nsec3s.some((r) => isSubdomain(r.owner, zone) && nsec3Covers(r, h))) return { outcome: 'proven', words: `${q} was answered by the wildcard ${source}; an NSEC3 covers the next closer name ${name(nextCloser)}, so no closer match exists (RFC 5155 §8.8).` }
    return { outcome: 'not-proven', words: `${q} was answered by the wildcard ${source}, but no NSEC3 covers the next closer name ${name(nextCloser)} (RFC 5155 §8.8).` }
  }
  if (nsecs.some((n) => nsecCovers(n, qname))) return { outcome: 'proven', words: `${q} was answered by the wildcard ${source}; an NSEC proves ${q} itself does not exist (RFC 4035 §5.3.4).` }
  return { outcome: 'not-proven', words: `${q} was answered by the wildcard ${source}, but no NSEC proves that ${q} itself does not exist, so the expansion is not proven (RFC 4035 §5.3.4).` }
}
