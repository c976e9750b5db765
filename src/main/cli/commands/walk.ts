// `wirebench walk URL`: the Walkthrough tab on the command line — one line per step (time, layer, arrow, title) and the
// key facts, or the issue's JSON; the key log, pcapng and HTML page written to files (never through a link; the key
// log, the pcapng and the HTML page — which carries the whole key log — hold the session's secrets, so they are 0600).
import { closeSync, constants, fchmodSync, lstatSync, openSync, writeSync } from 'node:fs'
import net from 'node:net'
import type { WalkRecordInput } from '../../../shared/contract/walkthrough'
import type { Walkthrough } from '../../../shared/walkthrough/model'
import type { CapturedPacket } from '../../walkthrough'
import { caller, output, parse, readTextFile, UsageError, type Output, type Values } from '../kit'

const OPTIONS = {
  resolve: { type: 'string' },
  resolver: { type: 'string' },
  'http1.1': { type: 'boolean' },
  http2: { type: 'boolean' },
  'tls1.2': { type: 'boolean' },
  keylog: { type: 'string' },
  pcap: { type: 'string' },
  html: { type: 'string' },
  'no-capture': { type: 'boolean' },
  insecure: { type: 'boolean' },
  ca: { type: 'string' },
  timeout: { type: 'string' }
} as const

/** The issue's JSON: the steps with their fields flattened depth-first, TLS in brief, capture mode and the key log. */
export function walkJson(w: Walkthrough, flatten: (spans: Walkthrough['steps'][number]['spans']) => unknown[]): unknown {
  return {
    url: w.url,
    steps: w.steps.map((s) => ({ layer: s.layer, kind: s.kind, title: s.title, startMs: s.startMs, durationMs: s.durationMs, direction: s.direction, bytesHex: s.bytesHex, fields: flatten(s.spans) })),
    tls: w.tls ? { version: w.tls.version, cipher: w.tls.cipher, decrypted: w.tls.decrypted } : null,
    capture: w.capture,
    keylog: w.keylog
  }
}

/** Server-controlled text (a reason phrase, a DNS name) reaches a terminal: no escape sequence gets through. */
const clean = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?')

const ARROWS: Record<string, string> = { 'client→server': '→ server', 'server→client': '← server', 'client→resolver': '→ resolver', 'resolver→client': '← resolver', local: '· local' }

/** An address and port as in a URL (RFC 3986 §3.2.2): an IPv6 address in brackets, `[::1]:53936`, as the steps write it. */
export const hostPort = (address: string, port: number): string => (address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`)

export function walkHuman(w: Walkthrough): string[] {
  const lines = [`Walkthrough of ${clean(w.url)}: ${w.steps.length} steps in ${w.totalMs.toFixed(1)} ms`]
  if (w.phases) lines.push(`Recorded in ${w.phases.recordMs.toFixed(1)} ms (from the start until the whole response was in), explained in ${w.phases.explainMs.toFixed(1)} ms after it`)
  for (const s of w.steps) lines.push(`${s.startMs.toFixed(2).padStart(9)} ms  ${s.layer.padEnd(12)} ${(ARROWS[s.direction] ?? s.direction).padEnd(10)}  ${clean(s.title)}${s.decrypted ? ' [decrypted]' : ''}`)
  lines.push('')
  if (w.dns) lines.push(`DNS: ${clean(w.dns.resolver)} over ${w.dns.transport} → ${w.dns.addresses.join(', ')}; connected to ${w.dns.chosen}`)
  lines.push(`TCP: ${hostPort(w.local.address, w.local.port)} → ${hostPort(w.remote.address, w.remote.port)}; ${w.capture === 'packets' ? `packets captured (${clean(w.captureNote)}; packet times are the kernel's capture times)` : `socket only (${clean(w.captureNote)})`}`)
  if (w.tls) lines.push(`TLS: ${w.tls.version} ${w.tls.cipher}${w.tls.group ? ` ${w.tls.group}` : ''}${w.tls.alpn ? ` ALPN ${w.tls.alpn}` : ''}; ${w.tls.decrypted ? 'every record decrypted with the key log' : `not decrypted (${clean(w.tls.decryptNote ?? '')})`}`)
  if (w.http) lines.push(`HTTP: ${w.http.version} ${w.http.status} ${clean(w.http.statusWords)}`)
  for (const f of w.findings.filter((x) => x.severity !== 'info')) lines.push(`${f.severity}: ${clean(f.message)}`)
  return lines
}

function refuseLink(flag: string, file: unknown): void {
  if (typeof file !== 'string') return
  try {
    if (lstatSync(file).isSymbolicLink()) throw new UsageError(`--${flag} ${file} is a symbolic link; Wirebench does not write through links`)
  } catch (e) {
    if (e instanceof UsageError) throw e
  }
}

/** Writes a file whole without following a link; `secret` files end up mode 0600 even when they existed before. */
export function writeFileSafely(flag: string, file: string, bytes: Uint8Array | string, secret: boolean): void {
  let fd: number
  try {
    fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, secret ? 0o600 : 0o644)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new UsageError(`cannot write --${flag} ${file}: ${code === 'ELOOP' ? 'it is a symbolic link' : (code ?? String(e))}`)
  }
  try {
    if (secret) fchmodSync(fd, 0o600)
    if (typeof bytes === 'string') writeSync(fd, bytes)
    else writeSync(fd, bytes)
  } finally {
    closeSync(fd)
  }
}

const bare = (a: string): string => a.trim().replace(/^\[(.*)\]$/, '$1')

/** curl's --resolve HOST:PORT:ADDRESS: it applies only when HOST and PORT are the URL's. */
function resolveAddress(text: string, url: URL, out: Output): string | undefined {
  const m = /^([^:]+):(\d+):(.+)$/.exec(text.trim())
  if (!m) throw new UsageError(`--resolve takes HOST:PORT:ADDRESS (curl's form), for example example.com:443:127.0.0.1, not "${text}"`)
  const address = bare(m[3]!)
  if (!net.isIP(address)) throw new UsageError(`--resolve ${text}: ${address} is not an IP address`)
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80
  if (m[1]!.toLowerCase() !== url.hostname.toLowerCase() || Number(m[2]) !== port) {
    out.warn(`wirebench: --resolve ${text} does not match ${url.hostname}:${port}, so it is not used`)
    return undefined
  }
  return address
}

function toInput(positionals: string[], values: Values, out: Output): WalkRecordInput {
  const [text, ...extra] = positionals
  if (!text) throw new UsageError('give a URL, for example wirebench walk https://example.com/')
  if (extra.length) throw new UsageError(`one URL at a time (also got ${extra.join(' ')})`)
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new UsageError(`"${text}" is not a URL: write it whole, for example https://example.com/path`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${url.protocol} URLs are not HTTP: use http:// or https://`)
  if (values['http1.1'] && values.http2) throw new UsageError('--http1.1 and --http2 cannot both be given')
  if (values['tls1.2'] && url.protocol === 'http:') throw new UsageError(`--tls1.2 needs an https:// URL: ${url.protocol}// has no TLS to limit`)
  const address = typeof values.resolve === 'string' ? resolveAddress(values.resolve, url, out) : undefined
  const caPem = readTextFile(values.ca, 'CA')
  if (values.insecure) out.warn('wirebench: WARNING: --insecure: the certificate is not checked; the walkthrough still shows what verification would have said')
  const timeout = values.timeout === undefined ? undefined : Number(values.timeout)
  if (timeout !== undefined && !Number.isInteger(timeout)) throw new UsageError(`--timeout takes milliseconds, not "${String(values.timeout)}"`)
  return {
    url: url.toString(),
    ...(address ? { address } : {}),
    ...(typeof values.resolver === 'string' ? { resolver: values.resolver } : {}),
    protocol: values['http1.1'] ? 'http1.1' : values.http2 ? 'http2' : 'auto',
    tlsVersion: values['tls1.2'] ? '1.2' : 'auto',
    capture: !values['no-capture'],
    insecure: Boolean(values.insecure),
    ...(caPem ? { caPem } : {}),
    ...(timeout !== undefined ? { timeoutMs: timeout } : {})
  }
}

export async function walk(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS)
  const out = output(Boolean(values.json))
  const input = toInput(positionals, values, out)
  for (const flag of ['keylog', 'pcap', 'html'] as const) refuseLink(flag, values[flag])
  // While this thread loads the engines, the analyser's worker loads on another core (its warm-up walks end when the
  // recording starts, so they never compete with the request), and tcpdump starts when the address is known without
  // a lookup; the recorder adopts both.
  const [{ prewarmAnalysisWorker }, { startWalkCapture }] = await Promise.all([import('../../walkthrough/analysis-pool'), import('../../walkthrough/early-capture')])
  prewarmAnalysisWorker()
  const capture = startWalkCapture(input)
  const early = capture?.started ?? null
  let w: Walkthrough
  let packets: CapturedPacket[] = []
  try {
    // Loading the engines holds the event loop for ~100 ms; tcpdump is started first, so it opens its interface in
    // that time instead of after it.
    await capture?.spawned
    const { recordWalkthrough } = await import('../../walkthrough')
    const call = caller({
      'walk.record': async (parsed: Parameters<typeof recordWalkthrough>[0], job: { signal: AbortSignal }) => {
        const r = await recordWalkthrough(parsed, { signal: job.signal, capture: early })
        packets = r.packets
        return r.walkthrough
      }
    })
    w = await call('walk.record', input)
  } finally {
    // stopped by the recorder when it adopted it; if the walk failed before that, stopped here (stop is idempotent)
    void early?.then((r) => r.capture?.stop(0))
  }
  const { exportWalkthrough, flattenFields } = await import('../../walkthrough')
  if (typeof values.keylog === 'string') {
    if (!w.keylog) out.warn(`wirebench: no key log to write to ${values.keylog}: the connection was not TLS`)
    else writeFileSafely('keylog', values.keylog, w.keylog, true)
  }
  if (typeof values.pcap === 'string') {
    if (packets.length === 0) out.warn(`wirebench: no packets to write to ${values.pcap}: ${w.captureNote}`)
    else writeFileSafely('pcap', values.pcap, exportWalkthrough(w, packets, 'pcapng').bytes, true)
  }
  if (typeof values.html === 'string') writeFileSafely('html', values.html, exportWalkthrough(w, packets, 'html').bytes, true)
  if (out.json) out.print(JSON.stringify(walkJson(w, (spans) => flattenFields(spans)), null, 2))
  else walkHuman(w).forEach((l) => out.print(l))
  return 0
}
