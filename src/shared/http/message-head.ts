// The line-level half of the HTTP/1.1 reader: the start line and a field section (headers or trailers) read leniently,
// with every deviation a strict parser rejects (bare CR or LF, obs-fold, whitespace before the colon, a non-token
// name, NUL in a value, an oversized or endless section) noted as a finding at its bytes (RFC 9112 §2.2, §5).
import type { Finding } from '../findings'
import { headerWords } from './header-words'

export interface FieldLine {
  /** Start of the line; `length` includes its line ending and any obs-fold continuation lines. */
  offset: number
  length: number
  /** The line as received (latin1), without its ending; for a start line. */
  text: string
  textLength: number
  name: string
  nameLength: number
  value: string
  valueOffset: number
  valueLength: number
  explain?: string
}

export interface FieldSection {
  startLine?: FieldLine
  fields: FieldLine[]
  /** Where the field lines begin. */
  offset: number
  /** Just past the empty line when done, else how far reading got. */
  end: number
  /** The empty line arrived. */
  done: boolean
  /** Over a limit: more bytes will not help. */
  broken: boolean
}

export interface FieldLimits {
  maxHeadBytes: number
  maxFields: number
  longLineBytes: number
  manyFields: number
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const isWs = (b: number | undefined): boolean => b === 0x20 || b === 0x09

/** Bytes as ISO-8859-1 text, the way HTTP/1.1 field values are read (obs-text, RFC 9110 §5.5). */
export function latin1(bytes: Uint8Array, from: number, to: number): string {
  let s = ''
  // Short values (most field names and values) are built char by char: no view object to make per string.
  if (to - from <= 64) {
    for (let i = from; i < to; i++) s += String.fromCharCode(bytes[i]!)
    return s
  }
  // apply takes the typed array as it is; spreading it walks an iterator, several times slower on every header.
  for (let i = from; i < to; i += 4096) s += String.fromCharCode.apply(null, bytes.subarray(i, Math.min(to, i + 4096)) as unknown as number[])
  return s
}

/** Where `byte` first is in bytes[from, to), counted from `from`; -1 when absent. */
function indexIn(bytes: Uint8Array, byte: number, from: number, to: number): number {
  for (let i = from; i < to; i++) if (bytes[i] === byte) return i - from
  return -1
}

/** Reads an optional start line, then field lines up to the empty line. Never throws. */
export function readFields(bytes: Uint8Array, start: number, withStartLine: boolean, lim: FieldLimits, findings: Finding[], kind: 'request' | 'response'): FieldSection {
  const counts = new Map<string, number>()
  const note = (f: Finding): void => {
    const n = counts.get(f.code) ?? 0
    counts.set(f.code, n + 1)
    if (n < 5) findings.push(f)
  }
  const out: FieldSection = { fields: [], offset: start, end: start, done: false, broken: false }
  const cap = Math.min(bytes.length, start + lim.maxHeadBytes)
  let p = start
  let wantStart = withStartLine
  while (!out.done) {
    // indexOf from an offset, not on a subarray: a view per line (a Buffer's is costly) was most of a head's parse.
    let lf = p < cap ? bytes.indexOf(0x0a, p) : -1
    if (lf >= cap) lf = -1
    if (lf < 0) {
      out.end = p
      if (cap - start >= lim.maxHeadBytes) {
        out.broken = true
        findings.push({ severity: 'error', code: 'HEAD_TOO_LARGE', message: `No end of the ${withStartLine ? 'header' : 'trailer'} section within ${lim.maxHeadBytes} bytes; reading stopped (strict servers answer 431, RFC 6585 §5).`, source: 'RFC 9112 §2.3', span: { offset: start, length: cap - start } })
      }
      return out
    }
    const crlf = lf > p && bytes[lf - 1] === 0x0d
    const lineEnd = crlf ? lf - 1 : lf
    if (!crlf) note({ severity: 'warning', code: 'BARE_LF', message: 'A line ends in LF without CR: recipients may accept it, but strict parsers reject it, and front ends that disagree can be desynchronised (RFC 9112 §2.2).', source: 'RFC 9112 §2.2', span: { offset: lf, length: 1 } })
    const cr = indexIn(bytes, 0x0d, p, lineEnd)
    if (cr >= 0) note({ severity: 'error', code: 'BARE_CR', message: 'A CR not followed by LF inside a line: it must be rejected or replaced by a space (RFC 9112 §2.2).', source: 'RFC 9112 §2.2', span: { offset: p + cr, length: 1 } })
    const line = { offset: p, length: lf + 1 - p }
    if (wantStart) {
      wantStart = false
      // Spelled out, not spread: spreading `line` made each of these objects several times slower to build.
      out.startLine = { offset: line.offset, length: line.length, text: latin1(bytes, p, lineEnd), textLength: lineEnd - p, name: '', nameLength: 0, value: '', valueOffset: p, valueLength: 0 }
      p = lf + 1
      out.offset = p
      continue
    }
    if (lineEnd === p) {
      out.done = true
      out.end = lf + 1
      break
    }
    if (lf + 1 - p > lim.longLineBytes) note({ severity: 'warning', code: 'LONG_FIELD_LINE', message: `A field line is ${lf + 1 - p} bytes long; many servers refuse lines over ${lim.longLineBytes} bytes (nginx answers 400, others 431).`, source: 'RFC 6585 §5', span: line })
    if (isWs(bytes[p])) {
      const prev = out.fields[out.fields.length - 1]
      if (!prev) {
        note({ severity: 'error', code: 'WHITESPACE_BEFORE_FIRST_FIELD', message: 'Whitespace between the start line and the first field: it must be rejected or the line ignored (RFC 9112 §2.2). It was ignored.', source: 'RFC 9112 §2.2', span: line })
      } else {
        note({ severity: kind === 'request' ? 'error' : 'warning', code: 'OBS_FOLD', message: kind === 'request'
          ? 'A field value continues on a line starting with whitespace (obs-fold): a server receiving it in a request must either reject the message (400) or replace each obs-fold with one or more spaces (RFC 9112 §5.2). It was joined with one space.'
          : 'A field value continues on a line starting with whitespace (obs-fold): a user agent receiving it in a response must replace each obs-fold with one or more spaces before interpreting the value (RFC 9112 §5.2). It was joined with one space.', source: 'RFC 9112 §5.2', span: line })
        let a = p
        let b = lineEnd
        while (a < b && isWs(bytes[a])) a++
        while (b > a && isWs(bytes[b - 1])) b--
        if (b > a) {
          prev.value = prev.value ? `${prev.value} ${latin1(bytes, a, b)}` : latin1(bytes, a, b)
          if (!prev.valueLength) prev.valueOffset = a
          prev.valueLength = b - prev.valueOffset
        }
        prev.length = lf + 1 - prev.offset
      }
      p = lf + 1
      continue
    }
    if (out.fields.length >= lim.maxFields) {
      out.broken = true
      out.end = p
      findings.push({ severity: 'error', code: 'TOO_MANY_FIELDS', message: `More than ${lim.maxFields} field lines; reading stopped (strict servers answer 431, RFC 6585 §5).`, source: 'RFC 6585 §5', span: line })
      return out
    }
    const colon = indexIn(bytes, 0x3a, p, lineEnd)
    if (colon < 0) {
      note({ severity: 'error', code: 'NO_COLON', message: 'A field line without a colon: strict parsers reject the message (RFC 9112 §5). It was skipped.', source: 'RFC 9112 §5', span: line })
      p = lf + 1
      continue
    }
    let nameEnd = p + colon
    while (nameEnd > p && isWs(bytes[nameEnd - 1])) nameEnd--
    if (nameEnd < p + colon) note({ severity: 'error', code: 'WHITESPACE_BEFORE_COLON', message: 'Whitespace between a field name and its colon: servers must answer 400 and proxies must remove it (RFC 9112 §5.1), because parsers that keep or drop it see different fields.', source: 'RFC 9112 §5.1', span: { offset: nameEnd, length: p + colon - nameEnd } })
    const name = latin1(bytes, p, nameEnd)
    if (!name) note({ severity: 'error', code: 'EMPTY_FIELD_NAME', message: 'A field line starts with a colon: it has no name (RFC 9110 §5.1).', source: 'RFC 9110 §5.1', span: line })
    else if (!TOKEN.test(name)) note({ severity: 'error', code: 'NON_TOKEN_FIELD_NAME', message: `The field name "${name.slice(0, 40)}" has characters a token may not contain (RFC 9110 §5.1).`, source: 'RFC 9110 §5.1', span: { offset: p, length: nameEnd - p } })
    let a = p + colon + 1
    let b = lineEnd
    while (a < b && isWs(bytes[a])) a++
    while (b > a && isWs(bytes[b - 1])) b--
    for (let i = a; i < b; i++) {
      const c = bytes[i]!
      if (c === 0) note({ severity: 'error', code: 'NUL_IN_VALUE', message: 'A field value contains NUL: it must be rejected or replaced by a space (RFC 9110 §5.5).', source: 'RFC 9110 §5.5', span: { offset: i, length: 1 } })
      else if ((c < 0x20 && c !== 0x09 && c !== 0x0d) || c === 0x7f) note({ severity: 'warning', code: 'CTL_IN_VALUE', message: 'A field value contains a control character, which the grammar does not allow (RFC 9110 §5.5).', source: 'RFC 9110 §5.5', span: { offset: i, length: 1 } })
    }
    const words = headerWords(name)
    const field: FieldLine = { offset: line.offset, length: line.length, text: '', textLength: 0, name, nameLength: nameEnd - p, value: latin1(bytes, a, b), valueOffset: a, valueLength: b - a }
    if (words) field.explain = `${words.words} (${words.rfc})`
    out.fields.push(field)
    p = lf + 1
  }
  if (out.fields.length > lim.manyFields) findings.push({ severity: 'info', code: 'MANY_FIELDS', message: `${out.fields.length} field lines; some servers refuse more than ${lim.manyFields} (Apache's LimitRequestFields).`, source: 'RFC 6585 §5' })
  return out
}
