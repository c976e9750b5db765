// Test-only: the crafted files of the hardening audit (issue 8), made for real in a temporary directory — a
// thousand keys in one PEM, PKCS#12 files whose key derivations would stall a reader — by Node and the openssl CLI.
import { spawnSync } from 'node:child_process'
import { generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export class HostileFiles {
  readonly dir = mkdtempSync(join(tmpdir(), 'wirebench-hostile-'))

  path(name: string): string {
    return join(this.dir, name)
  }

  read(name: string): Uint8Array {
    return new Uint8Array(readFileSync(this.path(name)))
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }

  private openssl(args: string[]): void {
    const r = spawnSync('openssl', args, { cwd: this.dir, timeout: 60_000 })
    if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr?.toString()}`)
  }

  /** `count` plain EC P-256 keys (SEC1 PEM) in one file; returns its name. */
  manyKeys(count: number, name = 'many-keys.pem'): string {
    let pem = ''
    for (let i = 0; i < count; i++) pem += generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' })
    writeFileSync(this.path(name), pem)
    return name
  }

  /** A self-signed certificate and its key (cert.pem, key.pem), for the PKCS#12 files. */
  private certificate(): void {
    this.openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-subj', '/CN=hostile.test', '-days', '2'])
  }

  /** A certificate-only PKCS#12 whose integrity MAC asks for `iterations` derivation rounds (password "pw"). */
  macHeavyPkcs12(iterations: number, name = 'mac-heavy.p12'): string {
    this.certificate()
    this.openssl(['pkcs12', '-export', '-nokeys', '-in', 'cert.pem', '-certpbe', 'NONE', '-iter', String(iterations), '-passout', 'pass:pw', '-out', name])
    return name
  }

  /** A `-legacy` PKCS#12 (3DES key, RC2-40 certificates, SHA-1 MAC) with `iterations` per derivation (password "pw"). */
  legacyPkcs12(iterations: number, name = 'legacy.p12'): string {
    this.certificate()
    this.openssl(['pkcs12', '-export', '-legacy', '-in', 'cert.pem', '-inkey', 'key.pem', '-iter', String(iterations), '-passout', 'pass:pw', '-out', name])
    return name
  }
}
