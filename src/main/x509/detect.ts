// What a DER blob is, judged by its structure rather than a file extension: a table of detectors tried in order.
import { type Asn1, Tag, readOid } from '../../shared/x509/asn1'
import { looksLikeCrl } from './crl'
import { looksLikeCsr } from './csr'
import { looksLikePkcs12 } from './pkcs12'
import { looksLikePkcs7 } from './pkcs7'

export type DerKind =
  | 'pkcs12'
  | 'pkcs7'
  | 'csr'
  | 'crl'
  | 'certificate'
  | 'encryptedPkcs8'
  | 'pkcs8'
  | 'spki'
  | 'pkcs1Private'
  | 'sec1'
  | 'pkcs1Public'

const PBE_PREFIXES = ['1.2.840.113549.1.5.', '1.2.840.113549.1.12.1.']

function kids(root: Asn1): Asn1[] {
  return root.isUniversal(Tag.sequence) ? root.children : []
}

function firstOid(node: Asn1 | undefined): string | undefined {
  try {
    const n = node?.children[0]
    return n?.isUniversal(Tag.oid) ? readOid(n) : undefined
  } catch {
    return undefined
  }
}

const isInt = (n: Asn1 | undefined): boolean => !!n?.isUniversal(Tag.integer)
const isSeq = (n: Asn1 | undefined): boolean => !!n?.isUniversal(Tag.sequence)

const DETECTORS: { kind: DerKind; test: (root: Asn1, k: Asn1[]) => boolean }[] = [
  { kind: 'pkcs12', test: (root) => looksLikePkcs12(root) },
  { kind: 'pkcs7', test: (root) => looksLikePkcs7(root) },
  { kind: 'csr', test: (root, k) => k.length === 3 && looksLikeCsr(root) },
  { kind: 'crl', test: (root, k) => k.length === 3 && k[2]?.isUniversal(Tag.bitString) === true && looksLikeCrl(root) },
  { kind: 'certificate', test: (_, k) => k.length === 3 && isSeq(k[0]) && isSeq(k[1]) && !!k[2]?.isUniversal(Tag.bitString) },
  {
    kind: 'encryptedPkcs8',
    test: (_, k) => k.length === 2 && !!k[1]?.isUniversal(Tag.octetString) && PBE_PREFIXES.some((p) => firstOid(k[0])?.startsWith(p) === true)
  },
  { kind: 'spki', test: (_, k) => k.length === 2 && isSeq(k[0]) && !!k[1]?.isUniversal(Tag.bitString) && firstOid(k[0]) !== undefined },
  { kind: 'pkcs8', test: (_, k) => k.length >= 3 && isInt(k[0]) && isSeq(k[1]) && !!k[2]?.isUniversal(Tag.octetString) },
  { kind: 'pkcs1Private', test: (_, k) => k.length >= 9 && k.slice(0, 9).every(isInt) },
  { kind: 'sec1', test: (_, k) => k.length >= 2 && isInt(k[0]) && k[0]?.content[0] === 1 && !!k[1]?.isUniversal(Tag.octetString) },
  { kind: 'pkcs1Public', test: (_, k) => k.length === 2 && isInt(k[0]) && isInt(k[1]) }
]

/** The first detector that recognises the structure, or undefined. Never throws. */
export function detectDer(root: Asn1): DerKind | undefined {
  let k: Asn1[]
  try {
    k = kids(root)
  } catch {
    return undefined
  }
  for (const d of DETECTORS) {
    try {
      if (d.test(root, k)) return d.kind
    } catch {
      // a detector that trips over malformed input simply does not match
    }
  }
  return undefined
}
