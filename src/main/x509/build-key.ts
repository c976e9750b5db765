// New key pairs from the shared table of key types, and reading the private keys a user hands us, with a clear
// reason when a key is locked or damaged.
import { type KeyObject, createPrivateKey, createPublicKey, generateKeyPair as nodeGenerateKeyPair } from 'node:crypto'
import { promisify } from 'node:util'
import { WirebenchError } from '../../shared/errors'
import { KEY_ALGORITHMS, keyAlgorithms } from '../../shared/x509/key-algorithms'
import { publicKeyInfoOf } from './keys'
import type { GeneratedKeyPair, KeyAlgorithm } from './types'

const generate = promisify(nodeGenerateKeyPair)

export async function newKey(algorithm: KeyAlgorithm): Promise<KeyObject> {
  const spec = Object.prototype.hasOwnProperty.call(KEY_ALGORITHMS, algorithm) ? KEY_ALGORITHMS[algorithm].generation : undefined
  switch (spec?.type) {
    case 'rsa':
      return (await generate('rsa', { modulusLength: spec.modulusLength, publicExponent: 0x10001 })).privateKey
    case 'ec':
      return (await generate('ec', { namedCurve: spec.namedCurve })).privateKey
    case 'ed25519':
      return (await generate('ed25519')).privateKey
    default:
      throw new WirebenchError('INVALID_INPUT', `Unknown key type "${String(algorithm)}" (use ${keyAlgorithms.join(', ')}).`)
  }
}

export function pkcs8Pem(key: KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }) as string
}

export function spkiOf(key: KeyObject): Uint8Array {
  return new Uint8Array(createPublicKey(key).export({ type: 'spki', format: 'der' }))
}

export async function generateKeyPair(algorithm: KeyAlgorithm): Promise<GeneratedKeyPair> {
  const key = await newKey(algorithm)
  return {
    algorithm,
    privateKeyPem: pkcs8Pem(key),
    publicKeyPem: createPublicKey(key).export({ type: 'spki', format: 'pem' }) as string,
    publicKey: publicKeyInfoOf(key)
  }
}

export function loadPrivateKey(pem: string, passphrase?: string): KeyObject {
  try {
    return createPrivateKey(passphrase === undefined ? { key: pem } : { key: pem, passphrase })
  } catch (err) {
    const raw = err instanceof Error ? err.message : String(err)
    if (/passphrase|decrypt/i.test(raw)) throw new WirebenchError('WRONG_PASSWORD', 'The private key is encrypted and the passphrase is missing or wrong.', raw)
    throw new WirebenchError('INVALID_KEY', 'The private key could not be read.', raw)
  }
}
