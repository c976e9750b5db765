// What arrives at the transports is hostile until proven otherwise: these turn request targets, percent-encoding
// and WebSocket messages into values or refusals with a reason, so no malformed input can throw out of a handler.

/** Nesting deeper than any contract input needs; deeper JSON is refused before anything walks it recursively. */
export const MAX_JSON_DEPTH = 64

/** The request target as a URL, or null when it is not one (`//`, `http://[`, a bare `*`). */
export function parseRequestTarget(target: string | undefined): URL | null {
  if (typeof target !== 'string' || !target.startsWith('/') || target.startsWith('//')) return null
  try {
    return new URL(target, 'http://127.0.0.1')
  } catch {
    return null
  }
}

/** decodeURIComponent that answers null for broken escapes (`/%`, `/%E0%A4`) instead of throwing. */
export function decodePath(pathname: string): string | null {
  try {
    const decoded = decodeURIComponent(pathname)
    return decoded.includes('\0') ? null : decoded
  } catch {
    return null
  }
}

/** Arrays and objects in one message; far above any contract input (2,000 PEMs is the widest), far below harm. */
export const MAX_JSON_CONTAINERS = 100_000

/**
 * Why a JSON value's shape is refused (nested deeper than `maxDepth`, or more than `maxContainers` arrays and
 * objects), or null. Walks with an explicit stack, so no depth can overflow the call stack.
 */
export function jsonShapeProblem(value: unknown, maxDepth = MAX_JSON_DEPTH, maxContainers = MAX_JSON_CONTAINERS): string | null {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }]
  let containers = 0
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!
    if (typeof current !== 'object' || current === null) continue
    if (depth >= maxDepth) return `nested deeper than ${maxDepth} levels`
    if (++containers > maxContainers) return `more than ${maxContainers} arrays and objects`
    for (const child of Object.values(current as Record<string, unknown>)) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1 })
    }
  }
  return null
}

export interface ClientMessage {
  t: string
  id?: unknown
  method?: unknown
  input?: unknown
  token?: unknown
}

export type Parsed = { ok: true; message: ClientMessage } | { ok: false; reason: string }

/** A WebSocket message from the page: JSON text of a plain object with a string `t`, not too deep. */
export function parseClientMessage(raw: Buffer | ArrayBuffer | Buffer[] | string, isBinary = false): Parsed {
  if (isBinary) return { ok: false, reason: 'binary messages are not accepted' }
  const text = typeof raw === 'string' ? raw : Array.isArray(raw) ? Buffer.concat(raw).toString('utf8') : Buffer.from(raw as ArrayBuffer).toString('utf8')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false, reason: 'not JSON' }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: 'not a JSON object' }
  const shape = jsonShapeProblem(value)
  if (shape) return { ok: false, reason: shape }
  const message = value as ClientMessage
  if (typeof message.t !== 'string') return { ok: false, reason: 'no message type' }
  return { ok: true, message }
}

/** A WebSocket close reason must fit in 123 bytes. */
export function closeReason(text: string): string {
  return Buffer.byteLength(text) <= 123 ? text : Buffer.from(text).subarray(0, 120).toString('utf8')
}
