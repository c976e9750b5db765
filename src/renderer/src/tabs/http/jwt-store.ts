// The JWT panel's state outside its components (a tab switch loses nothing), and its two calls to main. Keys and
// secrets live here in memory only: never written to localStorage, history or any file.
import type { JwtVerifyResult } from '../../../../shared/contract/jwt'
import type { WireError } from '../../../../shared/errors'
import { api } from '../../app/api'
import { createStore } from '../../app/store'

export type KeyKind = 'secret' | 'pem' | 'jwks'
export type SecretEncoding = 'utf8' | 'base64url'

/** A key as the form holds it: typed or read from a file picked in the page (the file's name kept for the label). */
export interface KeyForm {
  kind: KeyKind
  encoding: SecretEncoding
  text: string
  fileName: string | null
}

export const EMPTY_KEY: KeyForm = { kind: 'secret', encoding: 'utf8', text: '', fileName: null }

/** What the page keeps of a verify answer (the decoded token is decoded again in the page, with its spans). */
export type VerifyAnswer = Omit<JwtVerifyResult, 'decoded'>

export interface JwtState {
  token: string
  /** The characters of the token picked (a claim, a header member, a finding's span), highlighted in it. */
  picked: { offset: number; length: number } | null
  // Verify
  verifyKey: KeyForm
  /** Algorithms allowed; empty = those that fit the key (the defence against algorithm confusion). */
  algorithms: string[]
  leeway: string
  audience: string
  issuer: string
  allowNone: boolean
  verifying: boolean
  verified: VerifyAnswer | null
  /** The token the answer is for, so an answer never sits beside a different token unmarked. */
  verifiedToken: string
  verifyError: WireError | null
  // Sign
  headerJson: string
  payloadJson: string
  signKey: KeyForm
  signAllowNone: boolean
  signing: boolean
  signed: string
  signError: WireError | null
}

/** RFC 7519 §3.1's example: HS256, iss "joe", exp 1300819380 (March 2011), signed with RFC 7515 §A.1's key. */
export const RFC7519_EXAMPLE =
  'eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk'
/** The HMAC key of RFC 7515 §A.1 (the "k" of its JWK), base64url. */
export const RFC7515_A1_KEY = 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow'

const nowSec = (): number => Math.floor(Date.now() / 1000)

export function defaultPayload(): string {
  const now = nowSec()
  const jti = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('')
  return JSON.stringify({ sub: 'user-42', iss: 'https://issuer.example', aud: 'api.example', iat: now, nbf: now, exp: now + 3600, jti }, null, 2)
}

const INITIAL: JwtState = {
  token: '',
  picked: null,
  verifyKey: EMPTY_KEY,
  algorithms: [],
  leeway: '0',
  audience: '',
  issuer: '',
  allowNone: false,
  verifying: false,
  verified: null,
  verifiedToken: '',
  verifyError: null,
  headerJson: JSON.stringify({ alg: 'HS256', typ: 'JWT' }, null, 2),
  payloadJson: defaultPayload(),
  signKey: EMPTY_KEY,
  signAllowNone: false,
  signing: false,
  signed: '',
  signError: null
}

export const jwtStore = createStore<JwtState>(INITIAL)

const inputError = (message: string): WireError => ({ code: 'INVALID_INPUT', message })

function keyInput(k: KeyForm): { kind: 'secret'; text: string; encoding: SecretEncoding } | { kind: 'pem' | 'jwks'; text: string } {
  return k.kind === 'secret' ? { kind: 'secret', text: k.text, encoding: k.encoding } : { kind: k.kind, text: k.text }
}

export async function verifyToken(): Promise<void> {
  const s = jwtStore.get()
  const leewaySec = s.leeway.trim() === '' ? 0 : Number(s.leeway)
  if (!Number.isInteger(leewaySec) || leewaySec < 0 || leewaySec > 86_400) {
    jwtStore.set({ verifyError: inputError('Leeway is a whole number of seconds from 0 to 86400 (a day).') })
    return
  }
  if (!s.token.trim()) return jwtStore.set({ verifyError: inputError('Paste a token first.') })
  if (!s.verifyKey.text) return jwtStore.set({ verifyError: inputError(s.verifyKey.kind === 'secret' ? 'Enter the shared secret.' : s.verifyKey.kind === 'pem' ? 'Paste or pick a PEM public key or certificate.' : 'Paste or pick a JWKS ({"keys": […]}).') })
  jwtStore.set({ verifying: true, verifyError: null })
  const token = s.token
  const r = await api.call('jwt.verify', {
    token,
    key: keyInput(s.verifyKey),
    ...(s.algorithms.length ? { algorithms: s.algorithms } : {}),
    allowNone: s.allowNone,
    leewaySec,
    ...(s.audience.trim() ? { audience: s.audience.trim() } : {}),
    ...(s.issuer.trim() ? { issuer: s.issuer.trim() } : {})
  })
  if (r.ok) {
    const { decoded: _decoded, ...answer } = r.value
    jwtStore.set({ verifying: false, verified: answer, verifiedToken: token })
  } else jwtStore.set({ verifying: false, verified: null, verifyError: r.error })
}

export async function signToken(): Promise<void> {
  const s = jwtStore.get()
  let alg: unknown
  try {
    alg = (JSON.parse(s.headerJson) as { alg?: unknown }).alg
  } catch (e) {
    return jwtStore.set({ signError: inputError(`The header is not JSON: ${(e as Error).message}`) })
  }
  const none = alg === 'none'
  if (none && !s.signAllowNone) return jwtStore.set({ signError: inputError('alg "none" makes a token with no signature that anyone can forge (RFC 7518 §3.6). Tick "Allow alg none" to make one for testing a verifier.') })
  if (!none && !s.signKey.text) return jwtStore.set({ signError: inputError(`Signing with ${typeof alg === 'string' ? alg : 'this algorithm'} needs a key: a secret for HS*, a PEM private key or a JWKS with a private key otherwise.`) })
  const payloadJson = s.payloadJson
  jwtStore.set({ signing: true, signError: null })
  const r = await api.call('jwt.sign', { headerJson: s.headerJson, payloadJson, key: none ? null : keyInput(s.signKey), allowNone: none && s.signAllowNone })
  if (r.ok) jwtStore.set({ signing: false, signed: r.value.token })
  else jwtStore.set({ signing: false, signed: '', signError: r.error })
}

/** Puts a token in the decoder (and clears an answer that was for another token). */
export function setToken(token: string): void {
  jwtStore.set((s) => (s.token === token ? s : { ...s, token, picked: null }))
}

/** Reads a picked file as text in the page: the file never leaves memory and is never stored. */
export async function readKeyFile(file: File): Promise<{ text: string } | { error: WireError }> {
  if (file.size > 1024 * 1024) return { error: inputError(`${file.name} is ${file.size.toLocaleString('en-US')} bytes; a PEM key, certificate or JWKS is a few kilobytes (at most 1 MiB is read).`) }
  const text = await file.text()
  return { text }
}
