// `wirebench http`'s --har and auth flags: a HAR 1.2 file of what was really exchanged, and credentials that never sit
// in argv (a file, an environment variable or a hidden prompt), with the plain-HTTP warning Basic deserves.
import { closeSync, constants, lstatSync, openSync, writeSync } from 'node:fs'
import type { HttpRawInput, HttpRawResult } from '../../shared/contract/http'
import { basicAuthorization, bearerAuthorization } from '../../shared/http/auth'
import { toHar } from '../../shared/http/har'
import { APP_VERSION } from '../version'
import { UsageError, type Output, type Values } from './kit'
import { readSecret } from './secrets'

export const HAR_OPTIONS = { har: { type: 'string' } } as const

export const AUTH_OPTIONS = {
  user: { type: 'string', short: 'u' },
  'password-file': { type: 'string' },
  'bearer-file': { type: 'string' }
} as const

/** The Authorization value the flags ask for (undefined without --user or --bearer-file). */
export async function authorizationFromFlags(values: Values, out: Output, tls: boolean): Promise<string | undefined> {
  const user = values.user
  const bearerFile = values['bearer-file']
  if (typeof user === 'string' && typeof bearerFile === 'string') throw new UsageError('give --user (Basic) or --bearer-file (Bearer), not both')
  if (typeof bearerFile === 'string') {
    const token = await readSecret(values, { flag: 'bearer', env: [], prompt: 'Bearer token' }, out, false)
    try {
      const value = bearerAuthorization(token ?? '')
      if (!tls) out.warn('wirebench: WARNING: a Bearer token over plain http://: anyone on the path can copy it and use it as you (RFC 6750 §5.3)')
      return value
    } catch (e) {
      throw new UsageError(`--bearer-file ${bearerFile}: ${(e as Error).message}`)
    }
  }
  if (typeof user !== 'string') {
    if (typeof values['password-file'] === 'string') throw new UsageError('--password-file goes with --user NAME')
    return undefined
  }
  const password = await readSecret(values, { flag: 'password', env: ['WIREBENCH_HTTP_PASSWORD'], prompt: `Password for ${user}` }, out, true)
  if (password === undefined) throw new UsageError('--user needs a password: --password-file FILE, WIREBENCH_HTTP_PASSWORD, or a terminal to type it in')
  let value: string
  try {
    value = basicAuthorization(user, password)
  } catch (e) {
    throw new UsageError((e as Error).message)
  }
  if (!tls) out.warn('wirebench: WARNING: Basic auth over plain http://: base64 is an encoding, not encryption: anyone on the path reads the password (RFC 7617 §4)')
  return value
}

/** Refuses a --har path that is a symbolic link, before anything is sent. */
export function refuseHarLink(file: string): void {
  try {
    if (lstatSync(file).isSymbolicLink()) throw new UsageError(`--har ${file} is a symbolic link; Wirebench does not write through links`)
  } catch (e) {
    if (e instanceof UsageError) throw e
    // Not there yet: it is created when written.
  }
}

/** Writes the exchange as a HAR 1.2 file; an existing file is replaced, a symbolic link is refused (not followed). */
export function writeHar(file: string, input: HttpRawInput, result: HttpRawResult, startedAt: number, out?: Output): void {
  refuseHarLink(file)
  // A HAR holds what was sent: credentials and cookies included, as browsers' unsanitized export does.
  if (out && /^(authorization|proxy-authorization|cookie):/im.test(result.request.raw)) out.warn(`wirebench: ${file} holds the request's credentials or cookies as sent (mode 0600); share it with care`)
  const har = toHar([{ target: input.target, result, startedAt }], { version: APP_VERSION })
  let fd: number
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o600)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new UsageError(`cannot write the HAR file ${file}: ${code === 'ELOOP' ? 'it is a symbolic link' : (code ?? String(e))}`)
  }
  try {
    writeSync(fd, JSON.stringify(har, null, 2) + '\n')
  } finally {
    closeSync(fd)
  }
}
