// The certificate engine's public surface, for the router and the CLI. Everything returned is plain JSON.
export { openFile, MAX_INPUT_BYTES, MAX_ITEMS, type OpenOptions } from './open'
export { inspectCertificate, type InspectOptions, type CertificateInspection } from './inspect'
export { asn1Tree, type Asn1TreeOptions } from './asn1-tree'
export { verifyInWorker, inspectInWorker } from './in-worker'
export { verifyChain, MAX_PATH_LENGTH, MAX_PATHS, type VerifyOptions, type CertificateInput } from './verify'
export { trustStoreInfo } from './trust-store'
export { fetchServerChain, type FetchServerChainOptions } from './fetch-chain'
export { fetchIssuer, type FetchIssuerOptions, type FetchIssuerResult } from './fetch-issuer'
export {
  generateKeyPair,
  createCertificate,
  createSelfSigned,
  createLocalhostCertificate,
  createPki,
  createClientCertificate,
  createCsr,
  signCsr,
  keyMatches,
  type CertificatePreset,
  type CertificateProfile,
  type CreateCertificateOptions,
  type SubjectKeySpec,
  type IssuerSpec,
  type PkiOptions,
  type ClientCertificateOptions,
  type CsrOptions,
  type SignCsrOptions,
  type SignatureHash
} from './issue'
export type { SubjectInput, SubjectFields } from './build-name'
export type { NameConstraintsSpec } from './build-extensions'
export {
  derToPem,
  chainBundle,
  certificatesDer,
  certificatesToPkcs7,
  encryptPrivateKey,
  exportKey,
  exportPkcs12,
  writePrivateKey,
  refuseEmptyPassword,
  PKCS12_ITERATIONS,
  type ExportKeyOptions,
  type Pkcs12Options
} from './export'
export { writeSecretFile } from './secret-file'
export { openOsFile } from './os-file'
export { CertificateService, type CallOptions } from './service'
export { parseInWorker, closeParseWorkers, DEFAULT_PARSE_BUDGET, type ParseBudget, type ParseOptions } from './worker-pool'
export { DEFAULT_KDF_ITERATIONS } from './kdf-budget'
export type * from './types'
