// `wirebench jwt decode|verify|sign`: the HTTP tab's JWT panel on the command line. Secrets and keys come from files
// or the environment, never argv (other local users can read a process's arguments in ps and /proc).
import { readFileSync } from 'node:fs'
import { WirebenchError } from '../../../shared/errors'
import { decodeJwt } from '../../../shared/http/jwt'
import { signJwt, verifyJwt, type JwtKey } from '../../http/jwt'
import { decodedJson, decodedLines, verifyJson, verifyLines } from '../jwt-format'
import { list, output, parse, UsageError, type Values } from '../kit'

const MAX_INPUT = 1024 * 1024
const SECRET_ENV = 'WIREBENCH_JWT_SECRET'
const NO_SECRET_FLAG = `--secret is not accepted: a secret in argv is readable by every local user (ps, /proc). Use --secret-file FILE or ${SECRET_ENV}.`

function refuseSecretFlag(argv: string[]): void {
  if (argv.some((a) => a === '--secret' || a.startsWith('--secret='))) throw new UsageError(NO_SECRET_FLAG)
}

function readFile(path: string, what: string): Buffer {
  try {
    const bytes = readFileSync(path)
    if (bytes.length > MAX_INPUT) throw new UsageError(`the ${what} file ${path} is larger than 1 MiB`)
    return bytes
  } catch (err) {
    if (err instanceof UsageError) throw err
    throw new UsageError(`cannot read the ${what} file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`)
  }
}

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('wirebench: reading the token from the terminal; end it with Ctrl-D\n')
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    total += chunk.length
    if (total > MAX_INPUT) throw new UsageError('the token on stdin is larger than 1 MiB')
    chunks.push(chunk)
  }
  return Buffer.concat(chunks).toString('utf8')
}

async function tokenFrom(positionals: string[], usage: string): Promise<string> {
  if (positionals.length > 1) throw new UsageError(`give one token: ${usage}`)
  const text = positionals[0] === undefined || positionals[0] === '-' ? await readStdin() : positionals[0]
  if (!text.trim()) throw new UsageError(`no token given: ${usage}`)
  return text.trim()
}

/** The key from exactly one of --secret-file, --key, --jwks, or WIREBENCH_JWT_SECRET when none is given. */
function keyFrom(values: Values, allowJwks: boolean): JwtKey | null {
  const given = ['secret-file', 'key', ...(allowJwks ? ['jwks'] : [])].filter((k) => typeof values[k] === 'string')
  if (given.length > 1) throw new UsageError(`give one key: ${given.map((k) => `--${k}`).join(' and ')} were both given`)
  if (typeof values['secret-file'] === 'string') {
    // `echo secret > file` adds a newline that is not part of the secret; other bytes are kept as they are.
    const bytes = readFile(values['secret-file'], 'secret')
    const end = bytes.length && bytes[bytes.length - 1] === 0x0a ? (bytes.length > 1 && bytes[bytes.length - 2] === 0x0d ? 2 : 1) : 0
    return { secret: new Uint8Array(bytes.subarray(0, bytes.length - end)) }
  }
  if (typeof values.key === 'string') return { pem: readFile(values.key, 'key').toString('utf8') }
  if (typeof values.jwks === 'string') return { jwks: readFile(values.jwks, 'JWKS').toString('utf8') }
  const env = process.env[SECRET_ENV]
  if (env) return { secret: env }
  return null
}

function at(values: Values): number {
  if (values.at === undefined) return Date.now()
  const t = Date.parse(String(values.at))
  if (!Number.isFinite(t)) throw new UsageError(`--at takes an ISO time such as 2011-03-22T00:00:00Z, not "${String(values.at)}"`)
  return t
}

function jsonObject(text: string, what: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new UsageError(`${what} is not JSON: ${(err as Error).message}`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UsageError(`${what} must be a JSON object`)
  return value as Record<string, unknown>
}

export async function decode(argv: string[]): Promise<number> {
  refuseSecretFlag(argv)
  const { values, positionals } = parse(argv, { at: { type: 'string' } })
  const out = output(Boolean(values.json))
  const token = await tokenFrom(positionals, 'wirebench jwt decode TOKEN (or - and the token on stdin)')
  const d = decodeJwt(token, at(values))
  if (out.json) out.print(JSON.stringify(decodedJson(d), null, 2))
  else decodedLines(d).forEach((l) => out.print(l))
  return 0
}

export async function verify(argv: string[]): Promise<number> {
  refuseSecretFlag(argv)
  const { values, positionals } = parse(argv, {
    'secret-file': { type: 'string' },
    key: { type: 'string' },
    jwks: { type: 'string' },
    alg: { type: 'string', multiple: true },
    'allow-none': { type: 'boolean' },
    aud: { type: 'string' },
    iss: { type: 'string' },
    at: { type: 'string' },
    leeway: { type: 'string' }
  })
  const out = output(Boolean(values.json))
  const token = await tokenFrom(positionals, 'wirebench jwt verify TOKEN (--secret-file F | --key FILE | --jwks FILE)')
  const key = keyFrom(values, true)
  if (!key) throw new UsageError(`verify needs a key: --secret-file F (or ${SECRET_ENV}) for HS*, --key FILE (PEM public key or certificate), or --jwks FILE`)
  const algorithms = list(values.alg).flatMap((a) => a.split(',')).filter(Boolean)
  const leeway = values.leeway === undefined ? undefined : Number(values.leeway)
  if (leeway !== undefined && !(Number.isFinite(leeway) && leeway >= 0)) throw new UsageError(`--leeway takes seconds, not "${String(values.leeway)}"`)
  if (values['allow-none']) out.warn('wirebench: WARNING: --allow-none accepts unsigned tokens that anyone could have written (RFC 7518 §3.6)')
  const r = await verifyJwt(token, key, {
    now: at(values),
    ...(algorithms.length ? { algorithms } : {}),
    ...(values['allow-none'] ? { allowNone: true } : {}),
    ...(typeof values.aud === 'string' ? { audience: values.aud } : {}),
    ...(typeof values.iss === 'string' ? { issuer: values.iss } : {}),
    ...(leeway !== undefined ? { leewaySec: leeway } : {})
  })
  if (out.json) out.print(JSON.stringify(verifyJson(r), null, 2))
  else verifyLines(r).forEach((l) => out.print(l))
  return r.valid ? 0 : 1
}

export async function sign(argv: string[]): Promise<number> {
  refuseSecretFlag(argv)
  const { values, positionals } = parse(argv, {
    payload: { type: 'string' },
    header: { type: 'string' },
    alg: { type: 'string' },
    'secret-file': { type: 'string' },
    key: { type: 'string' },
    'allow-none': { type: 'boolean' }
  })
  const out = output(Boolean(values.json))
  if (positionals.length) throw new UsageError(`jwt sign takes no arguments, only options (got "${positionals[0]}")`)
  if (typeof values.payload !== 'string') throw new UsageError('give the claims: --payload \'{"sub":"1"}\' or --payload @FILE')
  if (typeof values.alg !== 'string') throw new UsageError('give the algorithm: --alg HS256 (HMAC with a secret) or RS256/PS256/ES256/EdDSA (a private key)')
  const payloadText = values.payload.startsWith('@') ? readFile(values.payload.slice(1), 'payload').toString('utf8') : values.payload
  const payload = jsonObject(payloadText, '--payload')
  const header = { ...(typeof values.header === 'string' ? jsonObject(values.header, '--header') : {}), alg: values.alg }
  const key = keyFrom(values, false)
  if (!key && values.alg !== 'none') throw new UsageError(`sign needs a key: --secret-file F (or ${SECRET_ENV}) for HS*, --key FILE (PEM private key) for the others`)
  if (key && 'secret' in key && values.alg.startsWith('HS')) out.warn(`wirebench: ${values.alg} signs with HMAC: it does not encrypt, and anyone holding the token can read the payload`)
  let token: string
  try {
    token = await signJwt(payload, header, key, values['allow-none'] ? { allowNone: true } : {})
  } catch (e) {
    if (e instanceof WirebenchError) throw new UsageError(e.message)
    throw e
  }
  if (out.json) out.print(JSON.stringify({ token, header, payload }, null, 2))
  else out.print(token)
  return 0
}
