// Test-only CRL builder (RFC 5280 §5.1): complete and delta CRLs with any entries, reasons and extensions, signed by a
// CA key we generated, so revocation tests can make the exact CRL each case needs — including broken ones.
import { createPrivateKey } from 'node:crypto'
import { type Der, bool, concat, explicit, implicitPrimitive, int, octets, oid, seq, tlv, time, uintBytes, hexBytes } from '../../shared/x509/der'
import { findPemBlocks } from '../../shared/x509/pem'
import { OID } from '../../shared/x509/oids'
import { parseCertificate, type ParsedCertificate } from '../x509/certificate'
import { signed, signerFor } from '../x509/build-signer'
import type { IssuedCertificateResult } from '../x509/types'

export const REASON = { unspecified: 0, keyCompromise: 1, cACompromise: 2, superseded: 4, certificateHold: 6, removeFromCRL: 8 } as const

export interface CrlEntrySpec {
  serialHex: string
  date: number
  reason?: number
  invalidityDate?: number
  /** Further entry extensions (e.g. an unknown critical one). */
  extensions?: ExtensionSpec[]
}

export interface ExtensionSpec {
  oid: string
  critical: boolean
  value: Der
}

export interface CrlSpec {
  thisUpdate: number
  /** null: leave nextUpdate out. */
  nextUpdate: number | null
  crlNumber?: number
  /** Makes it a delta CRL (§5.2.4) on top of this base CRL number. */
  deltaBase?: number
  entries?: CrlEntrySpec[]
  /** Pre-encoded entries appended as they are (the big-CRL test). */
  rawEntries?: Uint8Array
  extensions?: ExtensionSpec[]
  /** Leave the AKI out. */
  noAki?: boolean
  /** Sign with this CA instead (same issuer name, another key). */
  signWith?: IssuedCertificateResult
}

export function parsePem(pem: string): ParsedCertificate {
  const der = findPemBlocks(pem)[0]?.der
  if (!der) throw new Error('no PEM certificate')
  return parseCertificate(der)
}

function extension(e: ExtensionSpec): Der {
  return seq(oid(e.oid), ...(e.critical ? [bool(true)] : []), octets(e.value))
}

export function entryDer(e: CrlEntrySpec): Der {
  const exts: ExtensionSpec[] = [...(e.extensions ?? [])]
  if (e.reason !== undefined) exts.push({ oid: '2.5.29.21', critical: false, value: tlv(0x0a, new Uint8Array([e.reason])) })
  if (e.invalidityDate !== undefined) {
    const d = new Date(Math.floor(e.invalidityDate / 1000) * 1000).toISOString().replace(/[-:T]|\.000/g, '')
    exts.push({ oid: '2.5.29.24', critical: false, value: tlv(0x18, new TextEncoder().encode(d)) })
  }
  return seq(uintBytes(hexBytes(e.serialHex)), time(e.date), ...(exts.length ? [seq(...exts.map(extension))] : []))
}

/** IssuingDistributionPoint value (§5.2.5) with a URI fullName and the flags asked for. */
export function idpValue(o: { uri?: string; onlyUser?: boolean; onlyCA?: boolean; someReasons?: number[]; indirect?: boolean }): Der {
  const enc = new TextEncoder()
  const parts: Der[] = []
  if (o.uri) parts.push(explicit(0, tlv(0xa0, implicitPrimitive(6, enc.encode(o.uri)))))
  if (o.onlyUser) parts.push(implicitPrimitive(1, new Uint8Array([0xff])))
  if (o.onlyCA) parts.push(implicitPrimitive(2, new Uint8Array([0xff])))
  if (o.someReasons) parts.push(implicitPrimitive(3, new Uint8Array(o.someReasons)))
  if (o.indirect) parts.push(implicitPrimitive(4, new Uint8Array([0xff])))
  return seq(...parts)
}

/** A DER CRL issued by `ca` (its subject is the CRL issuer; its key signs unless `signWith` says otherwise). */
export function buildCrl(ca: IssuedCertificateResult, spec: CrlSpec): Uint8Array {
  const caCert = parsePem(ca.certPem)
  const signer = signerFor(createPrivateKey((spec.signWith ?? ca).keyPem as string))
  const exts: ExtensionSpec[] = []
  const ski = caCert.extensions.get(OID.subjectKeyIdentifier)
  if (ski && !spec.noAki) exts.push({ oid: OID.authorityKeyIdentifier, critical: false, value: seq(implicitPrimitive(0, hexBytes(ski.hex).subarray(2))) })
  if (spec.crlNumber !== undefined) exts.push({ oid: OID.crlNumber, critical: false, value: int(spec.crlNumber) })
  if (spec.deltaBase !== undefined) exts.push({ oid: '2.5.29.27', critical: true, value: int(spec.deltaBase) })
  exts.push(...(spec.extensions ?? []))
  const entries = concat([...(spec.entries ?? []).map(entryDer), spec.rawEntries ?? new Uint8Array()])
  const tbs = seq(
    int(1),
    signer.algorithm,
    caCert.subject.der,
    time(spec.thisUpdate),
    ...(spec.nextUpdate === null ? [] : [time(spec.nextUpdate)]),
    ...(entries.length ? [tlv(0x30, entries)] : []),
    ...(exts.length ? [explicit(0, seq(...exts.map(extension)))] : [])
  )
  return signed(tbs, signer)
}
