// Helpers for the x509 tests (not used by the engine): running the real `openssl` CLI on files in a temporary
// directory, and small wrappers that build test PKIs with our own generator.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type CreateCertificateOptions, type IssuerSpec, createCertificate } from '../x509/issue'
import type { IssuedCertificateResult } from '../x509/types'

export interface OpensslResult {
  status: number
  /** stdout as bytes, for DER output. */
  raw: Buffer
  stdout: string
  stderr: string
}

export function openssl(args: string[], input?: string | Uint8Array): OpensslResult {
  const r = spawnSync('openssl', args, { input, timeout: 20_000 })
  return { status: r.status ?? -1, raw: r.stdout ?? Buffer.alloc(0), stdout: r.stdout?.toString('utf8') ?? '', stderr: r.stderr?.toString('utf8') ?? '' }
}

export class TempDir {
  readonly path = mkdtempSync(join(tmpdir(), 'wirebench-x509-'))
  private n = 0

  /** Writes content to a fresh file and returns its path. */
  file(content: string | Uint8Array, name = `f${this.n++}.pem`): string {
    const p = join(this.path, name)
    writeFileSync(p, content)
    return p
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true })
  }
}

export const DAY = 86_400_000

export function asIssuer(c: IssuedCertificateResult): IssuerSpec {
  if (!c.keyPem) throw new Error('issuer without key')
  return { certPem: c.certPem, keyPem: c.keyPem }
}

export function rootCA(cn: string, extra: Partial<CreateCertificateOptions> = {}): Promise<IssuedCertificateResult> {
  return createCertificate({ subject: { organization: 'Wirebench Tests', commonName: cn }, preset: 'rootCA', ...extra })
}

export function intermediateCA(cn: string, issuer: IssuedCertificateResult, extra: Partial<CreateCertificateOptions> = {}): Promise<IssuedCertificateResult> {
  return createCertificate({ subject: { organization: 'Wirebench Tests', commonName: cn }, preset: 'intermediateCA', issuer: asIssuer(issuer), ...extra })
}

export function serverCert(host: string, issuer: IssuedCertificateResult, extra: Partial<CreateCertificateOptions> = {}): Promise<IssuedCertificateResult> {
  return createCertificate({ subject: { commonName: host }, names: [host], preset: 'server', issuer: asIssuer(issuer), ...extra })
}
