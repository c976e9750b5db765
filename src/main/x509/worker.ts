// The worker side of parsing user-supplied certificate content: main's event loop never decodes a file, so a
// crafted one can cost at most this thread (which the pool stops at its budget). Built as its own entry
// (out/main/x509-worker.js); tests load this source through the pool's development loader.
import { parentPort, workerData } from 'node:worker_threads'
import { toWireError } from '../../shared/errors'
import { encodePem } from '../../shared/x509/pem'
import type { CertificateInspection, IssuedCertificateResult, KeyMatchResult, OpenResult, PublicKeyInfo, ServerChainResult, VerifyResult } from './types'
import { type FetchServerChainOptions, type Handshake, analyseServerChain } from './fetch-chain'
import { type ClientCertificateOptions, type SignCsrOptions, createClientCertificate, keyMatches, signCsr } from './issue'
import { type InspectOptions, inspectCertificate } from './inspect'
import { type Pkcs12Options, exportPkcs12 } from './export'
import { withKdfBudget } from './kdf-budget'
import { exportPrivateKey } from './keys'
import { openCollection } from './open'
import { type VerifyOptions, verifyChainWithPath } from './verify'
import { checkRevocation } from './revocation/check'
import type { RevocationMode } from './types'

export interface RevocationJob {
  mode: RevocationMode
  online: boolean
  timeoutMs: number
  /** CRL files: PEM text, or DER as latin1 text. */
  crls: string[]
}

export interface VerifyJob extends VerifyOptions {
  revocation?: RevocationJob
}

export interface OpenJob {
  bytes: Uint8Array
  password?: string
  name?: string
  now?: string | number
}

/** A key found in the file, as PKCS#8 PEM for main's vault (it never reaches the page). */
export interface OpenedKey {
  index: number
  pem: string
  publicKey: PublicKeyInfo
}

export interface OpenedWithKeys {
  result: OpenResult
  keys: OpenedKey[]
}

/** Opens the file once and exports every unlocked key from what was decoded (never by re-opening the file). */
export function openWithKeys(job: OpenJob, kdfIterations?: number): OpenedWithKeys {
  const { result, collection } = openCollection(job.bytes, { password: job.password, name: job.name, now: job.now, kdfIterations })
  const keys: OpenedKey[] = []
  collection.items.forEach(({ entry }, index) => {
    if (entry.kind !== 'privateKey' || !entry.loaded.key || !entry.loaded.description.publicKey) return
    const { plain } = entry.loaded
    const pem = plain ? encodePem(plain.der, plain.label) : (exportPrivateKey(entry.loaded.key, 'pem') as string)
    keys.push({ index, pem, publicKey: entry.loaded.description.publicKey })
  })
  return { result, keys }
}

/** Everything the pool may ask for; each takes plain data and returns plain data (structured-clone safe). */
export const WORKER_OPERATIONS = {
  open: (job: OpenJob, kdfIterations: number): OpenedWithKeys => openWithKeys(job, kdfIterations),
  inspect: (job: { input: string | Uint8Array; options?: InspectOptions }, kdfIterations: number): CertificateInspection =>
    withKdfBudget(kdfIterations, () => inspectCertificate(job.input, job.options)),
  // the path first; then, when it reaches a trust anchor, revocation (its fetches run here too, under their budget)
  verify: async (job: VerifyJob, kdfIterations: number): Promise<VerifyResult> => {
    const { result, certs } = withKdfBudget(kdfIterations, () => verifyChainWithPath(job))
    const mode = job.revocation?.mode ?? 'off'
    const complete = result.chain[result.chain.length - 1]?.trustAnchor === true
    if (mode === 'off' || !complete) {
      result.revocationMode = mode
      for (const link of result.chain) link.revocation = { status: 'not-checked', evidence: [] }
      return result
    }
    const r = job.revocation as RevocationJob
    const at = job.at === undefined ? Date.now() : new Date(job.at).getTime()
    await checkRevocation(result, certs, {
      mode,
      online: r.online,
      timeoutMs: r.timeoutMs,
      at,
      crls: r.crls.map((text, i) => ({ der: new Uint8Array(Buffer.from(text, 'latin1')), source: 'crl-file' as const, url: `CRL ${i + 1}` }))
    })
    return result
  },
  // the page's certificates (up to 20 PEM texts) are parsed here; the vault key comes along, it stays in main's process
  exportPkcs12: (job: Pkcs12Options, kdfIterations: number): Uint8Array => withKdfBudget(kdfIterations, () => exportPkcs12(job)),
  // a server's handshake bytes, its certificates, its OCSP staple and the page's roots: all untrusted input, parsed
  // here; revocation's fetches (when online) run here too, as for verify
  serverChain: (job: { handshake: Handshake; options: FetchServerChainOptions; startedAt: number }): Promise<ServerChainResult> =>
    analyseServerChain(job.handshake, job.options, job.startedAt),
  // the page's certificate, CSR or issuer PEM (up to 1 MiB each) is parsed here, with the vault key alongside
  keyMatches: (job: { privateKeyPem: string; certificateOrCsrPem: string }): KeyMatchResult => keyMatches(job),
  signCsr: (job: SignCsrOptions): Promise<IssuedCertificateResult> => signCsr(job),
  clientCert: (job: ClientCertificateOptions): Promise<IssuedCertificateResult> => createClientCertificate(job)
}

export type WorkerOperation = keyof typeof WORKER_OPERATIONS

export interface WorkerRequest {
  id: number
  op: WorkerOperation
  job: unknown
  kdfIterations: number
}

if (parentPort && (workerData as { wirebenchX509?: boolean } | undefined)?.wirebenchX509) {
  const port = parentPort
  port.on('message', (request: WorkerRequest) => {
    const run = WORKER_OPERATIONS[request.op] as (job: unknown, kdfIterations: number) => unknown
    // issuing is asynchronous (WebCrypto signs): wait for it, and report a throw either way as an error value
    new Promise((resolve) => resolve(run(request.job, request.kdfIterations))).then(
      (value) => port.postMessage({ id: request.id, ok: true, value }),
      (err: unknown) => port.postMessage({ id: request.id, ok: false, error: toWireError(err) })
    )
  })
  port.postMessage({ ready: true })
}
