// The pieces behind the per-file budget and the fast paths: derivations are summed per file (not capped one by
// one), the integer SHA-1/SHA-256 rounds give the bytes node:crypto gives, and the JWK-built public-key pins equal
// the ones OpenSSL's own SPKI export gives, for every key type the vault holds.
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { WirebenchError } from '../../shared/errors'
import { decode } from '../../shared/x509/asn1'
import { iteratedHash } from './iterated-hash'
import { chargeKdf, withKdfBudget } from './kdf-budget'
import { publicKeyInfoOf } from './keys'
import { pkcs12Kdf } from './pkcs12-crypto'
import { describeSpki } from './public-key'

function code(fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    if (err instanceof WirebenchError) return err.code
    throw err
  }
  return undefined
}

describe('the key-derivation budget', () => {
  it('sums every derivation of one file and refuses the one that passes the limit, before running it', () => {
    expect(
      code(() =>
        withKdfBudget(1000, () => {
          chargeKdf(600, 'first')
          // nested parses (a PKCS#12 inside the file) share the outer allowance
          withKdfBudget(1_000_000, () => chargeKdf(400, 'second'))
          chargeKdf(1, 'third')
        })
      )
    ).toBe('BUDGET_EXCEEDED')
    // a fresh file starts with a fresh allowance
    expect(code(() => withKdfBudget(1000, () => chargeKdf(1000, 'all of it')))).toBeUndefined()
  })

  it('stops a PKCS#12 derivation at the budget without computing it', () => {
    const started = Date.now()
    const refused = code(() => withKdfBudget(2_000_000, () => pkcs12Kdf('sha1', new Uint8Array(2), new Uint8Array(8), 3, 10_000_000, 20)))
    expect(refused).toBe('BUDGET_EXCEEDED')
    expect(Date.now() - started).toBeLessThan(100)
  })
})

describe('iterated hashing', () => {
  it('gives the same bytes as hashing with node:crypto round by round', () => {
    for (const hash of ['sha1', 'sha256', 'sha384']) {
      let expected: Buffer = createHash(hash).update('salt').update('password').digest()
      for (let i = 1; i < 777; i++) expected = createHash(hash).update(expected).digest()
      const got = iteratedHash(hash, [Buffer.from('salt'), Buffer.from('password')], 777)
      expect(Buffer.from(got).toString('hex'), hash).toBe(expected.toString('hex'))
    }
  })
})

describe('public-key pins', () => {
  const cases: [string, () => ReturnType<typeof generateKeyPairSync>['privateKey']][] = [
    ['P-256', () => generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey],
    ['P-384', () => generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey],
    ['P-521', () => generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey],
    ['secp256k1', () => generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey],
    ['ed25519', () => generateKeyPairSync('ed25519').privateKey],
    ['ed448', () => generateKeyPairSync('ed448').privateKey],
    ['x25519', () => generateKeyPairSync('x25519').privateKey],
    ['x448', () => generateKeyPairSync('x448').privateKey],
    ['rsa', () => generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey]
  ]
  it.each(cases)('%s: the pin equals the one over OpenSSL’s SPKI', (_name, make) => {
    const key = make()
    const reference = describeSpki(decode(new Uint8Array(createPublicKey(key).export({ type: 'spki', format: 'der' }))))
    expect(publicKeyInfoOf(key)).toEqual(reference)
  })
})
