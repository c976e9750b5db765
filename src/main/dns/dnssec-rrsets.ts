// RRsets as DNSSEC sees them, read straight from a response's bytes (so what is verified is exactly what came):
// records grouped by owner and type with their RRSIGs, DNSKEYs with their key tags, and one RRset's signatures
// checked against a zone's keys by RFC 4035 §5.3 (signer, labels, validity window, key tag and algorithm, crypto).
import { ByteReader } from '../../shared/bytes'
import type { DnsMessage, DnsRecord } from '../../shared/dns/model'
import { canonicalRdata, labelsAt, rrsigPrefix, sameName, signedData, signedOwner, type Labels } from '../../shared/dns/dnssec/canonical'
import { keyTag } from '../../shared/dns/dnssec/key-tag'
import { algorithmWords } from '../../shared/dns/dnssec/algorithms'
import { formatSigTime } from '../../shared/dns/dnssec/presentation'
import { labelsToName, readName } from '../../shared/dns/names'
import { typeName } from '../../shared/dns/types'
import { verifySignature } from './dnssec-crypto'

export interface Packet {
  bytes: Uint8Array
  message: DnsMessage
}

export interface Sig {
  typeCovered: number
  algorithm: number
  labels: number
  originalTtl: number
  expiration: number
  inception: number
  keyTag: number
  signer: Labels
  signature: Uint8Array
  prefix: Uint8Array
}

export interface Rrset {
  owner: Labels
  name: string
  typeCode: number
  type: string
  classCode: number
  records: DnsRecord[]
  rdatas: Uint8Array[]
  sigs: Sig[]
}

export interface ZoneKey {
  tag: number
  flags: number
  protocol: number
  algorithm: number
  publicKey: Uint8Array
  rdata: Uint8Array
}

const RRSIG = 46

function readSig(bytes: Uint8Array, rec: DnsRecord): Sig {
  const r = new ByteReader(bytes, rec.rdataOffset, rec.rdataOffset + rec.rdataLength)
  const f = { typeCovered: r.u16(), algorithm: r.u8(), labels: r.u8(), originalTtl: r.u32(), expiration: r.u32(), inception: r.u32(), keyTag: r.u16() }
  const n = readName(bytes, r.pos)
  const signer = n.labels
  const signature = bytes.slice(n.end, rec.rdataOffset + rec.rdataLength)
  return { ...f, signer, signature, prefix: rrsigPrefix({ ...f, typeCode: f.typeCovered, signer }) }
}

/** Groups a section's records into RRsets (owner + type + class), each with the RRSIGs that cover it. */
export function rrsets(p: Packet, records: DnsRecord[]): Rrset[] {
  const sets: Rrset[] = []
  const sigs: { owner: Labels; sig: Sig }[] = []
  for (const rec of records) {
    const n = readName(p.bytes, rec.offset)
    const classCode = (p.bytes[n.end + 2]! << 8) | p.bytes[n.end + 3]!
    if (rec.typeCode === RRSIG) {
      try {
        sigs.push({ owner: n.labels, sig: readSig(p.bytes, rec) })
      } catch {}
      continue
    }
    let set = sets.find((s) => s.typeCode === rec.typeCode && s.classCode === classCode && sameName(s.owner, n.labels))
    if (!set) {
      set = { owner: n.labels, name: labelsToName(n.labels), typeCode: rec.typeCode, type: typeName(rec.typeCode), classCode, records: [], rdatas: [], sigs: [] }
      sets.push(set)
    }
    set.records.push(rec)
    set.rdatas.push(canonicalRdata(p.bytes, rec.typeCode, rec.rdataOffset, rec.rdataLength))
  }
  for (const { owner, sig } of sigs) sets.find((s) => s.typeCode === sig.typeCovered && sameName(s.owner, owner))?.sigs.push(sig)
  return sets
}

export function zoneKeys(p: Packet, set: Rrset | undefined): ZoneKey[] {
  if (!set) return []
  return set.records.map((rec) => {
    const rdata = p.bytes.slice(rec.rdataOffset, rec.rdataOffset + rec.rdataLength)
    return { tag: keyTag(rdata), flags: (rdata[0]! << 8) | rdata[1]!, protocol: rdata[2]!, algorithm: rdata[3]!, publicKey: rdata.subarray(4), rdata }
  })
}

/** RFC 1982 serial arithmetic on 32-bit times: is a later than b? */
const later = (a: number, b: number): boolean => {
  const d = (a - b) >>> 0
  return d !== 0 && d < 0x80000000
}

export interface RrsetVerdict {
  status: 'secure' | 'insecure' | 'bogus'
  words: string
  details: Record<string, string>
  /** The RRSIG that verified (for wildcard checks: its label count). */
  sig: Sig | null
}

/** Verifies an RRset with the keys of `zone` (RFC 4035 §5.3.1–5.3.3); `now` in seconds since 1970. */
export function verifyRrset(set: Rrset, keys: ZoneKey[], zone: Labels, now: number): RrsetVerdict {
  const what = `${set.name} ${set.type}`
  const z = labelsToName(zone)
  if (set.sigs.length === 0) return { status: 'bogus', words: `${what} has no RRSIG, but ${z} is signed: the answer may have been altered or stripped (RFC 4035 §5.3).`, details: {}, sig: null }
  const problems: string[] = []
  let allUnsupported = true
  const t = (s: number): string => `${formatSigTime(s)} UTC`
  for (const sig of set.sigs) {
    const by = `RRSIG by key ${sig.keyTag} over ${what}`
    const details = { keyTag: String(sig.keyTag), algorithm: algorithmWords(sig.algorithm), inception: t(sig.inception), expiration: t(sig.expiration), originalTtl: String(sig.originalTtl), labels: String(sig.labels) }
    const candidates = keys.filter((k) => k.tag === sig.keyTag && k.algorithm === sig.algorithm)
    if (!sameName(sig.signer, zone)) {
      problems.push(`${by} names signer ${labelsToName(sig.signer)}, not the zone ${z} (RFC 4035 §5.3.1)`)
      continue
    }
    if (sig.labels > set.owner.length) {
      problems.push(`${by} says ${sig.labels} labels, more than the owner has (RFC 4035 §5.3.1)`)
      continue
    }
    if (later(sig.inception, now)) {
      allUnsupported = false
      problems.push(`${by} is not valid yet: its inception is ${t(sig.inception)} (RFC 4035 §5.3.1)`)
      continue
    }
    if (later(now, sig.expiration)) {
      allUnsupported = false
      problems.push(`${by} has expired: it was valid until ${t(sig.expiration)} (RFC 4035 §5.3.1)`)
      continue
    }
    if (candidates.length === 0) {
      problems.push(`${by} names a key that ${z}'s DNSKEY set does not hold (tag ${sig.keyTag}, algorithm ${algorithmWords(sig.algorithm)}) (RFC 4035 §5.3.1)`)
      allUnsupported = false
      continue
    }
    const data = signedData(sig.prefix, { owner: signedOwner(set.owner, sig.labels), typeCode: set.typeCode, classCode: set.classCode, originalTtl: sig.originalTtl, rdatas: set.rdatas })
    for (const key of candidates) {
      if (!(key.flags & 0x100) || key.protocol !== 3) {
        problems.push(`${by}: key ${key.tag} is not a zone key (flags ${key.flags}, protocol ${key.protocol}) and may not sign (RFC 4034 §2.1.1)`)
        allUnsupported = false
        continue
      }
      const v = verifySignature(sig.algorithm, key.publicKey, data, sig.signature)
      if (v.ok) {
        const wild = sig.labels < set.owner.length - (set.owner[0]?.length === 1 && set.owner[0][0] === 0x2a ? 1 : 0)
        return {
          status: 'secure',
          words: `${by} (${algorithmWords(sig.algorithm)}) verifies; valid from ${t(sig.inception)} to ${t(sig.expiration)}${wild ? '; it is a wildcard expansion (RFC 4035 §5.3.4)' : ''} (RFC 4035 §5.3).`,
          details: { ...details, signedBytes: String(data.length), ownerSigned: labelsToName(signedOwner(set.owner, sig.labels)) },
          sig
        }
      }
      if (v.reason !== 'unsupported') allUnsupported = false
      problems.push(`${by} does not verify: ${v.words} (RFC 4035 §5.3.3)`)
    }
  }
  if (allUnsupported) return { status: 'insecure', words: `${what} is signed only with algorithms Wirebench cannot verify, so it is treated as unsigned (RFC 4035 §5.2, RFC 8624): ${problems.join('; ')}.`, details: {}, sig: null }
  return { status: 'bogus', words: `${problems.join('; ')}.`, details: { rrsigs: String(set.sigs.length) }, sig: null }
}

/** The labels of a record's owner. */
export const ownerOf = (p: Packet, rec: DnsRecord): Labels => labelsAt(p.bytes, rec.offset)
