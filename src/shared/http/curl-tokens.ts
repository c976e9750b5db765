// Splits a pasted curl command line into words the way a POSIX shell would (quotes, escapes, $'…', continuations),
// without running a shell: Wirebench imports curl commands from the web and must read them, never execute them.
import type { Finding } from '../findings'
import { WirebenchError } from '../errors'

/** One shell word: its bytes (a $'\xff' escape can make bytes that are not UTF-8) and where it came from. */
export interface ShellWord {
  bytes: Uint8Array
  /** The word as text when its bytes are valid UTF-8; undefined otherwise. */
  text: string | undefined
  /** UTF-16 offsets into the command string (not bytes), so an editor can underline the word. */
  offset: number
  length: number
}

export interface Tokenized {
  words: ShellWord[]
  findings: Finding[]
}

export const CURL_TOKEN_LIMITS = { maxChars: 4 * 1024 * 1024, maxWords: 10_000 } as const

const SHELL = 'POSIX Shell Command Language §2.2 (Quoting)'
const utf8 = new TextEncoder()
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes)
  } catch {
    return undefined
  }
}

const isBlank = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r'
const HEX = /^[0-9a-fA-F]$/
const OCT = /^[0-7]$/

/** Collects one word's bytes; text runs are UTF-8 encoded, escapes may add raw bytes. */
class WordBuilder {
  private parts: number[] = []
  started = false
  text(s: string): void {
    this.started = true
    for (const b of utf8.encode(s)) this.parts.push(b)
  }
  byte(b: number): void {
    this.started = true
    this.parts.push(b & 0xff)
  }
  take(): Uint8Array {
    const out = Uint8Array.from(this.parts)
    this.parts = []
    this.started = false
    return out
  }
}

/**
 * Reads `command` as a shell would split it into words. Understood: blanks, '…', "…" (backslash escapes only
 * $ ` " \ and newline), $'…' (ANSI-C escapes), $"…" (as "…"), backslash outside quotes, backslash-newline and
 * Windows cmd's caret-newline continuations, # comments. Not run: $VAR and $(…) stay literal (a finding says so);
 * | ; & end the command (a finding says the rest was not read); redirections are reported, not performed.
 */
export function tokenizeShell(command: string): Tokenized {
  if (command.length > CURL_TOKEN_LIMITS.maxChars) {
    throw new WirebenchError('TOO_LARGE', `The command line is ${command.length.toLocaleString('en-US')} characters; at most ${CURL_TOKEN_LIMITS.maxChars.toLocaleString('en-US')} are read.`)
  }
  const words: ShellWord[] = []
  const findings: Finding[] = []
  const w = new WordBuilder()
  let start = -1
  let expansionNoted = false
  const n = command.length
  let i = 0

  const noteExpansion = (at: number): void => {
    if (expansionNoted) return
    expansionNoted = true
    findings.push({ severity: 'warning', code: 'SHELL_EXPANSION', message: 'The command uses a shell variable or command substitution ($…); it was kept as literal text, since Wirebench does not run a shell.', source: SHELL, span: { offset: at, length: 1 } })
  }
  const endWord = (at: number): void => {
    if (!w.started) return
    if (words.length >= CURL_TOKEN_LIMITS.maxWords) throw new WirebenchError('TOO_LARGE', `The command has more than ${CURL_TOKEN_LIMITS.maxWords.toLocaleString('en-US')} words.`)
    const bytes = w.take()
    words.push({ bytes, text: decodeUtf8(bytes), offset: start, length: at - start })
    start = -1
  }
  const begin = (at: number): void => {
    if (start < 0) start = at
  }
  const unclosed = (what: string, at: number): never => {
    throw new WirebenchError('HTTP_CURL_SYNTAX', `The ${what} opened at character ${at + 1} is never closed.`)
  }

  while (i < n) {
    const c = command[i]!
    if (isBlank(c)) {
      endWord(i)
      i++
      continue
    }
    if ((c === '\\' || c === '^') && (command[i + 1] === '\n' || (command[i + 1] === '\r' && command[i + 2] === '\n'))) {
      // A line continuation: the backslash (or cmd's caret) and the line break vanish (§2.2.1).
      i += command[i + 1] === '\r' ? 3 : 2
      continue
    }
    if (c === '#' && !w.started) {
      while (i < n && command[i] !== '\n') i++
      continue
    }
    if (c === '|' || c === ';' || c === '&') {
      endWord(i)
      findings.push({ severity: 'warning', code: 'SHELL_REST_IGNORED', message: `The command line continues after "${c}" with another command or a pipe; only the first command was read.`, source: SHELL, span: { offset: i, length: n - i } })
      break
    }
    if (c === '>' || c === '<') {
      // A redirection ends the word before it; "2>" names a file descriptor, which is part of the redirection.
      if (w.started && start >= 0 && /^\d+$/.test(command.slice(start, i))) {
        w.take()
        start = -1
      } else endWord(i)
      findings.push({ severity: 'info', code: 'SHELL_REDIRECT', message: `A shell redirection ("${c}") was found; Wirebench does not read or write files for it, and its target is not a curl argument.`, source: SHELL, span: { offset: i, length: 1 } })
      i++
      // Skip the redirection's target word.
      while (i < n && isBlank(command[i]!)) i++
      while (i < n && !isBlank(command[i]!)) i++
      continue
    }
    begin(i)
    if (c === '\\') {
      if (i + 1 >= n) throw new WirebenchError('HTTP_CURL_SYNTAX', 'The command ends with a lone backslash.')
      w.text(command[i + 1]!)
      i += 2
    } else if (c === "'") {
      const close = command.indexOf("'", i + 1)
      if (close < 0) unclosed('single quote', i)
      w.text(command.slice(i + 1, close))
      w.started = true
      i = close + 1
    } else if (c === '$' && command[i + 1] === "'") {
      i = readAnsiC(command, i + 2, w, i)
    } else if (c === '"' || (c === '$' && command[i + 1] === '"')) {
      const open = i
      i += c === '$' ? 2 : 1
      w.started = true
      let closed = false
      while (i < n) {
        const d = command[i]!
        if (d === '"') {
          closed = true
          i++
          break
        }
        if (d === '\\' && i + 1 < n) {
          const e = command[i + 1]!
          if (e === '$' || e === '`' || e === '"' || e === '\\') w.text(e)
          else if (e !== '\n') {
            w.text('\\')
            i++
            continue
          }
          i += 2
          continue
        }
        if (d === '`' || (d === '$' && /[A-Za-z_{(0-9@*#?$!-]/.test(command[i + 1] ?? ''))) noteExpansion(i)
        w.text(d)
        i++
      }
      if (!closed) unclosed('double quote', open)
    } else {
      if (c === '`' || (c === '$' && /[A-Za-z_{(0-9@*#?$!-]/.test(command[i + 1] ?? ''))) noteExpansion(i)
      w.text(c)
      i++
    }
  }
  endWord(i)
  return { words, findings }
}

/** Reads the body of $'…' from `i` (just after the opening quote); returns the index after the closing quote. */
function readAnsiC(s: string, i: number, w: WordBuilder, open: number): number {
  w.started = true
  const n = s.length
  const simple: Record<string, number> = { a: 7, b: 8, e: 27, E: 27, f: 12, n: 10, r: 13, t: 9, v: 11, '\\': 92, "'": 39, '"': 34, '?': 63 }
  while (i < n) {
    const c = s[i]!
    if (c === "'") return i + 1
    if (c !== '\\') {
      // Take a whole code point so astral characters are not split.
      const cp = s.codePointAt(i)!
      const ch = String.fromCodePoint(cp)
      w.text(ch)
      i += ch.length
      continue
    }
    const e = s[i + 1]
    if (e === undefined) break
    if (e in simple) {
      w.byte(simple[e]!)
      i += 2
    } else if (OCT.test(e)) {
      let j = i + 1
      let v = 0
      while (j < i + 4 && j < n && OCT.test(s[j]!)) v = v * 8 + Number(s[j++])
      w.byte(v)
      i = j
    } else if (e === 'x') {
      let j = i + 2
      let hex = ''
      while (j < i + 4 && j < n && HEX.test(s[j]!)) hex += s[j++]
      if (hex) w.byte(parseInt(hex, 16))
      else w.text('\\x')
      i = j
    } else if (e === 'u' || e === 'U') {
      const max = e === 'u' ? 4 : 8
      let j = i + 2
      let hex = ''
      while (j < i + 2 + max && j < n && HEX.test(s[j]!)) hex += s[j++]
      const cp = hex ? parseInt(hex, 16) : -1
      if (cp >= 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) w.text(String.fromCodePoint(cp))
      else w.text(s.slice(i, j))
      i = j
    } else if (e === 'c' && i + 2 < n) {
      w.byte(s.charCodeAt(i + 2) & 0x1f)
      i += 3
    } else {
      // Unknown escapes stay as written, as bash leaves them.
      w.text('\\' + e)
      i += 2
    }
  }
  throw new WirebenchError('HTTP_CURL_SYNTAX', `The $'…' quote opened at character ${open + 1} is never closed.`)
}

const SAFE_WORD = /^[A-Za-z0-9_\-.,:/@%+=]+$/

/**
 * Quotes bytes as one shell word that a POSIX shell (and bash/zsh for $'…') reads back to exactly these bytes.
 * A NUL byte cannot be in a command-line argument at all, so callers must not pass one (curl.ts sends such bodies
 * on standard input instead).
 */
export function quoteShellWord(bytes: Uint8Array): string {
  const text = decodeUtf8(bytes)
  if (text !== undefined) {
    if (text && SAFE_WORD.test(text)) return text
    // Plain single quotes when nothing in the text needs an escape; non-ASCII letters are fine inside them.
    if (!/[\x00-\x1f\x7f'\u0080-\u009f\u2028\u2029]/.test(text)) return `'${text}'`
    if (!/[\x00-\x1f\x7f\u0080-\u009f\u2028\u2029]/.test(text)) return `'${text.replace(/'/g, `'\\''`)}'`
  }
  let out = "$'"
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]!
    if (b === 0x5c) out += '\\\\'
    else if (b === 0x27) out += "\\'"
    else if (b === 0x0a) out += '\\n'
    else if (b === 0x0d) out += '\\r'
    else if (b === 0x09) out += '\\t'
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b)
    else if (b >= 0x80) {
      // Keep a valid UTF-8 sequence readable; escape stray bytes.
      const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1
      const seq = len > 1 ? decodeUtf8(bytes.subarray(i, i + len)) : undefined
      if (seq !== undefined && !/[\u0080-\u009f\u2028\u2029]/.test(seq)) {
        out += seq
        i += len
        continue
      }
      out += '\\x' + b.toString(16).padStart(2, '0')
    } else out += '\\x' + b.toString(16).padStart(2, '0')
    i++
  }
  return out + "'"
}

export const quoteShellText = (text: string): string => quoteShellWord(utf8.encode(text))
