// What every transport does with bytes that claim to be our answer: the RFC 5452 §4.2–4.4 checks (ID, question, QR),
// the 0x20 echo, decoding with its limits — one judge, so UDP, TCP, DoT and DoH accept and refuse alike.
import { webcrypto } from 'node:crypto'
import { WirebenchError } from '../../shared/errors'
import type { Finding } from '../../shared/findings'
import type { DnsMessage, QueryAttempt } from '../../shared/dns/model'
import { decodeMessage } from '../../shared/dns/message'
import { typeCode } from '../../shared/dns/types'
import { nameToLabels } from '../../shared/dns/names'
import { parseAddress, sameAddress } from '../../shared/ip/address'

/** What the answer must match. */
export interface Expect {
  id: number
  /** The name exactly as sent (0x20 case kept), fully qualified. */
  name: string
  type: string
  randomCase: boolean
  /** false: decode without byte spans (a caller that prints records only); the checks are the same. */
  spans?: boolean
  /** The client cookie we sent, hex (RFC 7873): an answer echoing another one is not ours. */
  clientCookie?: string
}

export interface Accepted {
  bytes: Uint8Array
  message: DnsMessage
  findings: Finding[]
}

export type Verdict = { kind: 'accept'; accepted: Accepted } | { kind: 'ignore'; reason: string; finding: Finding }

/** Messages ignored on one try are counted; only the first few are described. */
export const MAX_IGNORED_SHOWN = 5

// Random bytes come from the CSPRNG in blocks: one getRandomValues call per 4 KiB rather than one per query ID.
// Every byte is used once, so IDs stay as unpredictable as RFC 5452 §9.2 asks; only the system calls are fewer.
const POOL_SIZE = 4096
const pool = new Uint8Array(POOL_SIZE)
let poolUsed = POOL_SIZE

function take(n: number): number {
  if (poolUsed + n > POOL_SIZE) {
    webcrypto.getRandomValues(pool)
    poolUsed = 0
  }
  const at = poolUsed
  poolUsed += n
  return at
}

export function randomId(): number {
  const at = take(2)
  const id = ((pool[at] as number) << 8) | (pool[at + 1] as number)
  pool.fill(0, at, at + 2)
  return id
}

export function randomBytes(n: number): Uint8Array {
  // Larger requests than the pool (a 0x20 name is at most 255 bytes, a cookie 8) go straight to the CSPRNG.
  if (n > POOL_SIZE / 4) return webcrypto.getRandomValues(new Uint8Array(n))
  const at = take(n)
  const out = pool.slice(at, at + n)
  pool.fill(0, at, at + n)
  return out
}

/** draft-vixie-dnsext-dns0x20: each letter's case at random, which a genuine answer echoes exactly. */
export function randomiseCase(name: string): string {
  const bits = randomBytes(name.length)
  let out = ''
  for (let i = 0; i < name.length; i++) {
    const c = name[i] as string
    out += (bits[i] as number) & 1 ? c.toUpperCase() : c.toLowerCase()
  }
  return out
}

export const hex16 = (n: number): string => `0x${n.toString(16).padStart(4, '0')}`

const ignore = (code: string, reason: string, source = 'RFC 5452 §4.3'): Verdict => ({
  kind: 'ignore',
  reason,
  finding: { severity: 'warning', code, message: `Ignored a message: ${reason}.`, source }
})

/** Names compared as the labels on the wire (escapes resolved: `\\(` and `(`, `\\065` and `A` are the same octets);
 *  ASCII letters ignore case unless exact (RFC 4343 §3), which the 0x20 echo check needs. */
export function sameName(a: string, b: string, exact = false): boolean {
  if (a === b) return true
  let la: Uint8Array[], lb: Uint8Array[]
  try {
    la = nameToLabels(a)
    lb = nameToLabels(b)
  } catch {
    return exact ? a === b : a.toLowerCase() === b.toLowerCase()
  }
  if (la.length !== lb.length) return false
  const fold = (c: number): number => (!exact && c >= 0x41 && c <= 0x5a ? c + 32 : c)
  for (let i = 0; i < la.length; i++) {
    const x = la[i] as Uint8Array
    const y = lb[i] as Uint8Array
    if (x.length !== y.length) return false
    for (let j = 0; j < x.length; j++) if (fold(x[j] as number) !== fold(y[j] as number)) return false
  }
  return true
}

function sameType(a: string, b: string): boolean {
  try {
    return typeCode(a) === typeCode(b)
  } catch {
    return a.toUpperCase() === b.toUpperCase()
  }
}

/** Decodes and checks one message; a wrong ID, question or direction is ignored, unreadable bytes with our ID throw. */
export function judge(bytes: Uint8Array, expect: Expect, server: string): Verdict {
  if (bytes.length < 2) return ignore('SHORT_MESSAGE', `${bytes.length} byte(s), too short to carry a message ID`)
  const id = ((bytes[0] as number) << 8) | (bytes[1] as number)
  if (id !== expect.id) return ignore('ID_MISMATCH', `wrong ID ${hex16(id)} (we sent ${hex16(expect.id)})`)
  let message: DnsMessage
  try {
    message = decodeMessage(bytes, { spans: expect.spans !== false })
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err)
    throw new WirebenchError('DNS_MALFORMED', `${server} answered with a malformed DNS message: ${why}`)
  }
  if (!message.flags.qr) return ignore('NOT_A_RESPONSE', 'QR is 0, so it is a query, not a response (RFC 1035 §4.1.1)')
  if (expect.clientCookie) {
    const echoed = message.edns?.options.find((o) => o.code === 10)?.fields['client']
    if (typeof echoed === 'string' && echoed.replace(/[^0-9a-f]/gi, '').toLowerCase() !== expect.clientCookie) {
      return ignore('COOKIE_MISMATCH', `it echoes client cookie ${echoed}, not the ${expect.clientCookie} we sent`, 'RFC 7873 §5.3')
    }
  }
  const findings: Finding[] = []
  const q = message.questions[0]
  if (!q) {
    // A server that could not parse our query (FORMERR, NOTIMP) may answer without the question (RFC 1035 §4.1.2).
    if (message.rcode === 'NOERROR') return ignore('QUESTION_MISMATCH', 'it carries no question, so it cannot be matched to ours', 'RFC 5452 §4.2')
    findings.push({ severity: 'info', code: 'NO_QUESTION', message: `The ${message.rcode} answer did not repeat the question; it was matched by its ID only.`, source: 'RFC 5452 §4.3' })
  } else {
    if (message.questions.length > 1) findings.push({ severity: 'warning', code: 'QUESTION_COUNT', message: `The answer repeats ${message.questions.length} questions; a query carries one (RFC 9619).`, source: 'RFC 9619' })
    if (!sameName(q.name, expect.name) || !sameType(q.type, expect.type) || q.class !== 'IN') {
      return ignore('QUESTION_MISMATCH', `it answers ${q.name} ${q.class} ${q.type}, not ${expect.name} IN ${expect.type.toUpperCase()}`, 'RFC 5452 §4.2')
    }
    if (expect.randomCase && !sameName(q.name, expect.name, true)) {
      findings.push({
        severity: 'warning',
        code: 'CASE_NOT_ECHOED',
        message: `We asked for ${expect.name} with random letter case; the answer says ${q.name} — a server should echo the name exactly; one that does not makes 0x20 spoofing protection useless (draft-vixie-dnsext-dns0x20).`,
        source: 'draft-vixie-dnsext-dns0x20 §4'
      })
    } else if (expect.randomCase) {
      findings.push({ severity: 'ok', code: 'CASE_ECHOED', message: `The answer echoed the random letter case ${q.name} exactly (0x20).`, source: 'draft-vixie-dnsext-dns0x20' })
    }
  }
  return { kind: 'accept', accepted: { bytes, message, findings } }
}

/** The same address however it is written ("::1" and "0:0::1"). */
export function sameHost(a: string, b: string): boolean {
  if (a === b) return true
  const x = parseAddress(a.replace(/^::ffff:(?=\d+\.)/i, ''))
  const y = parseAddress(b.replace(/^::ffff:(?=\d+\.)/i, ''))
  return x.ok && y.ok ? sameAddress(x.value, y.value) : a === b
}

/** A try's outcome with the messages it ignored on the way. */
export function outcomeWith(base: string, ignored: string[], ignoredCount: number): string {
  if (ignoredCount === 0) return base
  const more = ignoredCount > ignored.length ? `, and ${ignoredCount - ignored.length} more` : ''
  return `${base}; ignored ${ignoredCount} message(s): ${ignored.join('; ')}${more}`
}

/** " (ignored 2 messages: …)" for the end of a sentence, or nothing. */
export function ignoredSuffix(ignored: string[], ignoredCount: number): string {
  return ignoredCount === 0 ? '' : ` (${outcomeWith('', ignored, ignoredCount).slice(2)})`
}

/** Attempts as lines for an error's detail, since an error value carries no attempt list. */
export function attemptsText(attempts: QueryAttempt[]): string {
  return attempts
    .map((a, i) => `try ${i + 1}: ${a.transport.toUpperCase()} ${a.server} id ${hex16(a.id)}${a.localPort ? ` from port ${a.localPort}` : ''}, ${a.sentBytes} bytes sent, ${a.timeMs} ms: ${a.outcome}`)
    .join('\n')
}

// Hundreds of tries in flight on one job's signal (a -f file): one 'abort' listener per signal fans out to them,
// since adding and removing an EventTarget listener per try costs more than the try's own bookkeeping.
const waiting = new WeakMap<AbortSignal, Set<() => void>>()

/** Calls `fn` once if `signal` aborts; the returned function stops that (call it when the try ends). */
export function whenAborted(signal: AbortSignal | undefined, fn: () => void): () => void {
  if (!signal) return () => undefined
  if (signal.aborted) {
    let live = true
    queueMicrotask(() => live && fn())
    return () => void (live = false)
  }
  let set = waiting.get(signal)
  if (!set) {
    const fresh = new Set<() => void>()
    set = fresh
    waiting.set(signal, fresh)
    signal.addEventListener('abort', () => {
      waiting.delete(signal)
      for (const f of [...fresh]) f()
    }, { once: true })
  }
  const mine = set
  mine.add(fn)
  return () => void mine.delete(fn)
}

export function cancelled(where: string): WirebenchError {
  return new WirebenchError('CANCELLED', undefined, `Cancelled while ${where}.`)
}

export const ms = (since: number): number => Math.round((performance.now() - since) * 100) / 100
