// JWT: verify and sign in main (jose over node:crypto), so keys the user pastes never need WebCrypto in the page.
// Decoding is pure and runs in the page itself (src/shared/http/jwt.ts).
import { z } from 'zod'
import { method } from './define'
import type { Finding } from '../findings'
import type { DecodedJwt } from '../http/jwt'

const KEY_TEXT = 1024 * 1024

export const jwtKeyInput = z.discriminatedUnion('kind', [
  /** HS*: the shared secret as text (UTF-8) or base64url when `encoding` says so. */
  z.object({ kind: z.literal('secret'), text: z.string().min(1, 'Enter the secret.').max(KEY_TEXT), encoding: z.enum(['utf8', 'base64url']).default('utf8') }).strict(),
  /** A PEM public key, certificate or (to sign) private key. */
  z.object({ kind: z.literal('pem'), text: z.string().min(1, 'Paste a PEM key or certificate.').max(KEY_TEXT) }).strict(),
  /** A JWKS document ({"keys":[…]}); the key is picked by kid. */
  z.object({ kind: z.literal('jwks'), text: z.string().min(1, 'Paste a JWKS.').max(KEY_TEXT) }).strict()
])

export const jwtVerifyInput = z
  .object({
    token: z.string().trim().min(1, 'Paste a token.').max(256 * 1024),
    key: jwtKeyInput,
    algorithms: z.array(z.string().max(16)).max(16).optional(),
    allowNone: z.boolean().default(false),
    leewaySec: z.number().int().min(0).max(86_400).default(0),
    audience: z.string().max(1024).optional(),
    issuer: z.string().max(1024).optional()
  })
  .strict()

export const jwtSignInput = z
  .object({
    /** The protected header as JSON; must name alg. */
    headerJson: z.string().min(2).max(64 * 1024),
    /** The claims as JSON. */
    payloadJson: z.string().min(2).max(256 * 1024),
    /** null only with allowNone (alg none). */
    key: jwtKeyInput.nullable(),
    allowNone: z.boolean().default(false)
  })
  .strict()

export interface JwtVerifyResult {
  valid: boolean
  alg?: string
  kid?: string
  reason: string
  findings: Finding[]
  decoded: DecodedJwt
}

export const jwtMethods = {
  'jwt.verify': method<JwtVerifyResult>()(jwtVerifyInput, 'Verify a JWT signature and its claims against the clock, with a secret, PEM or JWKS.'),
  'jwt.sign': method<{ token: string }>()(jwtSignInput, 'Sign a JWT (JWS compact) with a secret or a private key.')
} as const
