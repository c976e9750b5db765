// The span tree of the response's bytes for the Hex pane, cut by the shared dissector table ('http1' or 'http2'):
// small messages in a task of their own, larger ones in a worker, so a megabyte of chunked body never holds the page.
import type { Dissection } from '../../../../shared/dissect/span'
import { dissect } from '../../../../shared/dissect/table'

export interface ResponseSpansRequest {
  id: number
  protocol: 'http1' | 'http2'
  bytes: Uint8Array
}

export interface ResponseSpansReply {
  id: number
  dissection: Dissection
}

/** Below this the dissector runs on the page (a few ms); above, in the worker. */
export const WORKER_FROM_BYTES = 32 * 1024

/** More spans than the default: a 1 MiB chunked body has thousands of chunks, each a few spans. */
export const VIEW_MAX_SPANS = 40_000

export function dissectResponse(protocol: 'http1' | 'http2', bytes: Uint8Array): Dissection {
  return dissect(protocol, bytes, { maxSpans: VIEW_MAX_SPANS })
}

let worker: Worker | null | undefined
const pending = new Map<number, { resolve: (d: Dissection) => void; protocol: 'http1' | 'http2'; bytes: Uint8Array }>()
let nextId = 1

function fallBack(): void {
  worker = null
  for (const [id, p] of pending) {
    pending.delete(id)
    setTimeout(() => p.resolve(dissectResponse(p.protocol, p.bytes)), 0)
  }
}

function getWorker(): Worker | null {
  if (worker !== undefined) return worker
  try {
    worker = new Worker(new URL('./response-spans.worker.ts', import.meta.url), { type: 'module' })
  } catch {
    return (worker = null)
  }
  worker.onerror = (e) => {
    e.preventDefault()
    fallBack()
  }
  worker.onmessageerror = fallBack
  worker.onmessage = (e: MessageEvent<ResponseSpansReply>) => {
    const p = pending.get(e.data.id)
    if (!p) return
    pending.delete(e.data.id)
    p.resolve(e.data.dissection)
  }
  return worker
}

export function loadResponseSpans(protocol: 'http1' | 'http2', bytes: Uint8Array): Promise<Dissection> {
  return new Promise((resolve) => {
    const w = bytes.length > WORKER_FROM_BYTES ? getWorker() : null
    if (!w) {
      setTimeout(() => resolve(dissectResponse(protocol, bytes)), 0)
      return
    }
    const id = nextId++
    pending.set(id, { resolve, protocol, bytes })
    w.postMessage({ id, protocol, bytes } satisfies ResponseSpansRequest)
  })
}
