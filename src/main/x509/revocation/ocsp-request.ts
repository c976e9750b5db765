// Asking an OCSP responder about one certificate (RFC 6960 §4.1): where to ask (the AIA id-ad-ocsp URIs), the
// CertID that names the certificate by its issuer's name and key hashes and its serial, an optional nonce
// (RFC 8954), and the GET form of the request (RFC 6960 Appendix A.1). The response side is ocsp-response.ts.
import { createHash } from 'node:crypto'
import { toBase64 } from '../../../shared/bytes'
import { type Asn1, Tag, decode, expect, readBitString } from '../../../shared/x509/asn1'
import { type Der, explicit, nullValue, octets, oid, seq } from '../../../shared/x509/der'
import { OID } from '../../../shared/x509/oids'
import { WirebenchError } from '../../../shared/errors'
import { type ParsedCertificate, extensionValue } from '../certificate'

export const OCSP_OID = {
  basic: '1.3.6.1.5.5.7.48.1.1',
  nonce: '1.3.6.1.5.5.7.48.1.2',
  noCheck: '1.3.6.1.5.5.7.48.1.5',
  ocspSigning: '1.3.6.1.5.5.7.3.9'
} as const

/** The hashes a CertID may use (RFC 6960 §4.1.1 names SHA-1; responders also answer with SHA-256 and up). */
export const CERT_ID_HASHES: Record<string, 'sha1' | 'sha256' | 'sha384' | 'sha512'> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512'
}

/** More URLs than this in one certificate is noise, or an attempt to make us fetch a lot. */
const MAX_OCSP_URLS = 4

/** RFC 8954 §2.1: Nonce ::= OCTET STRING (SIZE(1..32)). */
export const MAX_NONCE_OCTETS = 32

/** GETs longer than this go as POST (RFC 6960 App. A.1 speaks of requests "less than 255 bytes" for GET). */
export const MAX_GET_URL_BYTES = 255

/** The http(s) OCSP responder URIs of the certificate's AIA extension (RFC 5280 §4.2.2.1), at most four. */
export function ocspUrls(cert: ParsedCertificate): string[] {
  const aia = extensionValue(cert, OID.authorityInfoAccess, 'authorityInfoAccess')
  const out: string[] = []
  for (const u of aia?.ocsp ?? []) {
    if (!/^https?:\/\//i.test(u) || out.includes(u)) continue
    out.push(u)
    if (out.length >= MAX_OCSP_URLS) break
  }
  return out
}

/** The serialNumber INTEGER exactly as the certificate encodes it (a CertID must carry the same number). */
export function serialNode(cert: ParsedCertificate): Asn1 {
  const tbs = expect(decode(cert.tbs), Tag.sequence, 'tbsCertificate').children
  const first = tbs[0]
  return expect(first?.isContext(0) ? tbs[1] : first, Tag.integer, 'serialNumber')
}

/** The subjectPublicKey BIT STRING's key bytes: what issuerKeyHash and ResponderID byKey hash (RFC 6960 §4.1.1). */
export function publicKeyBits(cert: ParsedCertificate): Uint8Array {
  const spki = expect(decode(cert.spkiDer), Tag.sequence, 'subjectPublicKeyInfo').children
  return readBitString(spki[1], 'subjectPublicKey').bytes
}

export interface CertIdHashes {
  nameHash: Uint8Array
  keyHash: Uint8Array
}

/** issuerNameHash over the issuer's DER subject, issuerKeyHash over its public key bits, with `hash`. */
export function certIdHashes(issuer: ParsedCertificate, hash: string): CertIdHashes {
  return {
    nameHash: new Uint8Array(createHash(hash).update(issuer.subject.der).digest()),
    keyHash: new Uint8Array(createHash(hash).update(publicKeyBits(issuer)).digest())
  }
}

const HASH_OIDS = { sha1: '1.3.14.3.2.26', sha256: '2.16.840.1.101.3.4.2.1' } as const

function certId(cert: ParsedCertificate, issuer: ParsedCertificate, hash: keyof typeof HASH_OIDS): Der {
  const h = certIdHashes(issuer, hash)
  // AlgorithmIdentifier with NULL parameters, as OpenSSL and most responders write it
  return seq(seq(oid(HASH_OIDS[hash]), nullValue()), octets(h.nameHash), octets(h.keyHash), serialNode(cert).raw)
}

/**
 * An unsigned OCSPRequest for one certificate (RFC 6960 §4.1.1): TBSRequest { requestList { Request { CertID } },
 * requestExtensions [2] { nonce } }. The CertID uses SHA-1 unless told otherwise: every responder must understand it
 * (§4.3), and it names the certificate, it does not protect anything.
 */
export function buildOcspRequest(
  cert: ParsedCertificate,
  issuer: ParsedCertificate,
  o: { nonce?: Uint8Array; hash?: 'sha1' | 'sha256' } = {}
): { der: Uint8Array; nonce?: Uint8Array } {
  const parts: Der[] = [seq(seq(certId(cert, issuer, o.hash ?? 'sha1')))]
  if (o.nonce) {
    if (o.nonce.length < 1 || o.nonce.length > MAX_NONCE_OCTETS) {
      throw new WirebenchError('INVALID_INPUT', `An OCSP nonce must be 1 to ${MAX_NONCE_OCTETS} octets (RFC 8954 §2.1), not ${o.nonce.length}.`)
    }
    // Extension { extnID id-pkix-ocsp-nonce, extnValue OCTET STRING { Nonce OCTET STRING } } (RFC 8954 §2.1)
    parts.push(explicit(2, seq(seq(oid(OCSP_OID.nonce), octets(octets(o.nonce))))))
  }
  const der = seq(seq(...parts))
  return o.nonce ? { der, nonce: o.nonce } : { der }
}

/**
 * RFC 6960 App. A.1: GET {url}/{url-encoding of base-64 encoding of the DER OCSPRequest}. The base64 alphabet's
 * '+', '/' and '=' must be percent-encoded or a server takes them for path separators and padding.
 */
export function ocspGetUrl(base: string, der: Uint8Array): string {
  return `${base.replace(/\/+$/, '')}/${encodeURIComponent(toBase64(der))}`
}
