// The certificate engine behind the contract: one per window, with the vault of private keys that window made or
// opened. Keys leave the vault only encrypted (exportKey, saveKey, exportPkcs12) or into a TLS socket in main.
import { existsSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { Worker } from 'node:worker_threads'
import type { z } from 'zod'
import type { GenerateResult, GeneratedArtifact, OpenedFile, certificateMethods, generateInput } from '../../shared/contract/certificates'
import type { GeneratedKeyInfo } from '../../shared/x509/types'
import { WirebenchError, type WireError } from '../../shared/errors'
import { nextId } from '../net/ids'
import {
  createClientCertificate,
  createCsr,
  createPki,
  createSelfSigned,
  encryptPrivateKey,
  exportPkcs12,
  fetchIssuer,
  fetchServerChain,
  generateKeyPair,
  inspectCertificate,
  keyMatches,
  signCsr,
  trustStoreInfo,
  verifyChain,
  writePrivateKey
} from '.'
import { loadPrivateKey } from './issue'
import { publicKeyInfoOf } from './keys'
import { openWithKeys } from './worker'

type In<M extends keyof typeof certificateMethods> = z.output<(typeof certificateMethods)[M]['input']>

const MAX_KEYS = 1000
/** Files larger than this are opened in a worker thread. */
const WORKER_THRESHOLD = 1024 * 1024
const WORKER_TIMEOUT_MS = 60_000

/** The built worker entry, when there is one (out/main/x509-worker.js; the service itself may sit in a chunk). */
function workerScript(): string | null {
  const candidates = [process.env.WIREBENCH_X509_WORKER, join(__dirname, 'x509-worker.js'), join(__dirname, '..', 'x509-worker.js')]
  return candidates.find((p): p is string => typeof p === 'string' && existsSync(p)) ?? null
}

function openInWorker(script: string, job: { bytes: Uint8Array; password?: string; name?: string }): Promise<ReturnType<typeof openWithKeys>> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData: { wirebenchX509: true }, resourceLimits: { maxOldGenerationSizeMb: 2048 } })
    const timer = setTimeout(() => {
      void worker.terminate()
      reject(new WirebenchError('TIMEOUT', `Opening the file took longer than ${WORKER_TIMEOUT_MS / 1000} s and was stopped.`))
    }, WORKER_TIMEOUT_MS)
    const finish = () => {
      clearTimeout(timer)
      void worker.terminate()
    }
    worker.once('message', (m: { ok: true; value: ReturnType<typeof openWithKeys> } | { ok: false; error: WireError }) => {
      finish()
      if (m.ok) resolve(m.value)
      else reject(new WirebenchError(m.error.code, m.error.message, m.error.detail))
    })
    worker.once('error', (err) => {
      finish()
      reject(new WirebenchError('TOO_LARGE', 'The file could not be opened within the memory allowed for it.', err.message))
    })
    worker.postMessage(job)
  })
}

export class CertificateService {
  private readonly vault = new Map<string, { pem: string; info: GeneratedKeyInfo }>()

  /** A key's PEM for a TLS socket in main; never sent to the page. */
  keyPem(keyId: string): string {
    const entry = this.vault.get(keyId)
    if (!entry) throw new WirebenchError('NOT_FOUND', `No private key ${keyId} in this window (keys are kept until the window closes).`)
    return entry.pem
  }

  keys(): GeneratedKeyInfo[] {
    return [...this.vault.values()].map((e) => e.info)
  }

  private store(pem: string, label: string, certPem?: string): string {
    if (this.vault.size >= MAX_KEYS) throw new WirebenchError('TOO_LARGE', `This window already holds ${MAX_KEYS} private keys; close it to let them go.`)
    const keyId = nextId('k')
    const publicKey = publicKeyInfoOf(loadPrivateKey(pem))
    const info: GeneratedKeyInfo = { keyId, label, publicKey, pin: publicKey.spkiSha256 }
    if (certPem) info.certPem = certPem
    this.vault.set(keyId, { pem, info })
    return keyId
  }

  async open(input: In<'x509.open'>): Promise<OpenedFile> {
    const bytes = new Uint8Array(Buffer.from(input.data, 'base64'))
    const job = { bytes, password: input.password, name: input.name }
    const script = bytes.length > WORKER_THRESHOLD ? workerScript() : null
    const { result, keys } = script ? await openInWorker(script, job) : openWithKeys(job)
    const keyIds: Record<number, string> = {}
    for (const { index, pem } of keys) {
      const item = result.items.find((i) => i.index === index)
      const match = item?.kind === 'privateKey' ? result.items.find((i) => i.kind === 'certificate' && item.key.matches.includes(i.index)) : undefined
      const certPem = match?.kind === 'certificate' ? match.certificate.pem : undefined
      keyIds[index] = this.store(pem, `${input.name ?? 'pasted text'}, key ${index + 1}`, certPem)
    }
    return { ...result, keyIds }
  }

  inspect(input: In<'x509.inspect'>) {
    return inspectCertificate(input.certPem)
  }

  verify(input: In<'x509.verify'>) {
    return verifyChain({
      leaf: input.leafPem,
      intermediates: input.intermediatesPem,
      roots: input.rootsPem,
      useMozillaRoots: input.useMozillaRoots,
      useSystemRoots: input.useSystemRoots,
      at: input.at,
      host: input.host || undefined,
      purpose: input.purpose
    })
  }

  trustStores() {
    return trustStoreInfo()
  }

  fetchChain(input: In<'x509.fetchChain'>) {
    return fetchServerChain({ host: input.host, port: input.port, sni: input.sni, timeoutMs: input.timeoutMs })
  }

  fetchIssuer(input: In<'x509.fetchIssuer'>) {
    return fetchIssuer(input.url)
  }

  async generate(input: z.output<typeof generateInput>): Promise<GenerateResult> {
    const cert = (role: GeneratedArtifact['role'], label: string, r: { certPem: string; keyPem?: string; certificate: GeneratedArtifact['certificate'] }): GeneratedArtifact => {
      const a: GeneratedArtifact = { role, label, certPem: r.certPem, certificate: r.certificate }
      if (r.keyPem) a.keyId = this.store(r.keyPem, label, r.certPem)
      return a
    }
    switch (input.kind) {
      case 'key': {
        const k = await generateKeyPair(input.keyAlgorithm)
        const label = `${input.keyAlgorithm} key`
        return { artifacts: [{ role: 'key', label, keyId: this.store(k.privateKeyPem, label), publicKey: k.publicKey }] }
      }
      case 'selfSigned': {
        const r = await createSelfSigned({ subject: input.subject, names: input.names, days: input.days, preset: input.preset, key: input.keyAlgorithm })
        return { artifacts: [cert('certificate', `${input.subject} (self-signed)`, r)] }
      }
      case 'pki': {
        const r = await createPki({ keyAlgorithm: input.keyAlgorithm, leaf: { subject: input.subject, names: input.names, days: input.days, preset: 'server' } })
        return {
          artifacts: [cert('root', 'Root CA', r.root), cert('intermediate', 'Intermediate CA', r.intermediate), cert('leaf', input.subject, r.leaf)],
          chainPem: r.chainPem
        }
      }
      case 'csr': {
        const r = await createCsr({ subject: input.subject, names: input.names, key: input.keyAlgorithm })
        const a: GeneratedArtifact = { role: 'csr', label: `CSR ${input.subject}`, csrPem: r.csrPem, csr: r.csr }
        if (r.keyPem) a.keyId = this.store(r.keyPem, `key of CSR ${input.subject}`)
        return { artifacts: [a] }
      }
      case 'signCsr': {
        const r = await signCsr({ csrPem: input.csrPem, issuer: { certPem: input.issuerCertPem, keyPem: this.keyPem(input.issuerKeyId) }, days: input.days, preset: input.preset })
        return { artifacts: [cert('certificate', r.certificate.subject.text, r)] }
      }
      case 'clientCert': {
        const r = await createClientCertificate({
          commonName: input.commonName,
          email: input.email,
          issuer: { certPem: input.issuerCertPem, keyPem: this.keyPem(input.issuerKeyId) },
          days: input.days,
          key: input.keyAlgorithm
        })
        return { artifacts: [cert('certificate', `${input.commonName} (client)`, r)] }
      }
    }
  }

  keyMatches(input: In<'x509.keyMatches'>) {
    return keyMatches({ privateKeyPem: this.keyPem(input.keyId), certificateOrCsrPem: input.certificateOrCsrPem })
  }

  exportKey(input: In<'x509.exportKey'>): { pem: string } {
    return { pem: encryptPrivateKey(this.keyPem(input.keyId), input.passphrase) }
  }

  async saveKey(input: In<'x509.saveKey'>): Promise<{ path: string; mode: string }> {
    if (!isAbsolute(input.path)) throw new WirebenchError('INVALID_INPUT', 'Give the full path of the file to write, e.g. /home/me/keys/server.key.pem.')
    if (existsSync(input.path)) throw new WirebenchError('INVALID_INPUT', `A file already exists at ${input.path}; Wirebench does not overwrite keys.`)
    await writePrivateKey(input.path, encryptPrivateKey(this.keyPem(input.keyId), input.passphrase))
    return { path: input.path, mode: '0600' }
  }

  exportPkcs12(input: In<'x509.exportPkcs12'>): { base64: string } {
    const der = exportPkcs12({ certificates: input.certificatesPem, keyPem: this.keyPem(input.keyId), password: input.password })
    return { base64: Buffer.from(der).toString('base64') }
  }
}
