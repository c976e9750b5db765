// Encoders for the extensions Wirebench puts in new certificates and CSRs (the inverse of extensions.ts).
import { createHash } from 'node:crypto'
import { decode } from '../../shared/x509/asn1'
import { type Der, bits, bool, concat, explicit, ia5, implicitConstructed, implicitPrimitive, int, octets, oid, seq } from '../../shared/x509/der'
import { OID } from '../../shared/x509/oids'
import { WirebenchError } from '../../shared/errors'
import { encodeGeneralName, encodeGeneralNames } from './build-name'
import type { GeneralName, KeyUsageName } from './types'

export interface ExtensionSpec {
  oid: string
  critical: boolean
  value: Der
}

export function encodeExtension(e: ExtensionSpec): Der {
  return e.critical ? seq(oid(e.oid), bool(true), octets(e.value)) : seq(oid(e.oid), octets(e.value))
}

const KEY_USAGE_BITS: Record<KeyUsageName, number> = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
  encipherOnly: 7,
  decipherOnly: 8
}

export const EKU_BY_NAME: Record<string, string> = {
  serverAuth: OID.serverAuth,
  clientAuth: OID.clientAuth,
  codeSigning: '1.3.6.1.5.5.7.3.3',
  emailProtection: '1.3.6.1.5.5.7.3.4',
  timeStamping: '1.3.6.1.5.5.7.3.8',
  ocspSigning: '1.3.6.1.5.5.7.3.9',
  anyExtendedKeyUsage: OID.anyExtendedKeyUsage
}

export function basicConstraints(ca: boolean, pathLength?: number, critical = true): ExtensionSpec {
  const parts: Der[] = []
  if (ca) parts.push(bool(true))
  if (ca && pathLength !== undefined) parts.push(int(pathLength))
  return { oid: OID.basicConstraints, critical, value: seq(...parts) }
}

/** KeyUsage as a named bit list: DER drops trailing zero bits. */
export function keyUsage(usages: KeyUsageName[], critical = true): ExtensionSpec {
  let mask = 0
  for (const u of usages) {
    const bit = KEY_USAGE_BITS[u]
    if (bit === undefined) throw new WirebenchError('INVALID_INPUT', `Unknown key usage "${u}".`)
    mask |= 1 << (15 - bit)
  }
  if (mask === 0) return { oid: OID.keyUsage, critical, value: bits(new Uint8Array(0)) }
  let last = 0
  for (let b = 0; b < 16; b++) if (mask & (1 << (15 - b))) last = b
  const byteCount = last < 8 ? 1 : 2
  const bytes = byteCount === 1 ? new Uint8Array([mask >> 8]) : new Uint8Array([mask >> 8, mask & 0xff])
  const unused = byteCount * 8 - 1 - last
  return { oid: OID.keyUsage, critical, value: bits(bytes, unused) }
}

export function extKeyUsage(purposes: string[], critical = false): ExtensionSpec {
  const oids = purposes.map((p) => {
    const o = EKU_BY_NAME[p] ?? p
    if (!/^\d+(\.\d+)+$/.test(o)) throw new WirebenchError('INVALID_INPUT', `Unknown extended key usage "${p}" (use serverAuth, clientAuth, ... or an OID).`)
    return o
  })
  return { oid: OID.extKeyUsage, critical, value: seq(...oids.map((o) => oid(o))) }
}

export function subjectAltName(names: GeneralName[], critical = false): ExtensionSpec {
  return { oid: OID.subjectAltName, critical, value: encodeGeneralNames(names) }
}

/** RFC 5280 §4.2.1.2 method (1): SHA-1 of the subjectPublicKey BIT STRING contents. */
export function keyIdentifier(spkiDer: Uint8Array): Uint8Array {
  const spki = decode(spkiDer)
  const keyBits = spki.children[1]
  const content = keyBits ? keyBits.content.subarray(1) : spkiDer
  return new Uint8Array(createHash('sha1').update(content).digest())
}

export function subjectKeyIdentifier(keyId: Uint8Array): ExtensionSpec {
  return { oid: OID.subjectKeyIdentifier, critical: false, value: octets(keyId) }
}

export function authorityKeyIdentifier(keyId: Uint8Array): ExtensionSpec {
  return { oid: OID.authorityKeyIdentifier, critical: false, value: seq(implicitPrimitive(0, keyId)) }
}

export function authorityInfoAccess(ocsp: string[], caIssuers: string[]): ExtensionSpec {
  const enc = new TextEncoder()
  const ad = (method: string, uri: string): Der => seq(oid(method), implicitPrimitive(6, enc.encode(uri)))
  return {
    oid: OID.authorityInfoAccess,
    critical: false,
    value: seq(...ocsp.map((u) => ad(OID.ocsp, u)), ...caIssuers.map((u) => ad(OID.caIssuers, u)))
  }
}

export function crlDistributionPoints(urls: string[]): ExtensionSpec {
  const enc = new TextEncoder()
  const point = (u: string): Der => seq(explicit(0, implicitConstructed(0, implicitPrimitive(6, enc.encode(u)))))
  return { oid: OID.crlDistributionPoints, critical: false, value: seq(...urls.map(point)) }
}

export function certificatePolicies(policyOids: string[], cpsUrl?: string): ExtensionSpec {
  return {
    oid: OID.certificatePolicies,
    critical: false,
    value: seq(
      ...policyOids.map((p, i) =>
        i === 0 && cpsUrl ? seq(oid(p), seq(seq(oid(OID.cpsQualifier), ia5(cpsUrl)))) : seq(oid(p))
      )
    )
  }
}

export interface NameConstraintsSpec {
  /** Names as typed: "example.com", ".example.com", "10.0.0.0/8", "user@example.com", "@example.com" (e-mail domain). */
  permitted?: (string | GeneralName)[]
  excluded?: (string | GeneralName)[]
}

function constraintName(n: string | GeneralName): GeneralName {
  if (typeof n !== 'string') return n
  if (/^[0-9a-f:.]+\/\d+$/i.test(n)) return { type: 'ip', value: n }
  if (n.includes('@')) return { type: 'email', value: n.startsWith('@') ? n.slice(1) : n }
  if (/^[a-z]+:\/\//i.test(n)) return { type: 'uri', value: n.replace(/^[a-z]+:\/\//i, '') }
  return { type: 'dns', value: n }
}

export function nameConstraints(spec: NameConstraintsSpec, critical = true): ExtensionSpec {
  // [0]/[1] IMPLICIT SEQUENCE OF GeneralSubtree: the subtrees directly inside the context tag
  const subtrees = (names: (string | GeneralName)[]): Uint8Array => concat(names.map((n) => seq(encodeGeneralName(constraintName(n), true))))
  const parts: Der[] = []
  if (spec.permitted?.length) parts.push(implicitConstructed(0, subtrees(spec.permitted)))
  if (spec.excluded?.length) parts.push(implicitConstructed(1, subtrees(spec.excluded)))
  return { oid: OID.nameConstraints, critical, value: seq(...parts) }
}

export function tlsFeatureMustStaple(): ExtensionSpec {
  return { oid: OID.tlsFeature, critical: false, value: seq(int(5)) }
}
