// Issue 8 item 8: keys leave the vault only under a real password, and key files are created new, 0600, and
// never through a link — a dangling symlink planted at the target path cannot redirect the write.
import { existsSync, lstatSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createSession } from '../host/session'
import type { GenerateResult } from '../../shared/contract'
import { WirebenchError } from '../../shared/errors'
import { exportKey, exportPkcs12 } from './export'
import { HostileFiles } from '../testing/hostile-files'
import { writeSecretFile } from './secret-file'

const dir = mkdtempSync(join(tmpdir(), 'wb-secret-'))
const files = new HostileFiles()
const session = createSession(() => {}, 'browser')
afterAll(async () => {
  await session.dispose()
  rmSync(dir, { recursive: true, force: true })
  files.remove()
})

async function call(method: string, input: unknown) {
  return session.router.call(method, input)
}

async function rejection(promise: Promise<unknown>): Promise<WirebenchError> {
  try {
    await promise
  } catch (err) {
    if (err instanceof WirebenchError) return err
    throw err
  }
  throw new Error('expected a refusal')
}

describe('writing secrets', () => {
  it('creates the file with mode 0600', async () => {
    const path = join(dir, 'plain.key')
    await writeSecretFile(path, 'secret')
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(readFileSync(path, 'utf8')).toBe('secret')
  })

  it('refuses a dangling symlink at the path, and the link target is not created', async () => {
    const target = join(dir, 'elsewhere', '..', 'planted-target.key')
    const link = join(dir, 'link.key')
    symlinkSync(target, link)
    const err = await rejection(writeSecretFile(link, 'secret'))
    expect(err.code).toBe('EEXIST')
    expect(err.message).toMatch(/never through a link/)
    expect(existsSync(join(dir, 'planted-target.key'))).toBe(false)
    expect(lstatSync(link).isSymbolicLink()).toBe(true)
  })

  it('never overwrites an existing file', async () => {
    const path = join(dir, 'existing.key')
    writeFileSync(path, 'keep me')
    expect((await rejection(writeSecretFile(path, 'secret'))).code).toBe('EEXIST')
    expect(readFileSync(path, 'utf8')).toBe('keep me')
  })

  it('x509.saveKey through the router: refuses a dangling link in words, writes a new file 0600', async () => {
    const gen = await call('x509.generate', { kind: 'key', keyAlgorithm: 'p256' })
    if (!gen.ok) throw new Error(gen.error.message)
    const keyId = (gen.value as GenerateResult).artifacts[0]!.keyId!
    const target = join(dir, 'saved-target.pem')
    symlinkSync(target, join(dir, 'saved-link.pem'))
    const refused = await call('x509.saveKey', { keyId, passphrase: 'correct horse', path: join(dir, 'saved-link.pem') })
    expect(refused).toMatchObject({ ok: false, error: { code: 'EEXIST' } })
    expect(existsSync(target)).toBe(false)
    const saved = await call('x509.saveKey', { keyId, passphrase: 'correct horse', path: join(dir, 'saved.pem') })
    expect(saved.ok).toBe(true)
    expect(statSync(join(dir, 'saved.pem')).mode & 0o777).toBe(0o600)
    expect(readFileSync(join(dir, 'saved.pem'), 'utf8')).toContain('BEGIN ENCRYPTED PRIVATE KEY')
  })
})

describe('empty export passwords', () => {
  it('x509.exportPkcs12 refuses an empty password at the contract and in the engine', async () => {
    const gen = await call('x509.generate', { kind: 'selfSigned', subject: 'CN=p12.test', names: ['p12.test'] })
    if (!gen.ok) throw new Error(gen.error.message)
    const [artifact] = (gen.value as GenerateResult).artifacts
    const refused = await call('x509.exportPkcs12', { keyId: artifact!.keyId, certificatesPem: [artifact!.certPem], password: '' })
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    const ok = await call('x509.exportPkcs12', { keyId: artifact!.keyId, certificatesPem: [artifact!.certPem], password: 'hunter22' })
    expect(ok.ok).toBe(true)
    // the engine itself, for callers that skip the contract (the CLI)
    const keyPem = readFileSync(files.path(files.manyKeys(1, 'one.pem')), 'utf8')
    expect(() => exportPkcs12({ certificates: [artifact!.certPem!], keyPem, password: '' })).toThrow(/Give a password/)
  })

  it('exporting a key from a file with an empty passphrase is refused, not written unprotected', () => {
    const bytes = files.read(files.manyKeys(1, 'single.pem'))
    expect(() => exportKey(bytes, { index: 0, format: 'pem', passphrase: '' })).toThrow(/empty one protects nothing/)
    expect(exportKey(bytes, { index: 0, format: 'pem', passphrase: 'long enough' }) as string).toContain('ENCRYPTED PRIVATE KEY')
  })
})
