// The canonical forms DNSSEC signs and orders by (RFC 4034 §6, corrected by RFC 6840 §5.1): names lower-cased and
// uncompressed, RRsets sorted by RDATA, and the names' canonical order that NSEC chains follow. Built from the
// message's own bytes (decompressing names inside RDATA), so what is verified is exactly what came.
import { ByteReader, ByteWriter, concatBytes } from '../../bytes'
import { WirebenchError } from '../../errors'
import { readName, nameToLabels } from '../names'

export type Labels = Uint8Array[]

const lower = (b: number): number => (b >= 0x41 && b <= 0x5a ? b + 32 : b)

export function lowerLabels(labels: readonly Uint8Array[]): Labels {
  return labels.map((l) => Uint8Array.from(l, lower))
}

/** Uncompressed wire form of labels. */
export function labelsToWire(labels: readonly Uint8Array[]): Uint8Array {
  const w = new ByteWriter()
  for (const l of labels) w.u8(l.length).bytes(l)
  return w.u8(0).finish()
}

/** Canonical (lower-case, uncompressed) wire form of a presentation name. */
export const canonicalWire = (name: string): Uint8Array => labelsToWire(lowerLabels(nameToLabels(name)))

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return a.length - b.length
}

/** RFC 4034 §6.1: compare label by label from the right, each as lower-cased octets; an absent label sorts first. */
export function compareNames(a: readonly Uint8Array[], b: readonly Uint8Array[]): number {
  const la = lowerLabels(a)
  const lb = lowerLabels(b)
  for (let i = 1; i <= Math.min(la.length, lb.length); i++) {
    const c = compareBytes(la[la.length - i]!, lb[lb.length - i]!)
    if (c !== 0) return c
  }
  return la.length - lb.length
}

export const sameName = (a: readonly Uint8Array[], b: readonly Uint8Array[]): boolean => a.length === b.length && compareNames(a, b) === 0

/** Is `name` equal to or below `ancestor`? */
export function isSubdomain(name: readonly Uint8Array[], ancestor: readonly Uint8Array[]): boolean {
  return name.length >= ancestor.length && sameName(name.slice(name.length - ancestor.length), ancestor)
}

// How names sit inside the RDATA of the types RFC 4034 §6.2 lists (with RFC 3597 §4 on compression): a number is
// that many fixed octets, 'n' a name, 's' a character-string, 'rest' everything after. NSEC's next name keeps its
// case (RFC 6840 §5.1), RRSIG's signer is lower-cased.
type Part = number | 'n' | 'N' | 's' | 'rest'
const LAYOUTS: Record<number, Part[]> = {
  2: ['n'], 3: ['n'], 4: ['n'], 5: ['n'], 7: ['n'], 8: ['n'], 9: ['n'], 12: ['n'], 39: ['n'],
  6: ['n', 'n', 'rest'], 14: ['n', 'n'], 17: ['n', 'n'],
  15: [2, 'n'], 18: [2, 'n'], 21: [2, 'n'], 36: [2, 'n'], 26: [2, 'n', 'n'],
  33: [6, 'n'], 35: [4, 's', 's', 's', 'n'],
  24: [18, 'n', 'rest'], 46: [18, 'n', 'rest'], 47: ['N', 'rest']
}

/** The record's RDATA in canonical form, read from the whole message (names inside may be compressed). */
export function canonicalRdata(message: Uint8Array, typeCode: number, rdataOffset: number, rdataLength: number): Uint8Array {
  const end = rdataOffset + rdataLength
  const layout = LAYOUTS[typeCode]
  if (!layout) return message.slice(rdataOffset, end)
  const r = new ByteReader(message, rdataOffset, end)
  const out: Uint8Array[] = []
  for (const part of layout) {
    if (part === 'rest') out.push(r.take(r.remaining))
    else if (typeof part === 'number') out.push(r.take(part, 'RDATA field'))
    else if (part === 's') out.push(r.take(1 + (message[r.pos] ?? 0), 'character-string'))
    else {
      if (r.pos >= end) throw new WirebenchError('DNS_MALFORMED', `A name inside RDATA at byte ${r.pos} is missing.`)
      const n = readName(message, r.pos)
      if (n.end > end) throw new WirebenchError('DNS_MALFORMED', `A name inside RDATA at byte ${r.pos} runs past the RDATA.`)
      out.push(labelsToWire(part === 'N' ? n.labels : lowerLabels(n.labels)))
      r.pos = n.end
    }
  }
  if (r.pos !== end) throw new WirebenchError('DNS_MALFORMED', `The RDATA at byte ${rdataOffset} has ${end - r.pos} octets more than its type holds.`)
  return concatBytes(out)
}

/** The labels of the name at `offset` of the message. */
export const labelsAt = (message: Uint8Array, offset: number): Labels => readName(message, offset).labels

export interface SignedRrset {
  /** The owner as RFC 4035 §5.3.2 rebuilds it: "*." + the rightmost `labels` labels for a wildcard expansion. */
  owner: Labels
  typeCode: number
  classCode: number
  originalTtl: number
  /** Canonical RDATA of each record. */
  rdatas: Uint8Array[]
}

/** RRSIG RDATA up to the signature, the signer lower-cased (RFC 4034 §3.1.8.1). */
export function rrsigPrefix(f: { typeCode: number; algorithm: number; labels: number; originalTtl: number; expiration: number; inception: number; keyTag: number; signer: Labels }): Uint8Array {
  const w = new ByteWriter()
  w.u16(f.typeCode).u8(f.algorithm).u8(f.labels).u32(f.originalTtl).u32(f.expiration).u32(f.inception).u16(f.keyTag)
  w.bytes(labelsToWire(lowerLabels(f.signer)))
  return w.finish()
}

/** The owner a signature covers: the name itself, or "*.<rightmost labels>" when the RRSIG has fewer labels (RFC 4035 §5.3.2). */
export function signedOwner(owner: Labels, rrsigLabels: number): Labels {
  const count = owner.length > 0 && owner[0]!.length === 1 && owner[0]![0] === 0x2a ? owner.length - 1 : owner.length
  if (rrsigLabels >= count) return owner
  return [Uint8Array.of(0x2a), ...owner.slice(owner.length - rrsigLabels)]
}

/** signature = sign(RRSIG_RDATA | RR(1) | RR(2)…), RRs canonical, sorted by RDATA, duplicates removed (RFC 4034 §3.1.8.1, §6.3). */
export function signedData(prefix: Uint8Array, set: SignedRrset): Uint8Array {
  const owner = labelsToWire(lowerLabels(set.owner))
  const sorted = [...set.rdatas].sort(compareBytes).filter((r, i, all) => i === 0 || compareBytes(r, all[i - 1]!) !== 0)
  const w = new ByteWriter().bytes(prefix)
  for (const rdata of sorted) w.bytes(owner).u16(set.typeCode).u16(set.classCode).u32(set.originalTtl).u16(rdata.length).bytes(rdata)
  return w.finish()
}

/** DS digest input: canonical owner name | DNSKEY RDATA (RFC 4034 §5.1.4). */
export const dsDigestInput = (owner: Labels, dnskeyRdata: Uint8Array): Uint8Array => concatBytes([labelsToWire(lowerLabels(owner)), dnskeyRdata])
