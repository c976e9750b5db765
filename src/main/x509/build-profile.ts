// What a new certificate says besides its names and key: the profile (a preset from the shared table plus
// overrides) becomes validity, a serial number and the list of extensions.
import { randomBytes } from 'node:crypto'
import { type Der, hexBytes, intRaw, uintBytes } from '../../shared/x509/der'
import { CERTIFICATE_PRESETS, type CertificatePreset } from '../../shared/x509/presets'
import { WirebenchError } from '../../shared/errors'
import * as ext from './build-extensions'
import type { SubjectInput } from './build-name'
import type { SignatureHash } from './build-signer'
import type { GeneralName, KeyUsageName } from './types'

export type { CertificatePreset }

const DAY = 86_400_000

export interface CertificateProfile {
  subject: SubjectInput
  /** Subject Alternative Names: DNS names, IP addresses, e-mail addresses (with @) and URIs (with ://). */
  names?: string[]
  /** Extension defaults (key usage, EKU, basic constraints); options below override them. Default 'server'. */
  preset?: CertificatePreset
  /** Validity in days from notBefore (default 90 for end entities, 3650 for a root, 1825 for an intermediate). */
  days?: number
  notBefore?: Date | string
  notAfter?: Date | string
  /** Serial content octets in hex, exactly as encoded (lets labs build negative or over-long serials). */
  serialHex?: string
  pathLength?: number
  keyUsage?: KeyUsageName[]
  /** Names (serverAuth, clientAuth, codeSigning, emailProtection, anyExtendedKeyUsage) or OIDs; [] for none. */
  extKeyUsage?: string[]
  nameConstraints?: ext.NameConstraintsSpec
  ocspUrls?: string[]
  caIssuersUrls?: string[]
  crlUrls?: string[]
  policies?: string[]
  mustStaple?: boolean
  signatureHash?: SignatureHash
  /** Further extensions as DER hex, e.g. a private critical extension to test clients with. */
  extraExtensions?: { oid: string; critical: boolean; valueHex: string }[]
}

function presetKeyUsage(preset: CertificatePreset, keyType: string | undefined): KeyUsageName[] | undefined {
  if (CERTIFICATE_PRESETS[preset].ca) return ['digitalSignature', 'keyCertSign', 'cRLSign']
  if (preset === 'none') return undefined
  // keyEncipherment only means something for RSA key transport (TLS 1.2 RSA key exchange)
  return keyType === 'rsa' ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature']
}

function toMs(d: Date | string, what: string): number {
  const t = new Date(d).getTime()
  if (Number.isNaN(t)) throw new WirebenchError('INVALID_INPUT', `${what} "${String(d)}" is not a date.`)
  return t
}

export function validity(profile: CertificateProfile, preset: CertificatePreset): { notBefore: number; notAfter: number } {
  const notBefore = profile.notBefore !== undefined ? toMs(profile.notBefore, 'notBefore') : Date.now() - 60_000
  const days = profile.days ?? CERTIFICATE_PRESETS[preset].defaultDays
  if (!(days > 0) || days > 36_500) throw new WirebenchError('INVALID_INPUT', 'Validity must be between 1 day and 100 years.')
  const notAfter = profile.notAfter !== undefined ? toMs(profile.notAfter, 'notAfter') : notBefore + days * DAY
  if (notAfter <= notBefore) throw new WirebenchError('INVALID_INPUT', 'notAfter must be later than notBefore.')
  return { notBefore, notAfter }
}

export function serialDer(serialHex?: string): Der {
  if (serialHex !== undefined) {
    try {
      return intRaw(serialHex)
    } catch {
      throw new WirebenchError('INVALID_INPUT', `Serial "${serialHex}" is not hex.`)
    }
  }
  const bytes = randomBytes(16)
  bytes[0] = ((bytes[0] as number) & 0x7f) | 0x01
  return uintBytes(new Uint8Array(bytes))
}

export interface ExtensionContext {
  keyType: string | undefined
  subjectKeyId: Uint8Array
  /** The issuer's key identifier; undefined for self-signed certificates. */
  issuerKeyId?: Uint8Array
  sans: GeneralName[]
}

export function profileExtensions(profile: CertificateProfile, preset: CertificatePreset, c: ExtensionContext): ext.ExtensionSpec[] {
  const out: ext.ExtensionSpec[] = []
  const ca = CERTIFICATE_PRESETS[preset].ca
  if (preset !== 'none' || profile.pathLength !== undefined) {
    out.push(ext.basicConstraints(ca || profile.pathLength !== undefined, profile.pathLength ?? (preset === 'intermediateCA' ? 0 : undefined)))
  }
  const ku = profile.keyUsage ?? presetKeyUsage(preset, c.keyType)
  if (ku) out.push(ext.keyUsage(ku))
  const eku = profile.extKeyUsage ?? CERTIFICATE_PRESETS[preset].extKeyUsage
  if (eku && eku.length) out.push(ext.extKeyUsage(eku))
  if (c.sans.length) out.push(ext.subjectAltName(c.sans))
  out.push(ext.subjectKeyIdentifier(c.subjectKeyId))
  if (c.issuerKeyId) out.push(ext.authorityKeyIdentifier(c.issuerKeyId))
  if (profile.ocspUrls?.length || profile.caIssuersUrls?.length) out.push(ext.authorityInfoAccess(profile.ocspUrls ?? [], profile.caIssuersUrls ?? []))
  if (profile.crlUrls?.length) out.push(ext.crlDistributionPoints(profile.crlUrls))
  if (profile.policies?.length) out.push(ext.certificatePolicies(profile.policies))
  if (profile.nameConstraints) out.push(ext.nameConstraints(profile.nameConstraints))
  if (profile.mustStaple) out.push(ext.tlsFeatureMustStaple())
  for (const e of profile.extraExtensions ?? []) out.push({ oid: e.oid, critical: e.critical, value: hexBytes(e.valueHex) })
  return out
}
