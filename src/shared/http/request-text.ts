// The HTTP tab's two editors share one source of truth, the raw request text. This reads that text into a structured
// request (method, target, version, headers, body) and writes one back, and says whether the two are byte-for-byte the
// same: when they are not (bare LF, obs-fold, odd whitespace), the structured form is only an approximation and the
// raw bytes stay as typed until the user asks to normalise them (RFC 9112 §2.2, §3, §5).

export type LineEnding = '\r\n' | '\n'

export interface StructuredRequest {
  method: string
  target: string
  version: string
  headers: [string, string][]
  body: string
  lineEnding: LineEnding
}

export interface ParsedRequestText {
  request: StructuredRequest
  /** formatRequestText(request) === the text: the structured form can be edited without changing any other byte. */
  exact: boolean
  /** Why it is not exact, in words (empty when exact). */
  issues: string[]
}

/** The end of the head: the first empty line, as [index of the line break that ends the last field line, length]. */
function headEnd(text: string): { at: number; length: number } | null {
  const m = /\r?\n\r?\n/.exec(text)
  return m ? { at: m.index, length: m[0].length } : null
}

/** Writes a structured request as HTTP/1.1 text: the start line, "Name: value" lines, an empty line, the body. */
export function formatRequestText(r: StructuredRequest): string {
  const le = r.lineEnding
  const lines = [`${r.method} ${r.target} ${r.version}`, ...r.headers.map(([n, v]) => (v === '' ? `${n}:` : `${n}: ${v}`))]
  return lines.join(le) + le + le + r.body
}

/** Reads raw request text as leniently as a server might, and says what the structured form cannot carry. */
export function parseRequestText(text: string): ParsedRequestText {
  const issues: string[] = []
  const end = headEnd(text)
  const head = end ? text.slice(0, end.at) : text.replace(/\r?\n$/, '')
  const body = end ? text.slice(end.at + end.length) : ''
  const firstBreak = /\r?\n/.exec(text)
  const lineEnding: LineEnding = firstBreak && firstBreak[0] === '\n' ? '\n' : '\r\n'
  const rawLines = head.split(/\r?\n/)

  const headRegion = end ? text.slice(0, end.at + end.length) : text
  const crlf = (headRegion.match(/\r\n/g) ?? []).length
  const lfOnly = (headRegion.match(/(?<!\r)\n/g) ?? []).length
  if (crlf && lfOnly) issues.push(`Mixed line endings: ${crlf} CRLF and ${lfOnly} bare LF (RFC 9112 §2.2 asks for CRLF; many servers accept a bare LF, some do not).`)
  if (/\r(?!\n)/.test(head)) issues.push('A bare CR (not followed by LF) in the head (RFC 9112 §2.2: a recipient may reject it or treat it as a space).')
  if (!end) issues.push('The head has no empty line yet, so the request is not finished: a server waits for it (RFC 9112 §2.1).')

  const startLine = rawLines[0] ?? ''
  const parts = startLine.split(' ')
  let method = parts[0] ?? ''
  let target = parts[1] ?? ''
  let version = parts.slice(2).join(' ')
  if (parts.length !== 3 || parts.some((p) => p === '' || /\s/.test(p))) {
    const words = startLine.trim().split(/\s+/)
    ;[method = '', target = '', version = ''] = [words[0], words[1], words.slice(2).join(' ')]
    issues.push('The request line is not exactly "METHOD SP target SP version" with single spaces (RFC 9112 §3).')
  }

  const headers: [string, string][] = []
  for (let i = 1; i < rawLines.length; i++) {
    const line = rawLines[i]!
    if (/^[ \t]/.test(line) && headers.length) {
      // obs-fold (RFC 9112 §5.2): the continuation joins the previous value with one space, as a recipient must.
      const last = headers[headers.length - 1]!
      last[1] = `${last[1]} ${line.trim()}`
      issues.push(`Line ${i + 1} continues the previous field (obs-fold, RFC 9112 §5.2): obsolete, and rejected by most servers.`)
      continue
    }
    const colon = line.indexOf(':')
    if (colon < 0) {
      headers.push([line, ''])
      issues.push(`Line ${i + 1} has no colon, so it is not a field line (RFC 9112 §5).`)
      continue
    }
    const name = line.slice(0, colon)
    const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '')
    if (/[ \t]$/.test(name)) issues.push(`Line ${i + 1} has whitespace before the colon, which a server must reject (RFC 9112 §5.1).`)
    headers.push([name.trim(), value])
  }

  const request: StructuredRequest = { method, target, version, headers, body, lineEnding }
  const exact = formatRequestText(request) === text
  if (!exact && issues.length === 0) issues.push('Spacing in the head differs from "Name: value" (extra or missing spaces around a value).')
  return { request, exact, issues: exact ? [] : issues }
}

const utf8 = new TextEncoder()

/** The request's bytes as they go on the wire: the text's UTF-8 encoding, nothing added. */
export const requestBytes = (text: string): Uint8Array => utf8.encode(text)

/** Where the head's field lines are: [start, end) of each line in the text (the start line is not included). */
function fieldLines(text: string): { start: number; end: number; name: string }[] {
  const end = headEnd(text)
  const head = end ? text.slice(0, end.at) : text
  const out: { start: number; end: number; name: string }[] = []
  const re = /\r?\n/g
  let lineStart = 0
  let first = true
  for (;;) {
    const m = re.exec(head)
    const lineEnd = m ? m.index : head.length
    if (!first && lineEnd > lineStart) out.push({ start: lineStart, end: lineEnd, name: head.slice(lineStart, lineEnd).split(':')[0]!.trim().toLowerCase() })
    first = false
    if (!m) break
    lineStart = m.index + m[0].length
  }
  return out
}

/** The line ending the text mostly uses (CRLF unless its first line ends in a bare LF). */
export function dominantLineEnding(text: string): LineEnding {
  const m = /\r?\n/.exec(text)
  return m && m[0] === '\n' ? '\n' : '\r\n'
}

/**
 * Sets one field's value, changing only that line's bytes: the first line with the name is rewritten (others with the
 * same name are left), or a new line goes at the end of the head. A null value removes every line with the name.
 */
export function setHeaderInText(text: string, name: string, value: string | null): string {
  const lower = name.toLowerCase()
  const lines = fieldLines(text)
  const hits = lines.filter((l) => l.name === lower)
  if (value === null) {
    let out = text
    for (const l of [...hits].reverse()) {
      const brk = /^\r?\n/.exec(out.slice(l.end))?.[0] ?? ''
      out = out.slice(0, l.start) + out.slice(l.end + brk.length)
    }
    return out
  }
  const first = hits[0]
  if (first) return text.slice(0, first.start) + `${text.slice(first.start, first.end).split(':')[0]}: ${value}` + text.slice(first.end)
  const le = dominantLineEnding(text)
  const end = headEnd(text)
  if (!end) return `${text.replace(/\r?\n$/, '')}${le}${name}: ${value}${le}${le}`
  return `${text.slice(0, end.at)}${le}${name}: ${value}${text.slice(end.at)}`
}

/** Replaces the request line's target (the path and query), leaving the method, the version and every other byte. */
export function setTargetInText(text: string, target: string): string {
  const m = /^(\S*)([ \t]+)(\S*)/.exec(text)
  if (!m) return text.trim() ? text : `GET ${target} HTTP/1.1\r\n\r\n`
  return `${m[1] ?? ''}${m[2] ?? ''}${target}${text.slice(m[0].length)}`
}

/** The body's length in bytes as it will be sent (UTF-8), for Content-Length (RFC 9110 §8.6). */
export function bodyByteLength(text: string): number {
  const end = headEnd(text)
  return end ? utf8.encode(text.slice(end.at + end.length)).length : 0
}

/** Content-Length set to the body's real length (or removed when there is no body and none was asked for). */
export function fixContentLength(text: string): string {
  const n = bodyByteLength(text)
  const has = fieldLines(text).some((l) => l.name === 'content-length')
  if (!has && n === 0) return text
  return setHeaderInText(text, 'Content-Length', String(n))
}

/** Every line ending in the head, and the empty line after it, made CRLF; the body's bytes are left alone. */
export function useCrlfInHead(text: string): string {
  const end = headEnd(text)
  const head = end ? text.slice(0, end.at) : text
  const fixed = head.replace(/\r?\n/g, '\r\n')
  return end ? `${fixed}\r\n\r\n${text.slice(end.at + end.length)}` : fixed
}

/** Each line's ending, for the editor's gutter: 'crlf', 'lf' (bare), or 'none' for the last line. */
export function lineEndings(text: string): ('crlf' | 'lf' | 'none')[] {
  const out: ('crlf' | 'lf' | 'none')[] = []
  const re = /\r?\n/g
  let m: RegExpExecArray | null
  while ((m = re.exec(text))) out.push(m[0] === '\r\n' ? 'crlf' : 'lf')
  out.push('none')
  return out
}
