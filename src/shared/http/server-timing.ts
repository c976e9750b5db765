// Server-Timing (W3C Server Timing §3, §4) read from a response, so the timings waterfall can show the server's own
// metrics ("db;dur=53, app;dur=47.2;desc=…") inside the wait for the first byte. The header comes from the network:
// its length, the number of metrics and every name and description are capped, and it never throws.

export interface ServerTimingMetric {
  name: string
  /** dur in milliseconds; 0 when missing or not a number (§4, "dur" defaults to 0). */
  durationMs: number
  /** Whether a dur parameter was there at all (a metric can be only a name or a description). */
  hasDuration: boolean
  description: string
}

export interface ServerTimingReading {
  metrics: ServerTimingMetric[]
  /** What was skipped or cut, in words. */
  notes: string[]
}

export const SERVER_TIMING_LIMITS = { maxHeaderChars: 16 * 1024, maxMetrics: 64, maxNameChars: 128, maxDescriptionChars: 256 } as const

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/** Splits on `sep` outside quoted strings (a desc may hold commas and semicolons). */
function splitOutsideQuotes(text: string, sep: string): string[] {
  const parts: string[] = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quoted) {
      cur += c
      if (c === '\\' && i + 1 < text.length) cur += text[++i]
      else if (c === '"') quoted = false
    } else if (c === '"') {
      quoted = true
      cur += c
    } else if (c === sep) {
      parts.push(cur)
      cur = ''
    } else cur += c
  }
  parts.push(cur)
  return parts
}

/** A token as is, or a quoted-string's content with its backslash escapes undone (RFC 9110 §5.6.4). */
function paramValue(raw: string): string {
  const v = raw.trim()
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) return v.slice(1, -1).replace(/\\(.)/g, '$1')
  return v
}

const clip = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max)}…` : s)

/** Reads every Server-Timing field value given (several fields are one list, RFC 9110 §5.3). */
export function parseServerTiming(values: readonly string[]): ServerTimingReading {
  const notes: string[] = []
  let text = values.join(', ')
  if (text.length > SERVER_TIMING_LIMITS.maxHeaderChars) {
    notes.push(`Server-Timing is ${text.length.toLocaleString('en-US')} characters; only the first ${SERVER_TIMING_LIMITS.maxHeaderChars / 1024} KiB were read.`)
    text = text.slice(0, SERVER_TIMING_LIMITS.maxHeaderChars)
  }
  const metrics: ServerTimingMetric[] = []
  const entries = splitOutsideQuotes(text, ',')
  for (const entry of entries) {
    if (entry.trim() === '') continue
    if (metrics.length >= SERVER_TIMING_LIMITS.maxMetrics) {
      notes.push(`Only the first ${SERVER_TIMING_LIMITS.maxMetrics} metrics are shown.`)
      break
    }
    const [head, ...params] = splitOutsideQuotes(entry, ';')
    const name = head!.trim()
    if (!TOKEN.test(name)) {
      notes.push(`"${clip(name, 40)}" is not a metric name (a token, W3C Server Timing §3); skipped.`)
      continue
    }
    const m: ServerTimingMetric = { name: clip(name, SERVER_TIMING_LIMITS.maxNameChars), durationMs: 0, hasDuration: false, description: '' }
    let sawDesc = false
    for (const p of params) {
      const eq = p.indexOf('=')
      const key = (eq < 0 ? p : p.slice(0, eq)).trim().toLowerCase()
      const value = eq < 0 ? '' : paramValue(p.slice(eq + 1))
      // §4: only the first dur and the first desc count; other parameters are ignored.
      if (key === 'dur' && !m.hasDuration) {
        m.hasDuration = true
        const n = Number(value)
        if (value !== '' && Number.isFinite(n) && n >= 0) m.durationMs = n
        else notes.push(`${m.name}: dur "${clip(value, 20)}" is not a number of milliseconds; taken as 0.`)
      } else if (key === 'desc' && !sawDesc) {
        sawDesc = true
        m.description = clip(value, SERVER_TIMING_LIMITS.maxDescriptionChars)
      }
    }
    metrics.push(m)
  }
  return { metrics, notes }
}

/** The Server-Timing values among a response's headers (names are case-insensitive). */
export function serverTimingFrom(headers: readonly (readonly [string, string])[]): ServerTimingReading {
  return parseServerTiming(headers.filter(([n]) => n.toLowerCase() === 'server-timing').map(([, v]) => v))
}
