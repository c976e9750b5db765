// What the Walkthrough tab computes from a recorded walkthrough, kept apart from React so it is tested on its own: a
// step's bytes from hex (capped, so a 30 MB response never blocks the page), the OSI layers in words, the landmarks a
// learner jumps to, the keys that step, and the TLS 1.2 / 1.3 comparison (round trips, messages, bytes, time).
import type { Span } from '../../../../shared/dissect/span'
import type { OsiLayer, WalkLane, WalkStep, Walkthrough } from '../../../../shared/walkthrough/model'

/** At most this many bytes of one step go to the hex view; the rest is counted, not drawn (UI budget: 100 ms). */
export const SHOWN_BYTES = 1024 * 1024

const NIBBLE = new Int8Array(128).fill(-1)
for (let i = 0; i < 10; i++) NIBBLE[48 + i] = i
for (let i = 0; i < 6; i++) {
  NIBBLE[65 + i] = 10 + i
  NIBBLE[97 + i] = 10 + i
}

/** How many bytes a hex text holds (separators between bytes allowed). */
export function hexByteLength(hex: string): number {
  let digits = 0
  for (let i = 0; i < hex.length; i++) {
    const c = hex.charCodeAt(i)
    if (c < 128 && NIBBLE[c]! >= 0) digits++
  }
  return digits >> 1
}

/** The first `max` bytes of a hex text, skipping separators; lenient, because it came from our own recorder. */
export function hexToBytes(hex: string, max = SHOWN_BYTES): { bytes: Uint8Array; total: number } {
  const total = hexByteLength(hex)
  const out = new Uint8Array(Math.min(total, max))
  let n = 0
  let hi = -1
  for (let i = 0; i < hex.length && n < out.length; i++) {
    const c = hex.charCodeAt(i)
    const v = c < 128 ? NIBBLE[c]! : -1
    if (v < 0) continue
    if (hi < 0) hi = v
    else {
      out[n++] = (hi << 4) | v
      hi = -1
    }
  }
  return { bytes: out, total }
}

/** Spans cut to the first `length` bytes: those starting beyond are dropped, those crossing the end are shortened. */
export function clipSpans(spans: readonly Span[], length: number): Span[] {
  const out: Span[] = []
  for (const s of spans) {
    if (s.offset >= length && !(s.offset === length && s.length === 0)) continue
    const end = Math.min(s.offset + s.length, length)
    const children = s.children ? clipSpans(s.children, length) : undefined
    out.push({ ...s, length: end - s.offset, ...(children ? { children } : {}) })
  }
  return out
}

/** The bytes a step shows: the plaintext (or the only bytes), or the encrypted record(s) as on the wire. */
export function stepBytes(step: WalkStep, wire: boolean): { bytes: Uint8Array; total: number; spans: Span[]; wire: boolean } {
  const useWire = wire && !!step.wireHex
  const { bytes, total } = hexToBytes(useWire ? step.wireHex! : step.bytesHex)
  const spans = useWire ? [] : total > bytes.length ? clipSpans(step.spans, bytes.length) : step.spans
  return { bytes, total, spans, wire: useWire }
}

export interface LayerInfo {
  id: OsiLayer
  number: number
  name: string
  does: string
}

/** The OSI layers the seeds teach, top down, with what each does on this kind of connection. */
export const LAYERS: readonly LayerInfo[] = [
  { id: 'application', number: 7, name: 'Application', does: 'What the programs mean: the HTTP request and response, the DNS question and answer. RFC 1122 §1.1.3 folds OSI 5–7 into one application layer; the OSI names stay useful for teaching.' },
  { id: 'presentation', number: 6, name: 'Presentation', does: 'How data is represented and protected on its way: TLS encrypts and authenticates the application’s bytes (RFC 8446 §1), so TLS is usually drawn here, above TCP and below HTTP.' },
  { id: 'session', number: 5, name: 'Session', does: 'The dialogue between the ends: opening, resuming and closing a session. TLS session tickets and resumption (RFC 8446 §2.2) are often placed here.' },
  { id: 'transport', number: 4, name: 'Transport', does: 'End-to-end delivery between two ports: TCP’s connection, sequence numbers, acknowledgements and retransmission (RFC 9293); UDP’s single datagrams for DNS (RFC 768).' },
  { id: 'network', number: 3, name: 'Network', does: 'Addresses and routing from host to host: IP source and destination, TTL (hop limit), fragmentation and DF (RFC 791, RFC 8200).' },
  { id: 'link', number: 2, name: 'Data link', does: 'One hop on one link: Ethernet frames and MAC addresses; on loopback the kernel’s pseudo-link, which tcpdump shows as a cooked header (LINUX_SLL).' }
]

export const layerInfo = (id: OsiLayer): LayerInfo => LAYERS.find((l) => l.id === id) ?? LAYERS[0]!

export const LANES: readonly WalkLane[] = ['client', 'resolver', 'server']

/** Milliseconds as a reader wants them: three significant figures, never "0.000". */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—'
  if (ms === 0) return '0 ms'
  if (ms < 0.01) return `${(ms * 1000).toFixed(1)} µs`
  if (ms < 10) return `${ms.toFixed(2)} ms`
  if (ms < 1000) return `${ms.toFixed(1)} ms`
  return `${(ms / 1000).toFixed(2)} s`
}

/** A local date and time, 2026-12-01 21:50:34, written out (no Intl formatter, as ui/numbers.ts explains). */
export function localTime(epochMs: number): string {
  const d = new Date(epochMs)
  const two = (x: number): string => String(x).padStart(2, '0')
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${(n / 1024 / 1024).toFixed(1)} MiB`
}

/** What a key does in the step viewer: ←/→ or k/j step, Home/End jump to the ends, space plays or pauses. */
export type StepKey = 'next' | 'prev' | 'first' | 'last' | 'play'
export function stepKey(key: string): StepKey | null {
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
    case 'j':
      return 'next'
    case 'ArrowLeft':
    case 'ArrowUp':
    case 'k':
      return 'prev'
    case 'Home':
      return 'first'
    case 'End':
      return 'last'
    case ' ':
      return 'play'
    default:
      return null
  }
}

/** The moments a learner jumps to: the first step of each phase that this walkthrough has. */
export function landmarks(steps: readonly WalkStep[]): { label: string; index: number }[] {
  const wanted: [string, (s: WalkStep) => boolean][] = [
    ['DNS question', (s) => s.kind === 'dns-query'],
    ['Address chosen', (s) => s.kind === 'address-choice'],
    ['TCP handshake', (s) => s.kind === 'tcp-syn' || s.kind === 'tcp-connect'],
    ['ClientHello', (s) => s.kind === 'tls-client-hello'],
    ['HelloRetryRequest', (s) => s.kind === 'tls-hello-retry-request'],
    ['ServerHello', (s) => s.kind === 'tls-server-hello'],
    ['Certificate', (s) => s.kind === 'tls-certificate'],
    ['Finished', (s) => s.kind === 'tls-finished'],
    ['HTTP request', (s) => s.kind === 'http-request'],
    ['HTTP response', (s) => s.kind === 'http-response'],
    ['Close', (s) => s.kind === 'close' || s.kind === 'tcp-fin' || s.kind === 'tcp-rst']
  ]
  const out: { label: string; index: number }[] = []
  for (const [label, test] of wanted) {
    const index = steps.findIndex(test)
    if (index >= 0) out.push({ label, index })
  }
  return out
}

/** A TLS handshake step: a handshake message or a ChangeCipherSpec, not application data or an alert. */
const isHandshake = (s: WalkStep): boolean => s.kind.startsWith('tls-') && s.kind !== 'tls-application-data' && s.kind !== 'tls-alert'

export interface HandshakeSummary {
  version: string
  cipher: string
  group: string
  /** Client flights the server had to answer before the first request byte could go. */
  roundTrips: number
  /** Handshake messages before the request (ChangeCipherSpec counted apart). */
  messages: number
  changeCipherSpecs: number
  /** Bytes of those handshake messages (headers included; the records around them add 5 bytes each, more when encrypted). */
  bytes: number
  /** ClientHello sent → the last Finished before the request. */
  handshakeMs: number | null
  /** ClientHello sent → first request byte. */
  toRequestMs: number | null
  totalMs: number
  /** The certificate travelled encrypted (TLS 1.3) or in clear (TLS 1.2). */
  certificateEncrypted: boolean | null
  decrypted: boolean
  /** The handshake as flights: who sent which messages, in order. */
  flights: { from: WalkLane; titles: string[] }[]
}

/** TLS 1.2 has no key_share: its ECDHE group is the ServerKeyExchange's named curve (RFC 8422 §5.4). For walkthroughs
 * recorded before the summary carried it, read it from that step's field. */
function curveOf(steps: readonly WalkStep[]): string | undefined {
  const ske = steps.find((s) => s.kind === 'tls-server-key-exchange')
  const stack = [...(ske?.spans ?? [])]
  for (let i = 0; i < stack.length && i < 10_000; i++) {
    const s = stack[i]!
    if (s.name === 'Named curve' && s.value) return s.value.replace(/ \(0x[0-9a-f]{4}\)$/i, '')
    if (s.children) stack.push(...s.children)
  }
  return undefined
}

export function summarizeHandshake(w: Walkthrough): HandshakeSummary {
  const requestAt = w.steps.findIndex((s) => s.kind === 'http-request')
  const before = requestAt >= 0 ? w.steps.slice(0, requestAt) : w.steps
  const hs = before.filter(isHandshake)
  let roundTrips = 0
  let last: WalkLane | null = null
  const flights: HandshakeSummary['flights'] = []
  for (const s of hs) {
    if (s.from === 'server' && last === 'client') roundTrips++
    if (s.from !== last) flights.push({ from: s.from, titles: [] })
    flights[flights.length - 1]!.titles.push(s.title)
    last = s.from
  }
  const ccs = hs.filter((s) => s.kind === 'tls-change-cipher-spec').length
  const hello = hs.find((s) => s.kind === 'tls-client-hello')
  const finished = hs.filter((s) => s.kind === 'tls-finished').at(-1)
  const request = requestAt >= 0 ? w.steps[requestAt] : undefined
  const cert = hs.find((s) => s.kind === 'tls-certificate')
  return {
    version: w.tls?.version ?? 'no TLS',
    cipher: w.tls?.cipher ?? '—',
    group: w.tls?.group ?? curveOf(hs) ?? '—',
    roundTrips,
    messages: hs.length - ccs,
    changeCipherSpecs: ccs,
    bytes: hs.filter((s) => s.kind !== 'tls-change-cipher-spec').reduce((n, s) => n + (s.byteLength ?? hexByteLength(s.bytesHex)), 0),
    handshakeMs: hello && finished ? finished.startMs + finished.durationMs - hello.startMs : null,
    toRequestMs: hello && request ? request.startMs - hello.startMs : null,
    totalMs: w.totalMs,
    certificateEncrypted: cert ? !!cert.decrypted || (w.tls?.version ?? '').includes('1.3') : null,
    decrypted: !!w.tls?.decrypted,
    flights
  }
}

/** The ticks of a time axis from 0 to `total` ms: about `count` round values. */
export function timeTicks(total: number, count = 6): number[] {
  if (!(total > 0)) return [0]
  const raw = total / count
  const pow = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * pow).find((v) => v >= raw) ?? raw
  const out: number[] = []
  for (let t = 0; t <= total + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)))
  return out
}
