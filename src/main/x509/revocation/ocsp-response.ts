// Reading an OCSPResponse (RFC 6960 §4.2.1) into plain values: the response status, and for a successful basic
// response the signed ResponseData (responder ID, producedAt, SingleResponses, extensions), its signature and the
// certificates sent with it. Nothing is judged here (ocsp.ts does that); malformed input throws INVALID_DER, and
// every list has a cap so a hostile responder cannot make us build millions of objects.
import { type Asn1, type IntegerValue, Tag, bad, decode, expect, readBitString, readBoolean, readInteger, readOctetString, readOid, readSmallInt, readTime, retag } from '../../../shared/x509/asn1'
import { type ParsedCertificate, parseCertificate } from '../certificate'
import { type ParsedName, parseName } from '../name'
import { type SignatureAlgorithm, readSignatureAlgorithm } from '../signature'
import { CRL_REASONS } from './crl-entries'
import { OCSP_OID } from './ocsp-request'

/** RFC 6960 §4.2.1 OCSPResponseStatus, by value (4 is not used). */
export const OCSP_RESPONSE_STATUS: Record<number, string> = {
  0: 'successful',
  1: 'malformedRequest',
  2: 'internalError',
  3: 'tryLater',
  5: 'sigRequired',
  6: 'unauthorized'
}


/** A whole response is a few kB; stapled ones travel in a TLS record. More than this is not an OCSP response. */
export const MAX_OCSP_RESPONSE_BYTES = 1024 * 1024
/** RFC 5019 profiles one SingleResponse per response; responders batching more stay far under this. */
const MAX_SINGLE_RESPONSES = 512
/** Responder certificate plus a chain to it at most. */
const MAX_RESPONSE_CERTS = 8
const MAX_EXTENSIONS = 32

export interface OcspExtension {
  oid: string
  critical: boolean
  value: Uint8Array
}

export interface SingleResponse {
  hashOid: string
  nameHash: Uint8Array
  keyHash: Uint8Array
  serial: IntegerValue
  certStatus: 'good' | 'revoked' | 'unknown'
  revokedAt?: number
  reason?: string
  thisUpdate: number
  nextUpdate?: number
  extensions: OcspExtension[]
}

export interface BasicOcspResponse {
  /** The DER of tbsResponseData: what the signature covers. */
  tbs: Uint8Array
  responderId: { byName: ParsedName } | { byKey: Uint8Array }
  producedAt: number
  responses: SingleResponse[]
  extensions: OcspExtension[]
  signatureAlgorithm: SignatureAlgorithm
  signature: Uint8Array
  certs: ParsedCertificate[]
  /** Certificates in `certs` that could not be read (they cannot be the signer). */
  unreadableCerts: number
}

export interface OcspResponse {
  status: number
  statusName: string
  basic?: BasicOcspResponse
  /** responseType, when it is not id-pkix-ocsp-basic (RFC 6960 §4.2.1: the only type a client must support). */
  otherType?: string
}

function enumerated(node: Asn1 | undefined, what: string): number {
  if (!node || !node.isUniversal(10)) bad(`${what} should be ENUMERATED.`)
  return readSmallInt(retag(node, Tag.integer), what, 1000)
}

function readExtensionList(node: Asn1 | undefined, what: string): OcspExtension[] {
  const list = expect(node, Tag.sequence, what).children
  if (list.length > MAX_EXTENSIONS) bad(`${what} has ${list.length} extensions; more than ${MAX_EXTENSIONS} is not an OCSP response.`)
  return list.map((e) => {
    const parts = expect(e, Tag.sequence, `${what} extension`).children
    const critical = parts.length === 3 ? readBoolean(parts[1], 'critical') : false
    return { oid: readOid(parts[0], 'extnID'), critical, value: readOctetString(parts[parts.length - 1], 'extnValue') }
  })
}

function readSingleResponse(node: Asn1): SingleResponse {
  const [certIdNode, statusNode, thisUpdateNode, ...rest] = expect(node, Tag.sequence, 'SingleResponse').children
  const [algNode, nameHashNode, keyHashNode, serialNode] = expect(certIdNode, Tag.sequence, 'CertID').children
  const hashOid = readOid(expect(algNode, Tag.sequence, 'CertID hashAlgorithm').children[0], 'CertID hashAlgorithm')
  if (!statusNode || statusNode.cls !== 2) bad('CertStatus should be [0] good, [1] revoked or [2] unknown.')
  const out: SingleResponse = {
    hashOid,
    nameHash: readOctetString(nameHashNode, 'issuerNameHash'),
    keyHash: readOctetString(keyHashNode, 'issuerKeyHash'),
    serial: readInteger(serialNode, 'serialNumber'),
    certStatus: 'good',
    thisUpdate: readTime(thisUpdateNode, 'thisUpdate'),
    extensions: []
  }
  if (statusNode.tag === 1) {
    // revoked [1] IMPLICIT RevokedInfo { revocationTime, revocationReason [0] EXPLICIT CRLReason OPTIONAL }
    const [timeNode, reasonNode] = statusNode.children
    out.certStatus = 'revoked'
    out.revokedAt = readTime(timeNode, 'revocationTime')
    if (reasonNode?.isContext(0)) {
      const code = enumerated(reasonNode.children[0], 'revocationReason')
      out.reason = CRL_REASONS[code] ?? `reason ${code}`
    }
  } else if (statusNode.tag === 2) out.certStatus = 'unknown'
  else if (statusNode.tag !== 0) bad(`CertStatus [${statusNode.tag}] is not one RFC 6960 §4.2.1 defines.`)
  for (const n of rest) {
    if (n.isContext(0)) out.nextUpdate = readTime(n.children[0], 'nextUpdate')
    else if (n.isContext(1)) out.extensions = readExtensionList(n.children[0], 'singleExtensions')
  }
  return out
}

function readBasic(der: Uint8Array): BasicOcspResponse {
  const [tbsNode, sigAlgNode, sigNode, certsNode] = expect(decode(der), Tag.sequence, 'BasicOCSPResponse').children
  const fields = expect(tbsNode, Tag.sequence, 'ResponseData').children
  let i = 0
  if (fields[0]?.isContext(0)) {
    const version = readSmallInt(fields[0].children[0], 'version')
    if (version !== 0) bad(`ResponseData version ${version + 1} is not v1 (RFC 6960 §4.2.1).`)
    i++
  }
  const idNode = fields[i++]
  let responderId: BasicOcspResponse['responderId']
  // ResponderID ::= CHOICE { byName [1] Name, byKey [2] KeyHash }, explicitly tagged (the module's default)
  if (idNode?.isContext(1)) responderId = { byName: parseName(idNode.children[0] as Asn1, 'responderID') }
  else if (idNode?.isContext(2)) responderId = { byKey: readOctetString(idNode.children[0], 'responderID byKey') }
  else bad('ResponderID should be [1] byName or [2] byKey (RFC 6960 §4.2.1).')
  const producedAt = readTime(fields[i++], 'producedAt')
  const list = expect(fields[i++], Tag.sequence, 'responses').children
  if (list.length > MAX_SINGLE_RESPONSES) bad(`The response holds ${list.length} SingleResponses; more than ${MAX_SINGLE_RESPONSES} is refused.`)
  const responses = list.map(readSingleResponse)
  let extensions: OcspExtension[] = []
  if (fields[i]?.isContext(1)) extensions = readExtensionList(fields[i]?.children[0], 'responseExtensions')
  const certs: ParsedCertificate[] = []
  let unreadableCerts = 0
  if (certsNode?.isContext(0)) {
    const list = expect(certsNode.children[0], Tag.sequence, 'certs').children
    for (const c of list.slice(0, MAX_RESPONSE_CERTS)) {
      try {
        certs.push(parseCertificate(c.raw))
      } catch {
        unreadableCerts++
      }
    }
  }
  return {
    tbs: (tbsNode as Asn1).raw,
    responderId,
    producedAt,
    responses,
    extensions,
    signatureAlgorithm: readSignatureAlgorithm(sigAlgNode),
    signature: readBitString(sigNode, 'signature').bytes,
    certs,
    unreadableCerts
  }
}

/** Decodes an OCSPResponse; throws WirebenchError('INVALID_DER') when it is malformed. */
export function parseOcspResponse(der: Uint8Array): OcspResponse {
  if (der.length > MAX_OCSP_RESPONSE_BYTES) bad(`${der.length} bytes is more than an OCSP response may be here (${MAX_OCSP_RESPONSE_BYTES}).`)
  const [statusNode, bytesNode] = expect(decode(der), Tag.sequence, 'OCSPResponse').children
  const status = enumerated(statusNode, 'responseStatus')
  const out: OcspResponse = { status, statusName: OCSP_RESPONSE_STATUS[status] ?? `status ${status}` }
  if (status !== 0) return out
  if (!bytesNode?.isContext(0)) bad('A successful OCSPResponse must carry responseBytes (RFC 6960 §4.2.1).')
  const [typeNode, responseNode] = expect(bytesNode.children[0], Tag.sequence, 'ResponseBytes').children
  const type = readOid(typeNode, 'responseType')
  if (type !== OCSP_OID.basic) {
    out.otherType = type
    return out
  }
  out.basic = readBasic(readOctetString(responseNode, 'response'))
  return out
}
