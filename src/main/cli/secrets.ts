// Secrets for the command line without putting them in argv, where every local user can read them
// (/proc/PID/cmdline, ps): a file, an environment variable, or a prompt on the terminal. The flag still works,
// with a warning.
import { readFileSync } from 'node:fs'
import { UsageError, type Output, type Values } from './kit'

export interface SecretSource {
  /** The flag that takes the secret itself (kept for scripts, with a warning): "passphrase", "password". */
  flag: string
  /** The environment variables read, first one set wins. */
  env: string[]
  /** What the prompt asks. */
  prompt: string
}

/** The options a command adds for a secret: --FLAG and --FLAG-file. */
export function secretOptions(flag: string) {
  return { [flag]: { type: 'string' }, [`${flag}-file`]: { type: 'string' } } as const
}

/** The secret from --FLAG-file, the environment, --FLAG (warned about), or a terminal prompt when `ask` is set. */
export async function readSecret(values: Values, source: SecretSource, out: Output, ask: boolean): Promise<string | undefined> {
  const file = values[`${source.flag}-file`]
  if (typeof file === 'string') {
    try {
      // One line, as `echo secret > file` writes it: the final newline is not part of the secret.
      return readFileSync(file, 'utf8').replace(/\r?\n$/, '')
    } catch (err) {
      throw new UsageError(`cannot read --${source.flag}-file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`)
    }
  }
  for (const name of source.env) {
    const value = process.env[name]
    if (value) return value
  }
  const flag = values[source.flag]
  if (typeof flag === 'string') {
    out.warn(`WARNING: --${source.flag} is visible to other local users (ps, /proc); use --${source.flag}-file FILE or ${source.env[0]} instead.`)
    return flag
  }
  if (ask && process.stdin.isTTY && process.stderr.isTTY) return promptHidden(source.prompt)
  return undefined
}

/** Reads a line from the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin
    let typed = ''
    // Echo off before the question shows, so nothing typed after it can appear on the screen.
    stdin.setRawMode(true)
    stdin.resume()
    process.stderr.write(`${question}: `)
    const done = (err?: Error) => {
      stdin.setRawMode(false)
      stdin.pause()
      stdin.off('data', onData)
      process.stderr.write('\n')
      if (err) reject(err)
      else resolve(typed)
    }
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done()
        if (ch === '\u0003') return done(new UsageError('cancelled'))
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1)
        else typed += ch
      }
    }
    stdin.on('data', onData)
  })
}
