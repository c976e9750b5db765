// "Clear all" in Certificates means all: the window's key vault empties through the router, and a forgotten key
// can no longer be exported or served, while keys made afterwards work as before.
import { afterAll, describe, expect, it } from 'vitest'
import { testSession } from '../testing/sessions'
import type { GenerateResult } from '../../shared/contract'

const { session, call: callAny } = testSession()
afterAll(() => session.dispose())

async function call<T>(method: string, input: unknown): Promise<T> {
  const r = await callAny(method, input)
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value as T
}

describe('x509.forgetKeys', () => {
  it('empties the vault, says how many keys went, and the forgotten ids stop working', async () => {
    const pki = await call<GenerateResult>('x509.generate', { kind: 'pki', subject: 'CN=localhost', names: ['localhost'] })
    const leafKey = pki.artifacts[2]!.keyId!
    expect(await call<unknown[]>('x509.keys', {})).toHaveLength(3)

    expect(await call<{ forgotten: number }>('x509.forgetKeys', {})).toEqual({ forgotten: 3 })
    expect(await call<unknown[]>('x509.keys', {})).toEqual([])
    const exported = await callAny('x509.exportKey', { keyId: leafKey, passphrase: 'a long passphrase' })
    expect(exported).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })

    await call<GenerateResult>('x509.generate', { kind: 'key', keyAlgorithm: 'p256' })
    expect(await call<unknown[]>('x509.keys', {})).toHaveLength(1)
    expect(await call<{ forgotten: number }>('x509.forgetKeys', {})).toEqual({ forgotten: 1 })
  })
})
