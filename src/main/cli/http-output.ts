// `wirebench http … -o FILE`: the whole body, decoded, written to a file the user named (never through a symbolic
// link); and without -o, the temp file a body too large to hold was spilled to is removed before the CLI exits, so a
// command leaves nothing behind in /tmp.
import { createReadStream, closeSync, constants, ftruncateSync, lstatSync, openSync, rmSync, writeSync } from 'node:fs'
import type { HttpRawInput, HttpRawResult } from '../../shared/contract/http'
import { WirebenchError } from '../../shared/errors'
import { UsageError, type Output } from './kit'

export const OUTPUT_OPTIONS = { output: { type: 'string', short: 'o' } } as const

/** Refuses a symbolic link at FILE before anything is sent (a link could point at a file the user did not mean). */
export function refuseOutputLink(file: string): void {
  try {
    if (lstatSync(file).isSymbolicLink()) throw new UsageError(`-o ${file} is a symbolic link; Wirebench does not write through links`)
  } catch (e) {
    if (e instanceof UsageError) throw e
  }
}

/**
 * Sends with every non-empty body spilled to disk (memory cap 0), so a body of any size up to the engine's cap reaches
 * FILE whole rather than as the result's shown part. Ctrl-C cancels, as the router's job would.
 */
export async function sendForOutput(input: HttpRawInput): Promise<HttpRawResult> {
  const abort = new AbortController()
  const cancel = (): void => abort.abort()
  process.once('SIGINT', cancel)
  // The engine is loaded when a command sends, not when the CLI starts.
  const { runRaw } = await import('../http')
  try {
    return await runRaw(input, { signal: abort.signal }, { limits: { memoryBodyBytes: 0 } })
  } finally {
    process.off('SIGINT', cancel)
  }
}

function openOutput(file: string): number {
  try {
    // O_NOFOLLOW: a link swapped in after the check above is refused too. A body is not a secret key: 0644.
    return openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o644)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new UsageError(`cannot write ${file}: ${code === 'ELOOP' ? 'it is a symbolic link' : (code ?? String(e))}`)
  }
}

/** Writes to stdout with its back-pressure respected (a pipe to a slow reader must not lose or balloon the body). */
async function toStdout(b: Uint8Array): Promise<void> {
  if (!process.stdout.write(b)) await new Promise<void>((resolve) => process.stdout.once('drain', resolve))
}

/**
 * Writes the decoded body to FILE ("-": stdout, as curl's -o -) and removes the spill file; returns the result as
 * printed (bodyFile = FILE, or "(stdout)").
 */
export async function saveBody(r: HttpRawResult, file: string, out: Output): Promise<HttpRawResult> {
  const res = r.response
  const { decodeBodyStream, planDecoding, RAW_LIMITS } = await import('../http')
  const stdout = file === '-'
  const fd = stdout ? -1 : openOutput(file)
  let written = 0
  const write = async (b: Uint8Array): Promise<void> => {
    if (stdout) await toStdout(b)
    else for (let off = 0; off < b.length; ) off += writeSync(fd, b, off, b.length - off, written + off)
    written += b.length
  }
  try {
    if (res.bodyFile) {
      const plan = planDecoding(res.headers.filter(([n]) => n.toLowerCase() === 'content-encoding').map(([, v]) => v))
      try {
        const source = createReadStream(res.bodyFile) as AsyncIterable<Uint8Array>
        for await (const part of decodeBodyStream(source, plan, { maxOutputBytes: RAW_LIMITS.maxBodyBytes, timeBudgetMs: 120_000 })) await write(part)
        if (plan.layers.length) out.warn(`wirebench: the body was decoded from ${plan.layers.join(', then ')}`)
      } catch (e) {
        // stdout cannot be rewound: what was written stays, with why the rest is missing.
        if (stdout) throw new WirebenchError('HTTP_BAD_CONTENT_CODING', `the body was not decoded after ${written} bytes: ${e instanceof WirebenchError ? e.message : String(e)}`)
        // What came is still worth having: the body as received, with why it was not decoded.
        written = 0
        ftruncateSync(fd, 0)
        for await (const part of createReadStream(res.bodyFile) as AsyncIterable<Uint8Array>) await write(part)
        out.warn(`wirebench: the body was not decoded (${e instanceof WirebenchError ? e.message : String(e)}); ${file} holds it as received`)
      }
    } else {
      // Not spilled (empty, or an exchange that holds bodies itself): the result has it, decoded, when it is whole.
      await write(res.body !== undefined ? Buffer.from(res.body, 'utf8') : Buffer.from(res.bodyBase64 ?? '', 'base64'))
      if (res.bodyShownBytes < res.bodyLength) out.warn(`wirebench: only the first ${res.bodyShownBytes} of ${res.bodyLength} body bytes were available to write to ${file}`)
    }
  } finally {
    if (!stdout) closeSync(fd)
    if (res.bodyFile) rmSync(res.bodyFile, { force: true })
  }
  out.warn(`wirebench: ${written} body bytes written to ${stdout ? 'stdout' : file}`)
  return { ...r, response: { ...res, bodyFile: stdout ? '(stdout)' : file, bodyLength: written } }
}

/** Without -o: the spill file goes (nothing is left in /tmp); the result keeps the start it shows, and says so. */
export function discardSpill(r: HttpRawResult, out: Output): HttpRawResult {
  const res = r.response
  if (!res.bodyFile) return r
  rmSync(res.bodyFile, { force: true })
  out.warn(`wirebench: the body (${res.bodyLength} bytes) is larger than Wirebench holds in memory: its first ${res.bodyShownBytes} bytes are shown; -o FILE saves it whole`)
  const { bodyFile: _gone, ...rest } = res
  return { ...r, response: rest }
}
