// The key types Wirebench generates, declared once: the contract's enum, the engine's generator, the CLI's help and
// the page's picker all read this table, so a new key type is one line here.

export const keyAlgorithms = ['rsa2048', 'rsa3072', 'rsa4096', 'p256', 'p384', 'ed25519'] as const
export type KeyAlgorithm = (typeof keyAlgorithms)[number]

export const DEFAULT_KEY_ALGORITHM: KeyAlgorithm = 'p256'

/** How to make the key, in the words of Node's generateKeyPair (pure data, so the page can read the labels). */
export type KeyGeneration = { type: 'rsa'; modulusLength: number } | { type: 'ec'; namedCurve: 'P-256' | 'P-384' } | { type: 'ed25519' }

export const KEY_ALGORITHMS: Record<KeyAlgorithm, { label: string; generation: KeyGeneration }> = {
  rsa2048: { label: 'RSA 2048', generation: { type: 'rsa', modulusLength: 2048 } },
  rsa3072: { label: 'RSA 3072', generation: { type: 'rsa', modulusLength: 3072 } },
  rsa4096: { label: 'RSA 4096', generation: { type: 'rsa', modulusLength: 4096 } },
  p256: { label: 'ECDSA P-256', generation: { type: 'ec', namedCurve: 'P-256' } },
  p384: { label: 'ECDSA P-384', generation: { type: 'ec', namedCurve: 'P-384' } },
  ed25519: { label: 'Ed25519', generation: { type: 'ed25519' } }
}

export function isKeyAlgorithm(text: string): text is KeyAlgorithm {
  return (keyAlgorithms as readonly string[]).includes(text)
}
