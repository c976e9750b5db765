// Certificates: open and inspect anything, verify chains with reasons, fetch a live server's chain, generate keys,
// certificates, CSRs and a small PKI. Private keys stay in main, in a per-window vault: the page sees a key id and
// the key's public facts; exports are encrypted (PKCS#8 with a passphrase) and files are written with mode 0600.
import { z } from 'zod'
import type {
  CertificateInfo,
  CsrInfo,
  FetchIssuerResultInfo,
  GeneratedKeyInfo,
  KeyMatchResult,
  OpenResult,
  PublicKeyInfo,
  ServerChainResult,
  TrustStoreInfo,
  VerifyResult,
  CertificateInspection
} from '../x509/types'
import { DEFAULT_KEY_ALGORITHM, keyAlgorithms } from '../x509/key-algorithms'
import { selfSignedPresets, signCsrPresets } from '../x509/presets'
import { event, job, method } from './define'
import { host, id, pem, remotePort, timeoutMs } from './common'

const keyUsageName = z.enum(['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'])

/** 50 MiB of file as base64. */
const MAX_FILE_BASE64 = Math.ceil((50 * 1024 * 1024 * 4) / 3) + 4

export { keyAlgorithms }
const keyAlgorithm = z.enum(keyAlgorithms).default(DEFAULT_KEY_ALGORITHM)
const subject = z.string().trim().min(1, 'Enter a subject, e.g. "CN=localhost" or "CN=api, O=Example, C=US".').max(1024)
const names = z.array(z.string().trim().min(1).max(253)).max(200).default([])
const days = z.number().int().min(1, 'Validity is at least 1 day.').max(36_500, 'Validity is at most 100 years.')
const passphrase = z.string().min(4, 'Use a passphrase of at least 4 characters.').max(1024)

export const generateInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('key'), keyAlgorithm }).strict(),
  z
    .object({
      kind: z.literal('selfSigned'),
      subject,
      names,
      days: days.default(90),
      preset: z.enum(selfSignedPresets).default('server'),
      keyAlgorithm
    })
    .strict(),
  z.object({ kind: z.literal('pki'), subject, names, days: days.default(90), keyAlgorithm }).strict(),
  z.object({ kind: z.literal('csr'), subject, names, keyAlgorithm }).strict(),
  z
    .object({
      kind: z.literal('signCsr'),
      csrPem: pem,
      issuerCertPem: pem,
      issuerKeyId: id,
      days: days.default(90),
      preset: z.enum(signCsrPresets).default('server')
    })
    .strict(),
  z
    .object({
      kind: z.literal('clientCert'),
      commonName: z.string().trim().min(1).max(256),
      email: z.string().email().optional(),
      issuerCertPem: pem,
      issuerKeyId: id,
      days: days.default(365),
      keyAlgorithm
    })
    .strict()
])
export type GenerateInput = z.input<typeof generateInput>

/** One thing generation made: a certificate, a CSR or a key (always as a vault id). */
export interface GeneratedArtifact {
  role: 'root' | 'intermediate' | 'leaf' | 'certificate' | 'csr' | 'key'
  label: string
  certPem?: string
  certificate?: CertificateInfo
  csrPem?: string
  csr?: CsrInfo
  keyId?: string
  publicKey?: PublicKeyInfo
}

export interface GenerateResult {
  artifacts: GeneratedArtifact[]
  /** For a PKI: leaf + intermediate, as a server sends it. */
  chainPem?: string
}

export type OpenedFile = OpenResult & {
  /** Vault ids of the private keys found, by item index. */
  keyIds: Record<number, string>
}

/**
 * A file the OS handed to the app, as main opened it for the page: items described, private keys already in the
 * window's vault (ids only), never key bytes. `fileId` when it needs a password: x509.open({fileId, password}).
 */
export interface OsOpenedFile {
  name: string
  opened: OpenedFile
  fileId?: string
}

export const certificateMethods = {
  'x509.open': job<OpenedFile>()(
    z
      .object({
        name: z.string().max(255).optional(),
        data: z.string().max(MAX_FILE_BASE64, 'The file is over the 50 MiB limit.').optional(),
        /** A file the OS handed to main that waits for its password (see x509.fileOpened); its bytes stay in main. */
        fileId: id.optional(),
        password: z.string().max(1024).optional()
      })
      .strict()
      .refine((o) => (o.data === undefined) !== (o.fileId === undefined), 'Give the file as data or as the fileId of a file the app was asked to open.'),
    'Open any certificate file (PEM, DER, PKCS#7, PKCS#12, CSR, keys): content decides, not the extension. A job: it can be cancelled, and ends at its time, memory or key-derivation budget.'
  ),
  'x509.inspect': method<CertificateInspection>()(
    z.object({ certPem: pem }).strict(),
    'Every field, extension and lint finding of a certificate, with its ASN.1 tree.'
  ),
  'x509.verify': method<VerifyResult>()(
    z
      .object({
        leafPem: pem,
        intermediatesPem: z.array(pem).max(2000).default([]),
        rootsPem: z.array(pem).max(2000).default([]),
        useMozillaRoots: z.boolean().default(true),
        useSystemRoots: z.boolean().default(false),
        at: z.iso.datetime({ offset: true }).optional(),
        host: z.string().trim().max(253).optional(),
        purpose: z.enum(['server', 'client']).default('server'),
        /** Most intermediate CAs allowed (self-issued ones not counted), as openssl verify -verify_depth. */
        maxDepth: z.number().int().min(0).max(255).optional(),
        /** Key usages the leaf must allow (RFC 5280 §4.2.1.3 names). */
        keyUsage: z.array(keyUsageName).max(9).default([]),
        /** Match the CN when there is no SAN at all: legacy, off by default (RFC 9525 §6.1: never in the Web PKI). */
        legacyCommonName: z.boolean().default(false),
        allowEd25519: z.boolean().default(false),
        /** CRLs to check against (PEM, or DER as latin1 text): real CRLs reach several MB, so up to 20 MiB each, 48 MiB in all. */
        crlPem: z
          .array(z.string().max(20 * 1024 * 1024, 'A CRL file is at most 20 MiB.'))
          .max(50)
          .default([])
          .refine((list) => list.reduce((n, t) => n + t.length, 0) <= 48 * 1024 * 1024, 'The CRLs given are at most 48 MiB in all.'),
        /** Revocation: off, soft-fail (unknown is a warning) or hard-fail (unknown is an error). */
        revocation: z.enum(['off', 'soft', 'hard']).default('soft'),
        /** Fetch CRLs from distribution points and ask OCSP responders (off: only the CRLs given). */
        revocationOnline: z.boolean().default(true),
        revocationTimeoutMs: z.number().int().min(100).max(60_000).default(5_000)
      })
      .strict(),
    'Build and validate the path from a leaf to a trust anchor (RFC 5280 section 6), with reasons and revocation.'
  ),
  'x509.trustStores': method<TrustStoreInfo>()(z.object({}).strict(), "Mozilla's roots as Node bundles them, and the OS store."),
  'x509.fetchChain': method<ServerChainResult>()(
    z
      .object({
        host,
        port: remotePort.default(443),
        sni: z.string().max(253).optional(),
        timeoutMs: timeoutMs.default(10_000),
        /** Roots the user trusts (the tab's trusted roots, cert fetch --roots), as x509.verify takes them. */
        rootsPem: z.array(pem).max(2000).default([]),
        /** Certificates at hand but not trusted (the tab's list): only to name the private root a chain ends under. */
        knownPem: z.array(pem).max(2000).default([]),
        useMozillaRoots: z.boolean().default(true),
        useSystemRoots: z.boolean().default(false),
        /** Revocation of the chain as sent, from the server's OCSP staple first: as x509.verify's. */
        revocation: z.enum(['off', 'soft', 'hard']).default('soft'),
        /** Also ask OCSP responders and fetch CRL distribution points (off: only the staple). */
        revocationOnline: z.boolean().default(true),
        revocationTimeoutMs: z.number().int().min(100).max(60_000).default(5_000)
      })
      .strict(),
    "A live server's chain exactly as sent, what is wrong with it, and the verdict, with its stapled OCSP response and revocation."
  ),
  'x509.fetchIssuer': method<FetchIssuerResultInfo>()(
    z.object({ url: z.string().url().max(2048).refine((u) => /^https?:\/\//i.test(u), 'Only http and https URLs.') }).strict(),
    "Fetch a missing intermediate from the leaf's AIA CA-issuers URL."
  ),
  'x509.generate': method<GenerateResult>()(generateInput, 'Generate a key, a self-signed certificate, a root+intermediate+leaf, a CSR, a signed CSR or an mTLS client certificate.'),
  'x509.keys': method<GeneratedKeyInfo[]>()(z.object({}).strict(), 'The private keys this window holds (generated or opened), by id.'),
  'x509.forgetKeys': method<{ forgotten: number }>()(
    z.object({}).strict(),
    "Forget every private key this window holds (Certificates' Clear all); a server already started keeps the key it loaded."
  ),
  'x509.keyMatches': method<KeyMatchResult>()(
    z.object({ keyId: id, certificateOrCsrPem: pem }).strict(),
    'Does this key belong to that certificate or CSR?'
  ),
  'x509.exportKey': method<{ pem: string }>()(
    z.object({ keyId: id, passphrase }).strict(),
    'A private key as encrypted PKCS#8 PEM (AES-256-CBC).'
  ),
  'x509.saveKey': method<{ path: string; mode: string }>()(
    z.object({ keyId: id, passphrase, path: z.string().min(1).max(4096) }).strict(),
    'Write a private key, encrypted, to a new file with mode 0600.'
  ),
  'x509.exportPkcs12': method<{ base64: string }>()(
    z.object({ keyId: id, certificatesPem: z.array(pem).min(1).max(20), password: z.string().min(1, 'Give a password: an empty one leaves the key readable by anyone.').max(1024) }).strict(),
    'A PKCS#12 (.p12) with the key, its certificate and chain, protected by a password (AES-256).'
  )
}

export const certificateEvents = {
  'x509.fileOpened': event<OsOpenedFile>(
    'A certificate file the OS handed to the app (double-click, "Open with", a second launch), as main opened it: keys go into the vault and only their ids reach the page; a file that needs a password waits in main under fileId.'
  )
}
