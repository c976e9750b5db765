// The certificate engine behind the contract: one per window, with the vault of private keys that window made or
// opened. Keys leave the vault only encrypted (exportKey, saveKey, exportPkcs12) or into a TLS socket in main.
import { X509Certificate } from 'node:crypto'
import { isAbsolute } from 'node:path'
import type { z } from 'zod'
import type { GenerateResult, GeneratedArtifact, OpenedFile, certificateMethods, generateInput } from '../../shared/contract/certificates'
import type { GeneratedKeyInfo, PublicKeyInfo } from '../../shared/x509/types'
import { WirebenchError } from '../../shared/errors'
import { nextId } from '../core/ids'
import { createCsr, createPki, createSelfSigned, encryptPrivateKey, refuseEmptyPassword, fetchIssuer, generateKeyPair, trustStoreInfo } from '.'
import { type FetchServerChainOptions, checkFetchOptions, handshake } from './fetch-chain'
import { loadPrivateKey } from './issue'
import { publicKeyInfoOf } from './keys'
import { writeSecretFile } from './secret-file'
import { type ParseBudget, parseInWorker, prewarmParseWorker } from './worker-pool'

type In<M extends keyof typeof certificateMethods> = z.output<(typeof certificateMethods)[M]['input']>

const MAX_KEYS = 1000
/** Files the OS handed over that need a password, kept in main until the page gives it (never sent to the page). */
const MAX_PENDING_FILES = 20

export interface CallOptions {
  signal?: AbortSignal
}

export class CertificateService {
  private readonly vault = new Map<string, { pem: string; info: GeneratedKeyInfo }>()
  private readonly pendingFiles = new Map<string, { name: string; bytes: Uint8Array }>()
  /** Ends every parse this window started when the window goes. */
  private readonly lifetime = new AbortController()

  /** Budget per parsed file; tests lower it. */
  constructor(private readonly budget: Partial<ParseBudget> = {}) {
    prewarmParseWorker()
  }

  dispose(): void {
    this.lifetime.abort()
    this.vault.clear()
    this.pendingFiles.clear()
  }

  private parseOptions(options: CallOptions): { signal: AbortSignal; budget: Partial<ParseBudget> } {
    const signal = options.signal ? AbortSignal.any([options.signal, this.lifetime.signal]) : this.lifetime.signal
    return { signal, budget: this.budget }
  }

  /** A key's PEM for a TLS socket in main; never sent to the page. */
  keyPem(keyId: string): string {
    const entry = this.vault.get(keyId)
    if (!entry) throw new WirebenchError('NOT_FOUND', `No private key ${keyId} in this window (keys are kept until the window closes).`)
    return entry.pem
  }

  keys(): GeneratedKeyInfo[] {
    return [...this.vault.values()].map((e) => e.info)
  }

  /** Empties the vault, so "Clear all" in the page means all; a running TLS server already holds its own copy. */
  forgetKeys(): { forgotten: number } {
    const forgotten = this.vault.size
    this.vault.clear()
    return { forgotten }
  }

  private store(pem: string, label: string, certPem?: string, knownPublicKey?: PublicKeyInfo): string {
    if (this.vault.size >= MAX_KEYS) throw new WirebenchError('TOO_LARGE', `This window already holds ${MAX_KEYS} private keys; close it to let them go.`)
    const keyId = nextId('k')
    // keys from files arrive described by the worker: main does not parse them again
    const publicKey = knownPublicKey ?? publicKeyInfoOf(loadPrivateKey(pem))
    const info: GeneratedKeyInfo = { keyId, label, publicKey, pin: publicKey.spkiSha256 }
    if (certPem) info.certPem = certPem
    const chainPem = certPem ? this.chainOf(certPem) : undefined
    if (chainPem) info.chainPem = chainPem
    this.vault.set(keyId, { pem, info })
    return keyId
  }

  /** The certificate and the intermediates above it that this vault holds (a lab's, say), leaf first, without the
   *  self-signed root: what a server or an mTLS client must send for a peer trusting only the root to verify it. */
  private chainOf(certPem: string): string | undefined {
    let cert: X509Certificate
    const held: X509Certificate[] = []
    try {
      cert = new X509Certificate(certPem)
      for (const e of this.vault.values()) if (e.info.certPem) held.push(new X509Certificate(e.info.certPem))
    } catch {
      return undefined
    }
    const chain = [cert]
    for (let depth = 0; depth < 8 && cert.subject !== cert.issuer; depth++) {
      const child = cert
      const issuer = held.find((c) => c.subject !== c.issuer && child.checkIssued(c) && child.verify(c.publicKey) && !chain.includes(c))
      if (!issuer) break
      chain.push(issuer)
      cert = issuer
    }
    return chain.length > 1 ? chain.map((c) => c.toString()).join('') : undefined
  }

  /** Opens a file in a worker under the budget; its keys go into the vault, and only their ids go back. */
  async open(input: In<'x509.open'>, options: CallOptions = {}): Promise<OpenedFile> {
    const pending = input.fileId === undefined ? undefined : this.pendingFiles.get(input.fileId)
    if (input.fileId !== undefined && !pending) throw new WirebenchError('NOT_FOUND', 'That file is no longer held; open it again.')
    const name = input.name ?? pending?.name
    const bytes = pending?.bytes ?? new Uint8Array(Buffer.from(input.data ?? '', 'base64'))
    const { result, keys } = await parseInWorker('open', { bytes, password: input.password, name }, this.parseOptions(options))
    if (this.vault.size + keys.length > MAX_KEYS) {
      throw new WirebenchError('TOO_LARGE', `The file holds ${keys.length} private keys and this window ${this.vault.size}; a window keeps at most ${MAX_KEYS}.`)
    }
    if (input.fileId !== undefined && result.status === 'ok') this.pendingFiles.delete(input.fileId)
    const keyIds: Record<number, string> = {}
    for (const { index, pem, publicKey } of keys) {
      const item = result.items[index]
      const match = item?.kind === 'privateKey' ? item.key.matches.map((i) => result.items[i]).find((i) => i?.kind === 'certificate') : undefined
      const certPem = match?.kind === 'certificate' ? match.certificate.pem : undefined
      keyIds[index] = this.store(pem, `${name ?? 'pasted text'}, key ${index + 1}`, certPem, publicKey)
    }
    return { ...result, keyIds }
  }

  /**
   * A file the OS handed over (argv, open-file, a second launch), made fit for the page: certificates, CSRs and
   * CRLs as they are, private keys in this window's vault (the page sees ids and descriptions), never key bytes.
   * A file that needs a password stays in main under `fileId`, for x509.open({fileId, password}).
   */
  async openForPage(name: string, bytes: Uint8Array, options: CallOptions = {}): Promise<{ name: string; opened: OpenedFile; fileId?: string }> {
    const fileId = nextId('f')
    this.pendingFiles.set(fileId, { name, bytes })
    if (this.pendingFiles.size > MAX_PENDING_FILES) this.pendingFiles.delete(this.pendingFiles.keys().next().value as string)
    try {
      const opened = await this.open({ fileId, name }, options)
      return opened.status === 'needsPassword' ? { name, opened, fileId } : { name, opened }
    } catch (err) {
      this.pendingFiles.delete(fileId)
      throw err
    }
  }

  inspect(input: In<'x509.inspect'>, options: CallOptions = {}) {
    return parseInWorker('inspect', { input: input.certPem }, this.parseOptions(options))
  }

  verify(input: In<'x509.verify'>, options: CallOptions = {}) {
    return parseInWorker(
      'verify',
      {
        leaf: input.leafPem,
        intermediates: input.intermediatesPem,
        roots: input.rootsPem,
        useMozillaRoots: input.useMozillaRoots,
        useSystemRoots: input.useSystemRoots,
        at: input.at,
        host: input.host || undefined,
        purpose: input.purpose,
        ...(input.maxDepth !== undefined ? { maxDepth: input.maxDepth } : {}),
        keyUsage: input.keyUsage,
        legacyCommonName: input.legacyCommonName,
        allowEd25519: input.allowEd25519,
        revocation: { mode: input.revocation, online: input.revocationOnline, timeoutMs: input.revocationTimeoutMs, crls: input.crlPem }
      },
      this.parseOptions(options)
    )
  }

  trustStores() {
    return trustStoreInfo()
  }

  /** The handshake in main (it is network I/O); the server's bytes and the page's roots are parsed in a worker. */
  async fetchChain(input: In<'x509.fetchChain'>, options: CallOptions = {}) {
    const o: FetchServerChainOptions = {
      host: input.host,
      port: input.port,
      sni: input.sni,
      timeoutMs: input.timeoutMs,
      roots: input.rootsPem,
      known: input.knownPem,
      useMozillaRoots: input.useMozillaRoots,
      useSystemRoots: input.useSystemRoots,
      revocation: input.revocation,
      revocationOnline: input.revocationOnline,
      revocationTimeoutMs: input.revocationTimeoutMs
    }
    checkFetchOptions(o)
    const startedAt = Date.now()
    const hs = await handshake(o)
    return parseInWorker('serverChain', { handshake: hs, options: o, startedAt }, this.parseOptions(options))
  }

  fetchIssuer(input: In<'x509.fetchIssuer'>) {
    return fetchIssuer(input.url)
  }

  async generate(input: z.output<typeof generateInput>, options: CallOptions = {}): Promise<GenerateResult> {
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
        // the page's CSR and issuer certificate are parsed in a worker; the vault key goes along, within this process
        const job = { csrPem: input.csrPem, issuer: { certPem: input.issuerCertPem, keyPem: this.keyPem(input.issuerKeyId) }, days: input.days, preset: input.preset }
        const r = await parseInWorker('signCsr', job, this.parseOptions(options))
        return { artifacts: [cert('certificate', r.certificate.subject.text, r)] }
      }
      case 'clientCert': {
        const job = {
          commonName: input.commonName,
          email: input.email,
          issuer: { certPem: input.issuerCertPem, keyPem: this.keyPem(input.issuerKeyId) },
          days: input.days,
          key: input.keyAlgorithm
        }
        const r = await parseInWorker('clientCert', job, this.parseOptions(options))
        return { artifacts: [cert('certificate', `${input.commonName} (client)`, r)] }
      }
    }
  }

  keyMatches(input: In<'x509.keyMatches'>, options: CallOptions = {}) {
    return parseInWorker('keyMatches', { privateKeyPem: this.keyPem(input.keyId), certificateOrCsrPem: input.certificateOrCsrPem }, this.parseOptions(options))
  }

  exportKey(input: In<'x509.exportKey'>): { pem: string } {
    return { pem: encryptPrivateKey(this.keyPem(input.keyId), input.passphrase) }
  }

  async saveKey(input: In<'x509.saveKey'>): Promise<{ path: string; mode: string }> {
    if (!isAbsolute(input.path)) throw new WirebenchError('INVALID_INPUT', 'Give the full path of the file to write, e.g. /home/me/keys/server.key.pem.')
    // created exclusively, without following links: no exists-then-open window for a planted symlink
    await writeSecretFile(input.path, encryptPrivateKey(this.keyPem(input.keyId), input.passphrase))
    return { path: input.path, mode: '0600' }
  }

  async exportPkcs12(input: In<'x509.exportPkcs12'>, options: CallOptions = {}): Promise<{ base64: string }> {
    refuseEmptyPassword(input.password, 'a PKCS#12 file')
    const job = { certificates: input.certificatesPem, keyPem: this.keyPem(input.keyId), password: input.password }
    const der = await parseInWorker('exportPkcs12', job, this.parseOptions(options))
    return { base64: Buffer.from(der).toString('base64') }
  }
}
