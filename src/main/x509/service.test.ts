// The certificate service through the router, as the page uses it: keys stay in main, exports are encrypted,
// files are written 0600, and a generated certificate serves TLS at once.
import { createPrivateKey } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { testSession } from '../testing/sessions'
import type { GenerateResult, OpenedFile } from '../../shared/contract'

const { session, call: callAny } = testSession()
const dir = mkdtempSync(join(tmpdir(), 'wb-vault-'))
afterAll(async () => {
  await session.dispose()
  rmSync(dir, { recursive: true, force: true })
})

async function call<T>(method: string, input: unknown): Promise<T> {
  const r = await callAny(method, input)
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value as T
}

describe('certificate service', () => {
  it('generates a root + intermediate + leaf; no private key ever crosses the contract', async () => {
    const pki = await call<GenerateResult>('x509.generate', { kind: 'pki', subject: 'CN=localhost', names: ['localhost', '127.0.0.1'] })
    expect(pki.artifacts.map((a) => a.role)).toEqual(['root', 'intermediate', 'leaf'])
    expect(pki.artifacts.every((a) => typeof a.keyId === 'string')).toBe(true)
    expect(JSON.stringify(pki)).not.toMatch(/PRIVATE KEY/)
    const keys = await call<{ keyId: string; certPem?: string }[]>('x509.keys', {})
    expect(JSON.stringify(keys)).not.toMatch(/PRIVATE KEY/)
    expect(keys.find((k) => k.keyId === pki.artifacts[2]!.keyId)?.certPem).toBe(pki.artifacts[2]!.certPem)

    const verdict = await call<{ valid: boolean }>('x509.verify', {
      leafPem: pki.artifacts[2]!.certPem,
      intermediatesPem: [pki.artifacts[1]!.certPem],
      rootsPem: [pki.artifacts[0]!.certPem],
      host: 'localhost'
    })
    expect(verdict.valid).toBe(true)
  })

  it('a generated certificate and vault key serve TLS at once in Connections', async () => {
    const pki = await call<GenerateResult>('x509.generate', { kind: 'pki', subject: 'CN=localhost', names: ['localhost'] })
    const [root, , leaf] = pki.artifacts
    const server = await call<{ port: number }>('server.start', { behaviour: 'echo', tls: { certPem: pki.chainPem, keyId: leaf!.keyId } })
    const conn = await call<{ tls: { verified: boolean; peerCertificate: { subject: string } } }>('tcp.connect', {
      host: 'localhost',
      port: server.port,
      tls: { caPem: root!.certPem }
    })
    expect(conn.tls).toMatchObject({ verified: true, peerCertificate: { subject: 'CN=localhost' } })
  })

  it('exports a key only encrypted, and writes it with mode 0600 without overwriting', async () => {
    const gen = await call<GenerateResult>('x509.generate', { kind: 'key', keyAlgorithm: 'ed25519' })
    const keyId = gen.artifacts[0]!.keyId!
    const { pem } = await call<{ pem: string }>('x509.exportKey', { keyId, passphrase: 'correct horse' })
    expect(pem).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----')
    expect(() => createPrivateKey({ key: pem, passphrase: 'wrong' })).toThrow()
    expect(createPrivateKey({ key: pem, passphrase: 'correct horse' }).asymmetricKeyType).toBe('ed25519')
    const short = await session.router.call('x509.exportKey', { keyId, passphrase: 'abc' })
    expect(short).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })

    const path = join(dir, 'server.key.pem')
    expect(await call('x509.saveKey', { keyId, passphrase: 'correct horse', path })).toEqual({ path, mode: '0600' })
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(readFileSync(path, 'utf8')).toContain('ENCRYPTED PRIVATE KEY')
    expect(await session.router.call('x509.saveKey', { keyId, passphrase: 'correct horse', path })).toMatchObject({ ok: false, error: { message: expect.stringContaining('already exists') } })
    expect(await session.router.call('x509.saveKey', { keyId, passphrase: 'correct horse', path: 'relative.pem' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  it('opening a file with a key puts the key in the vault, tied to its certificate', async () => {
    const self = await call<GenerateResult>('x509.generate', { kind: 'selfSigned', subject: 'CN=dev.test', names: ['dev.test'] })
    const { pem } = await call<{ pem: string }>('x509.exportKey', { keyId: self.artifacts[0]!.keyId!, passphrase: 'pw1234' })
    const file = self.artifacts[0]!.certPem! + pem
    const needs = await call<OpenedFile>('x509.open', { name: 'bundle.pem', data: Buffer.from(file).toString('base64') })
    const keyItem = needs.items.find((i) => i.kind === 'privateKey')
    expect(keyItem).toMatchObject({ kind: 'privateKey', key: { encrypted: true, locked: true } })
    const opened = await call<OpenedFile>('x509.open', { name: 'bundle.pem', data: Buffer.from(file).toString('base64'), password: 'pw1234' })
    const keyIndex = opened.items.find((i) => i.kind === 'privateKey')!.index
    expect(opened.keyIds[keyIndex]).toMatch(/^k\d+$/)
    expect(JSON.stringify(opened)).not.toMatch(/BEGIN (ENCRYPTED )?PRIVATE KEY/)
    const keys = await call<{ keyId: string; certPem?: string }[]>('x509.keys', {})
    expect(keys.find((k) => k.keyId === opened.keyIds[keyIndex])?.certPem).toBe(self.artifacts[0]!.certPem)
  })

  it('bad input is a clear error value', async () => {
    const garbage = await callAny('x509.open', { data: Buffer.from('hello, not a certificate').toString('base64') })
    expect(garbage).toMatchObject({ ok: false, error: { message: expect.stringContaining('not a certificate') } })
    const unknownKey = await session.router.call('x509.exportKey', { keyId: 'k999999', passphrase: 'abcd' })
    expect(unknownKey).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const badSubject = await session.router.call('x509.generate', { kind: 'selfSigned', subject: '' })
    expect(badSubject).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })
})
