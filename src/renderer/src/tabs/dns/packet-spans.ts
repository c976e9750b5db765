// The span tree of a received message for the packet view. Main may leave it out of an answer (for 2,000 records it
// is ~85% of the JSON), so it is cut here from the raw bytes: in a worker when the page can start one, else in a task
// of its own.
import type { Span } from '../../../../shared/dissect/span'
import { decodeMessage } from '../../../../shared/dns/message'
import type { DnsMessage } from '../../../../shared/dns/model'

/** Records per message from the worker: ~250 records of ~9 spans each take a few ms to take apart on the page. */
export const PART_SPANS = 250

export interface SpansRequest {
  id: number
  bytes: Uint8Array
}

export type SpansReply = { id: number; kind: 'top'; spans: Span[] } | { id: number; kind: 'part'; section: number; spans: Span[] } | { id: number; kind: 'done' }

/**
 * More spans than the engine's default cap (20,000, about 2,200 A records): the view shows every record of the
 * largest message there is (64 KiB, ~4,000 records of ~9 spans each), and still a bound on hostile bytes.
 */
export const VIEW_MAX_SPANS = 65_536

/** The span tree of a message, or none (never an exception) when the bytes are not one. */
export function decodeSpans(bytes: Uint8Array): Span[] {
  try {
    return decodeMessage(bytes, { maxSpans: VIEW_MAX_SPANS }).spans
  } catch {
    // main decoded these bytes already; if they fail here, the view shows no tree rather than an error.
    return []
  }
}

interface Pending {
  top: Span[]
  resolve: (spans: Span[]) => void
  bytes: Uint8Array
}

let worker: Worker | null | undefined
const pending = new Map<number, Pending>()
let nextId = 1

/** Every waiting request is cut here instead (the worker failed to start or died), each in a task of its own. */
function fallBack(): void {
  worker = null
  for (const [id, p] of pending) {
    pending.delete(id)
    setTimeout(() => p.resolve(decodeSpans(p.bytes)), 0)
  }
}

function getWorker(): Worker | null {
  if (worker !== undefined) return worker
  try {
    worker = new Worker(new URL('./packet-spans.worker.ts', import.meta.url), { type: 'module' })
  } catch {
    return (worker = null)
  }
  worker.onerror = (e) => {
    e.preventDefault()
    fallBack()
  }
  worker.onmessageerror = fallBack
  worker.onmessage = (e: MessageEvent<SpansReply>) => {
    const reply = e.data
    const p = pending.get(reply.id)
    if (!p) return
    if (reply.kind === 'top') p.top = reply.spans
    else if (reply.kind === 'part') p.top[reply.section]?.children?.push(...reply.spans)
    else {
      pending.delete(reply.id)
      p.resolve(p.top)
    }
  }
  return worker
}

/**
 * The message's span tree: as main sent it (in a later task, so the answer is drawn first), or cut from the raw
 * bytes by the same shared decoder main uses — also when main's tree stopped at its span limit (SPAN_LIMIT).
 */
export function loadPacketSpans(bytes: Uint8Array, message: Pick<DnsMessage, 'spans' | 'findings'>): Promise<readonly Span[]> {
  const given = message.spans
  const whole = given.length > 0 && !message.findings.some((f) => f.code === 'SPAN_LIMIT')
  if (whole || bytes.length < 12) return new Promise((resolve) => setTimeout(() => resolve(given), 0))
  return new Promise((resolve) => {
    const w = getWorker()
    if (!w) {
      setTimeout(() => resolve(decodeSpans(bytes)), 0)
      return
    }
    const id = nextId++
    pending.set(id, { top: [], resolve, bytes })
    w.postMessage({ id, bytes } satisfies SpansRequest)
  })
}
