// Binds JWT verify and sign to the HTTP engine's jose-backed code: keys pasted in the page are used in main only.
import { Buffer } from 'node:buffer'
import type { jwtMethods } from '../../../shared/contract/jwt'
import type { z } from 'zod'
import type { jwtKeyInput } from '../../../shared/contract/jwt'
import { WirebenchError } from '../../../shared/errors'
import { signJwt, verifyJwt, type JwtKey } from '../../http/jwt'
import type { Binding } from './binding'

function toKey(k: z.output<typeof jwtKeyInput>): JwtKey {
  if (k.kind === 'secret') return { secret: k.encoding === 'base64url' ? new Uint8Array(Buffer.from(k.text, 'base64url')) : k.text }
  if (k.kind === 'pem') return { pem: k.text }
  return { jwks: k.text }
}

function json(text: string, what: string): Record<string, unknown> {
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch (e) {
    throw new WirebenchError('INVALID_INPUT', `The ${what} is not JSON: ${(e as Error).message}`)
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new WirebenchError('INVALID_INPUT', `The ${what} must be a JSON object (RFC 7519 §7.2).`)
  return v as Record<string, unknown>
}

export function bindJwt(): Binding<keyof typeof jwtMethods> {
  return {
    handlers: {
      'jwt.verify': (i) =>
        verifyJwt(i.token, toKey(i.key), { algorithms: i.algorithms, allowNone: i.allowNone, leewaySec: i.leewaySec, audience: i.audience, issuer: i.issuer }),
      'jwt.sign': async (i) => ({ token: await signJwt(json(i.payloadJson, 'payload'), json(i.headerJson, 'header'), i.key ? toKey(i.key) : null, { allowNone: i.allowNone }) })
    }
  }
}
