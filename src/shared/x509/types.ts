// The certificate engine's result types: pure data that crosses the contract (src/main/x509 returns these).
// The certificate engine's outputs: plain JSON (strings, numbers, booleans, arrays, objects) so they cross IPC
// unchanged. Dates are ISO 8601 strings; byte strings are uppercase hex or base64 as named.

import type { ErrorCode } from '../errors'
import type { Finding, Severity } from '../findings'

// ---- names --------------------------------------------------------------------------------------------------

export interface NameAttribute {
  oid: string
  /** OpenSSL's short name ("CN", "O", "emailAddress"), or the dotted OID when unknown. */
  shortName: string
  /** Long name ("commonName"), when known. */
  longName?: string
  value: string
  /** ASN.1 string type the value was encoded with ("UTF8String", "PrintableString", ...). */
  valueType: string
}

export interface DistinguishedName {
  /** Relative distinguished names in certificate order; multi-valued RDNs have several attributes. */
  rdns: NameAttribute[][]
  /** "C=US, O=Example, CN=example.com" in certificate order (like Node and OpenSSL's default). */
  text: string
  /** RFC 4514 string (reversed order, escaped), as `openssl -nameopt RFC2253` prints it. */
  rfc4514: string
  /** First common name, when there is one. */
  commonName?: string
}

export type GeneralNameType =
  | 'dns'
  | 'ip'
  | 'email'
  | 'uri'
  | 'directoryName'
  | 'registeredId'
  | 'otherName'
  | 'x400Address'
  | 'ediPartyName'

export interface GeneralName {
  type: GeneralNameType
  /** Text form: the name, the IP address (or "10.0.0.0/8" in name constraints), the DN text, or the OID. */
  value: string
  /** otherName type OID. */
  oid?: string
}

export interface OidName {
  oid: string
  name?: string
}

// ---- keys ---------------------------------------------------------------------------------------------------

export interface PublicKeyInfo {
  /** "RSA", "EC", "Ed25519", "Ed448", "X25519", "X448", "DSA", "RSA-PSS" or the OID when unknown. */
  algorithm: string
  oid: string
  /** Key size in bits (RSA modulus, DSA prime, curve size). */
  bits?: number
  /** "P-256", "P-384", ... for EC keys. */
  curve?: string
  curveOid?: string
  /** RSA public exponent. */
  exponent?: number
  /** Base64 SHA-256 of the DER SubjectPublicKeyInfo (the HPKP/pinning value). */
  spkiSha256: string
  /** Why the key inside the SPKI could not be read (a malformed RSA key, a bad curve parameter), when it could not. */
  error?: string
}

export type PrivateKeyFormat = 'pkcs1' | 'sec1' | 'pkcs8' | 'encrypted-pkcs8' | 'legacy-encrypted-pem' | 'pkcs12'

export interface PrivateKeyDescription {
  format: PrivateKeyFormat
  encrypted: boolean
  /** How it is encrypted, e.g. "PBES2 (PBKDF2 hmacWithSHA256, aes-256-cbc, 2048 iterations)". */
  encryption?: string
  /** Encrypted and no (or no correct) password given yet: algorithm and pin are unknown. */
  locked: boolean
  publicKey?: PublicKeyInfo
  /** Indexes (in the same OpenResult) of certificates and CSRs whose public key is this key's. */
  matches: number[]
}

// ---- extensions ---------------------------------------------------------------------------------------------

export type KeyUsageName =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign'
  | 'encipherOnly'
  | 'decipherOnly'

export interface GeneralSubtree {
  base: GeneralName
  minimum?: number
  maximum?: number
}

export interface DistributionPoint {
  fullName?: GeneralName[]
  relativeName?: string
  reasons?: string[]
  crlIssuer?: GeneralName[]
}

export interface PolicyInformation {
  oid: string
  name?: string
  cps: string[]
  userNotices: string[]
}

export interface SignedCertificateTimestamp {
  version: number
  /** Base64 log id (SHA-256 of the log's key), as CT log lists show it. */
  logId: string
  timestamp: string
  hashAlgorithm: string
  signatureAlgorithm: string
  extensionsHex?: string
}

export interface AccessDescriptions {
  ocsp: string[]
  caIssuers: string[]
  descriptions: { method: OidName; location: GeneralName }[]
}

export type ExtensionValue =
  | { type: 'basicConstraints'; ca: boolean; pathLength?: number }
  | { type: 'keyUsage'; usages: KeyUsageName[] }
  | { type: 'extKeyUsage'; purposes: OidName[] }
  | { type: 'subjectAltName'; names: GeneralName[] }
  | { type: 'issuerAltName'; names: GeneralName[] }
  | { type: 'subjectKeyIdentifier'; keyId: string }
  | { type: 'authorityKeyIdentifier'; keyId?: string; issuer?: GeneralName[]; serial?: string }
  | ({ type: 'authorityInfoAccess' } & AccessDescriptions)
  | ({ type: 'subjectInfoAccess' } & AccessDescriptions)
  | { type: 'crlDistributionPoints'; points: DistributionPoint[] }
  | { type: 'certificatePolicies'; policies: PolicyInformation[] }
  | { type: 'policyMappings'; mappings: { issuerDomainPolicy: string; subjectDomainPolicy: string }[] }
  | { type: 'policyConstraints'; requireExplicitPolicy?: number; inhibitPolicyMapping?: number }
  | { type: 'inhibitAnyPolicy'; skipCerts: number }
  | { type: 'nameConstraints'; permitted: GeneralSubtree[]; excluded: GeneralSubtree[] }
  | { type: 'signedCertificateTimestamps'; scts: SignedCertificateTimestamp[] }
  | { type: 'tlsFeature'; features: number[]; mustStaple: boolean }
  | { type: 'ctPoison' }
  | { type: 'netscapeCertType'; types: string[] }
  | { type: 'crlNumber'; number: string }
  | { type: 'unknown' }
  | { type: 'malformed'; error: string }

export interface ExtensionInfo {
  oid: string
  /** Human name ("Subject Alternative Name"), or the OID when unknown. */
  name: string
  critical: boolean
  value: ExtensionValue
  /** extnValue contents in uppercase hex. */
  hex: string
  /** Byte range of the whole Extension in the certificate's DER (for highlighting). */
  offset: number
  length: number
}

// ---- certificates, CSRs, CRLs -------------------------------------------------------------------------------

export interface SignatureAlgorithmInfo {
  oid: string
  /** As OpenSSL prints it: "sha256WithRSAEncryption", "ecdsa-with-SHA256", "rsassaPss", "ED25519". */
  name: string
  /** Digest used, when there is one ("sha256"); for RSASSA-PSS the parameters' hash. */
  hash?: string
}

export interface ValidityInfo {
  notBefore: string
  notAfter: string
  /** Whole days from `now` until notAfter (negative once expired). */
  daysUntilExpiry: number
  /** Whole days since notAfter when expired, else 0. */
  daysSinceExpiry: number
  /** Whole days from notBefore to notAfter. */
  totalDays: number
  status: 'valid' | 'expired' | 'notYetValid'
  /** The reference time used, ISO. */
  now: string
}

export interface CertificateInfo {
  version: number
  /** Serial as OpenSSL prints it: uppercase hex of the magnitude, "-" prefix when negative. */
  serial: string
  serialNegative: boolean
  /** Encoded length of the serial's content octets (RFC 5280 allows at most 20). */
  serialOctets: number
  subject: DistinguishedName
  issuer: DistinguishedName
  validity: ValidityInfo
  publicKey: PublicKeyInfo
  signatureAlgorithm: SignatureAlgorithmInfo
  /** "AB:CD:..." uppercase colon-separated, like OpenSSL and Node. */
  fingerprintSha1: string
  fingerprintSha256: string
  extensions: ExtensionInfo[]
  /** Shortcuts the UI needs often (all also present in `extensions`). */
  selfIssued: boolean
  selfSigned: boolean
  isCA: boolean
  subjectAltNames: GeneralName[]
  subjectKeyId?: string
  authorityKeyId?: string
  /** The certificate in PEM (public data; handy for export and for verifyChain). */
  pem: string
  /** DER size in bytes. */
  size: number
}

export interface CsrInfo {
  version: number
  subject: DistinguishedName
  publicKey: PublicKeyInfo
  signatureAlgorithm: SignatureAlgorithmInfo
  /** The CSR's own signature verifies with its public key. */
  signatureValid: boolean
  /** Requested extensions (from the extensionRequest attribute). */
  extensions: ExtensionInfo[]
  subjectAltNames: GeneralName[]
  /** Other attributes (challengePassword is shown as present, never its value). */
  attributes: OidName[]
  pem: string
  fingerprintSha256: string
}

export interface CrlInfo {
  version: number
  issuer: DistinguishedName
  thisUpdate: string
  nextUpdate?: string
  signatureAlgorithm: SignatureAlgorithmInfo
  crlNumber?: string
  /** Set on a delta CRL (RFC 5280 §5.2.4): the complete CRL number it builds on. */
  baseCrlNumber?: string
  revokedCount: number
  /** The first 1,000 revoked entries; `reason` is the §5.3.1 reasonCode name when the entry has one. */
  revoked: { serial: string; date: string; reason?: string }[]
  fingerprintSha256: string
}

// ---- lint ---------------------------------------------------------------------------------------------------

/** A lint finding always names the rule's document in `source`. */
export interface LintFinding extends Finding {
  /** Where the rule comes from: "RFC 5280 §4.1.2.2", "CA/B Forum BR §6.3.2". */
  source: string
}

// ---- ASN.1 tree ---------------------------------------------------------------------------------------------

export interface Asn1TreeNode {
  tagClass: 'universal' | 'application' | 'context' | 'private'
  tagNumber: number
  constructed: boolean
  /** "SEQUENCE", "OBJECT IDENTIFIER", "[0]", ... */
  name: string
  /** Byte offset of the header, header length and content length, into the DER given. */
  offset: number
  headerLength: number
  length: number
  /** Short text of the value: OID with its name, string, time, integer hex (truncated), ... */
  preview?: string
  /** Children decoded from inside an OCTET STRING or BIT STRING that holds DER (extension values, keys). */
  encapsulates?: boolean
  children?: Asn1TreeNode[]
}

export interface Asn1Tree {
  root: Asn1TreeNode
  nodeCount: number
  /** True when the node cap was reached and deeper nodes were left out. */
  truncated: boolean
}

// ---- opening files ------------------------------------------------------------------------------------------

export type ContainerFormat = 'pem' | 'der' | 'pkcs7' | 'pkcs12' | 'base64'

export interface ItemOrigin {
  container: ContainerFormat
  /** PEM label and 1-based block number/line, when from PEM. */
  pemLabel?: string
  pemBlock?: number
  line?: number
  /** PKCS#12 bag attributes. */
  friendlyName?: string
  localKeyId?: string
}

interface ItemBase {
  index: number
  origin: ItemOrigin
}

export type OpenedItem =
  | (ItemBase & { kind: 'certificate'; certificate: CertificateInfo; lint: LintFinding[] })
  | (ItemBase & { kind: 'csr'; csr: CsrInfo })
  | (ItemBase & { kind: 'privateKey'; key: PrivateKeyDescription })
  | (ItemBase & { kind: 'publicKey'; key: PublicKeyInfo })
  | (ItemBase & { kind: 'crl'; crl: CrlInfo })
  | (ItemBase & { kind: 'error'; error: { code: ErrorCode; message: string } })

export interface OpenResult {
  name?: string
  /** The outermost format found. */
  format: ContainerFormat
  /** 'needsPassword': a PKCS#12 file (or encrypted key) that cannot be opened without a password. */
  status: 'ok' | 'needsPassword'
  items: OpenedItem[]
  /** True when the item cap was reached and later items were left out. */
  truncated: boolean
  warnings: string[]
}

// ---- trust and chains ---------------------------------------------------------------------------------------

export type CertificateSource = 'leaf' | 'provided' | 'user' | 'mozilla' | 'system' | 'server' | 'aia'

/** A verification failure (severity error) or warning, in the shared finding shape. */
export interface ChainIssue extends Finding {
  /** Position in the chain (0 = leaf) the issue belongs to, when it belongs to one. */
  depth?: number
}

export interface ChainLink {
  subject: string
  issuer: string
  serial: string
  fingerprint256: string
  notBefore: string
  notAfter: string
  source: CertificateSource
  trustAnchor: boolean
  status: 'ok' | 'warning' | 'error'
  errors: ChainIssue[]
  warnings: ChainIssue[]
  pem: string
  /** Whether this certificate is revoked, and the evidence (CRLs, OCSP, a stapled response) that says so. */
  revocation?: LinkRevocation
}

export type Purpose = 'server' | 'client'

/** How revocation is checked: not at all, soft-fail (unknown is a warning), hard-fail (unknown is an error). */
export type RevocationMode = 'off' | 'soft' | 'hard'

/** One piece of revocation evidence: a CRL or an OCSP response, what it said, or why it could not be used. */
export interface RevocationEvidence {
  source: 'crl-file' | 'crl-dp' | 'ocsp' | 'ocsp-staple'
  /** The CRL distribution point or OCSP responder URL, or the file name. */
  url?: string
  /** 'error': the evidence could not be used (unreachable, too large, bad signature, stale, wrong issuer…). */
  status: 'good' | 'revoked' | 'unknown' | 'error'
  /** Stable code, e.g. CRL_SIGNATURE_INVALID, OCSP_NONCE_MISMATCH, OCSP_STALE, FETCH_TIMEOUT. */
  code: string
  /** One sentence: what was checked and what it said, with the RFC section. */
  message: string
  thisUpdate?: string
  nextUpdate?: string
  revokedAt?: string
  /** RFC 5280 §5.3.1 CRLReason name, e.g. keyCompromise. */
  reason?: string
  /** RFC 5280 §5.3.2 invalidityDate of a CRL entry: when the key is known or suspected to have been compromised. */
  invalidityDate?: string
  /** RFC 5280 §5.2.3 cRLNumber of the CRL this evidence is from (decimal). */
  crlNumber?: string
  /** Who signed it: the CA itself, or a delegated OCSP responder / CRL issuer (its subject). */
  signer?: string
  durationMs?: number
}

export interface LinkRevocation {
  /** 'not-checked': no evidence was looked for (a trust anchor, or revocation off). */
  status: 'good' | 'revoked' | 'unknown' | 'not-checked'
  /** The evidence that decided the status. */
  decidedBy?: RevocationEvidence['source']
  revokedAt?: string
  reason?: string
  evidence: RevocationEvidence[]
}

/** A node of the RFC 5280 §6.1 valid_policy_tree. */
export interface PolicyNode {
  /** As RFC 5280 §6.1.2 (a) counts: 0 = the root node (anyPolicy, the trust anchor), 1 = the first certificate after the anchor, n = the leaf. */
  depth: number
  validPolicy: string
  /** Qualifiers as text (CPS URIs, user notices). */
  qualifiers: string[]
  expectedPolicySet: string[]
  children: PolicyNode[]
}

/** RFC 5280 §6.1.2–6.1.6 policy processing of the chosen path. */
export interface PolicyResult {
  /** null when the tree became empty (no policy is valid for the path). */
  tree: PolicyNode | null
  /** The user-constrained policy set at the end (§6.1.6 (g)); ['2.5.29.32.0'] means any policy. */
  userConstrainedPolicySet: string[]
  /** explicit_policy reached 0: the path must carry an acceptable policy (requireExplicitPolicy). */
  explicitPolicyRequired: boolean
  /** Nodes in the tree (a tree past its budget is refused, not built). */
  nodeCount: number
}

export interface VerifyResult {
  valid: boolean
  /** Reference time, ISO. */
  at: string
  purpose: Purpose
  host?: string
  ip?: string
  /** The chain chosen: the first valid path, or the path that got furthest when none is valid. */
  chain: ChainLink[]
  errors: ChainIssue[]
  warnings: ChainIssue[]
  /** Number of candidate paths examined. */
  pathsTried: number
  /** AIA caIssuers URLs of the last certificate when its issuer was not found. */
  missingIssuerUrls: string[]
  /** Certificates offered as intermediates that could not be read, skipped as candidates (and why). */
  skipped?: { index: number; message: string }[]
  /** Certificate policy processing of the chosen path (RFC 5280 §6.1). */
  policy?: PolicyResult
  /** How revocation was checked ('off' when it was not). */
  revocationMode?: RevocationMode
}

export interface TrustStoreInfo {
  mozilla: {
    count: number
    /** Node's version; Node bundles Mozilla's NSS root list at build time. */
    nodeVersion: string
    /** Node does not expose the NSS version it took the list from; see `note`. */
    nssVersion: null
    /** notBefore of the newest root in the bundle: the list is at least this recent. */
    newestRootIssued: string
    note: string
  }
  system: { path: string; count: number } | null
}

// ---- live servers -------------------------------------------------------------------------------------------

export interface ServerChainFinding {
  code: 'ROOT_SENT' | 'MISSING_INTERMEDIATE' | 'PRIVATE_ROOT' | 'WRONG_ORDER' | 'DUPLICATE_CERTIFICATE' | 'UNUSED_CERTIFICATE' | 'NOT_EXACT'
  /** How much it matters to a client: the engine decides, every view shows the same. */
  severity: Severity
  message: string
  /** Positions in `sent` the finding refers to. */
  positions: number[]
  /** PRIVATE_ROOT: the root the chain ends under; `pem` when the server sent it or it is among the known certificates. */
  root?: { subject: string; fingerprint256?: string; pem?: string }
}

export interface ServerChainResult {
  host: string
  port: number
  sni?: string
  /** Negotiated protocol ("TLSv1.3") and cipher. */
  protocol: string
  cipher: string
  /** The certificates exactly as the server sent them, in order, duplicates included. */
  sent: CertificateInfo[]
  /** False when the raw handshake could not be read and `sent` was rebuilt from Node's deduplicated view. */
  exact: boolean
  findings: ServerChainFinding[]
  verdict: VerifyResult
  /** AIA caIssuers URL(s) to fetch the missing intermediate from, when one is missing. */
  missingIssuerUrls: string[]
  durationMs: number
  /**
   * The server stapled an OCSP response in its handshake (RFC 6066 §8 status_request; in TLS 1.3 inside the leaf's
   * CertificateEntry, RFC 8446 §4.4.2.1). Each link's revocation is in `verdict.chain[i].revocation`.
   */
  stapled?: boolean
  /** What the stapled response says about the leaf, judged as any OCSP response (RFC 6960 §3.2, §4.2.2), even with revocation off. */
  staple?: RevocationEvidence
}

// ---- generation ---------------------------------------------------------------------------------------------

import type { KeyAlgorithm } from './key-algorithms'
export type { KeyAlgorithm }

export interface GeneratedKeyPair {
  algorithm: KeyAlgorithm
  /** Unencrypted PKCS#8 PEM: keep it in main, export it encrypted (see encryptPrivateKey / writePrivateKey). */
  privateKeyPem: string
  publicKeyPem: string
  publicKey: PublicKeyInfo
}

export interface IssuedCertificateResult {
  certPem: string
  /** The subject's private key (PKCS#8 PEM) when Wirebench generated or was given it. */
  keyPem?: string
  certificate: CertificateInfo
}

export interface PkiResult {
  root: IssuedCertificateResult
  intermediate: IssuedCertificateResult
  leaf: IssuedCertificateResult
  /** Leaf then intermediate: what a server sends. */
  chainPem: string
  /** Leaf, intermediate and root. */
  fullChainPem: string
}

export interface CsrResult {
  csrPem: string
  keyPem?: string
  csr: CsrInfo
}

export interface KeyMatchResult {
  matches: boolean
  /** SPKI SHA-256 pins (base64) of the private key's public half and of the certificate/CSR. */
  keyPin: string
  otherPin: string
  otherKind: 'certificate' | 'csr'
}

// ---- shapes the contract adds around the engine's results ----------------------------------------------------

export interface CertificateInspection {
  certificate: CertificateInfo
  lint: LintFinding[]
  asn1: Asn1Tree
}

export interface FetchIssuerResultInfo {
  url: string
  finalUrl: string
  contentType?: string
  bytes: number
  certificates: CertificateInfo[]
  durationMs: number
}

/** A private key held in main's vault: what the page may know about it. */
export interface GeneratedKeyInfo {
  keyId: string
  label: string
  publicKey: PublicKeyInfo
  /** SPKI SHA-256, base64. */
  pin: string
  /** The certificate that goes with the key, when it was generated or opened with one. */
  certPem?: string
  /** certPem with the intermediates this window holds above it (not the root), as a server or mTLS client sends it. */
  chainPem?: string
}
