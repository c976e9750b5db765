// Imports a pasted curl command line into a request model and exports a request back as a curl command, so a request
// moves between Wirebench and the tool everyone already has; options we do not carry over are listed, never dropped.
import type { Finding } from '../findings'
import { concatBytes, toBase64 } from '../bytes'
import { decodeUtf8, quoteShellText, quoteShellWord, tokenizeShell, type ShellWord } from './curl-tokens'

/** A body is text when its bytes are valid UTF-8, bytes otherwise (parseCurl always returns this canonical form). */
export type CurlBody = { kind: 'text'; text: string } | { kind: 'bytes'; bytes: Uint8Array }

/** --resolve HOST:PORT:ADDRESS[,ADDRESS]…: connect to these addresses for HOST:PORT, DNS skipped. */
export interface CurlResolve { host: string; port: number; addresses: string[] }
/** --connect-to HOST1:PORT1:HOST2:PORT2: requests for HOST1:PORT1 go to HOST2:PORT2 (empty fields match any). */
export interface CurlConnectTo { fromHost: string; fromPort: string; toHost: string; toPort: string }

export interface CurlRequest {
  method: string
  /** Absolute URL; a URL without a scheme becomes http://…, as curl guesses. */
  url: string
  /** The headers the command sets, in order, including those -u, -b, -A, -e, -d and --json imply. */
  headers: [string, string][]
  /** Lower-case names of headers curl adds by itself (Host, User-Agent, Accept, Content-Type…) removed with -H 'Name:'. */
  removedHeaders: string[]
  body?: CurlBody
  httpVersion?: '1.0' | '1.1' | '2' | '2-prior-knowledge'
  /** File names only: Wirebench reads them when the request is sent, not here. */
  tls: { insecure: boolean; cacert?: string; cert?: string; key?: string }
  resolve: CurlResolve[]
  connectTo: CurlConnectTo[]
  /** --compressed: ask for gzip/deflate/br/zstd with Accept-Encoding and decode the answer. */
  compressed: boolean
  /** -L: follow redirects (3xx with Location). */
  followRedirects: boolean
}

export interface ParsedCurl { request: CurlRequest; findings: Finding[] }

export interface ParseCurlOptions {
  /** What `@-` reads (standard input). */
  stdin?: Uint8Array
  /** Reads `@file` for -d/--data-binary/--data-urlencode/--json; without it such bodies are reported, not guessed. */
  readFile?: (path: string) => Uint8Array | undefined
}

const MAN = 'curl(1)'
const te = new TextEncoder()
const lossy = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true })

type Handler = (value: string, word: ShellWord) => void
interface Spec { arg: boolean; run?: Handler; note?: string; bytes?: boolean }

/** Options curl has that change nothing Wirebench sends: curl's own output, progress, retries and timing. */
const OUTPUT_ONLY: Record<string, boolean> = {
  silent: false, 'show-error': false, verbose: false, include: false, output: true, 'remote-name': false, 'write-out': true,
  fail: false, 'fail-with-body': false, 'max-time': true, 'connect-timeout': true, 'progress-bar': false, trace: true,
  'trace-ascii': true, 'dump-header': true, 'no-buffer': false, retry: true, 'max-redirs': true, 'cookie-jar': true,
  stderr: true, 'no-progress-meter': false, basic: false, globoff: false, 'path-as-is': false, 'parallel': false
}
/** Options that change the exchange in ways this model does not carry; they are reported as warnings. */
const NOT_CARRIED: Record<string, boolean> = {
  form: true, 'form-string': true, 'upload-file': true, proxy: true, digest: false, ntlm: false, negotiate: false,
  anyauth: false, ipv4: false, ipv6: false, 'tlsv1.2': false, 'tlsv1.3': false, ciphers: true, config: true, http3: false,
  'request-target': true, 'cert-type': true, 'key-type': true, pass: true, capath: true, 'proxy-insecure': false, netrc: false
}
const SHORT: Record<string, string> = {
  X: 'request', H: 'header', d: 'data', G: 'get', I: 'head', u: 'user', b: 'cookie', A: 'user-agent', e: 'referer',
  L: 'location', k: 'insecure', E: 'cert', '0': 'http1.0', g: 'globoff', s: 'silent', S: 'show-error', v: 'verbose',
  i: 'include', o: 'output', O: 'remote-name', w: 'write-out', f: 'fail', m: 'max-time', '#': 'progress-bar',
  D: 'dump-header', N: 'no-buffer', c: 'cookie-jar', F: 'form', T: 'upload-file', x: 'proxy', '4': 'ipv4', '6': 'ipv6',
  K: 'config', n: 'netrc', Z: 'parallel'
}

const hasGlob = (url: string): boolean => /[[\]{}]/.test(url.replace(/^([a-z][a-z0-9+.-]*:\/\/)?\[[^\]]*\]/i, '$1'))

/** Reads a curl command line. Throws WirebenchError only when the shell quoting itself cannot be read. */
export function parseCurl(command: string, options: ParseCurlOptions = {}): ParsedCurl {
  const { words, findings } = tokenizeShell(command)
  const find = (severity: Finding['severity'], code: string, message: string, w?: ShellWord): void => {
    findings.push({ severity, code, message, source: code.startsWith('BASIC') ? 'RFC 7617 §4' : MAN, ...(w ? { span: { offset: w.offset, length: w.length } } : {}) })
  }
  const textOf = (w: ShellWord): string => {
    if (w.text !== undefined) return w.text
    find('warning', 'CURL_NOT_UTF8', 'An argument is not valid UTF-8 where text is expected; invalid bytes were replaced with U+FFFD.', w)
    return lossy.decode(w.bytes)
  }
  let first = 0
  if (words[0]?.text !== undefined && /(^|[/\\])curl(\.exe)?$/i.test(words[0].text)) first = 1
  else find('warning', 'CURL_NO_COMMAND', 'The command does not start with "curl"; every word was read as a curl argument.', words[0])

  const headers: [string, string][] = []
  const removed: string[] = []
  const urls: { url: string; w: ShellWord }[] = []
  /** Body parts; curl joins them with "&", except that repeated --json values are simply concatenated. */
  const data: { bytes: Uint8Array; json: boolean }[] = []
  let dataGiven = false
  let json = false
  let explicitMethod: string | undefined
  let head = false
  let get = false
  let globoff = false
  const implied = { authorization: undefined as string | undefined, cookie: [] as string[], 'user-agent': undefined as string | undefined, referer: undefined as string | undefined }
  const req: CurlRequest = { method: 'GET', url: '', headers, removedHeaders: removed, tls: { insecure: false }, resolve: [], connectTo: [], compressed: false, followRedirects: false }

  const readAt = (name: string, w: ShellWord): Uint8Array | undefined => {
    const bytes = name === '-' ? options.stdin : options.readFile?.(name)
    if (!bytes) find('error', 'CURL_FILE_NOT_READ', `The body comes from ${name === '-' ? 'standard input (@-)' : `the file "${name}"`}, which was not given; that part of the body is missing.`, w)
    return bytes
  }
  const addData = (mode: 'ascii' | 'binary' | 'raw' | 'urlencode', w: ShellWord, isJson = false): void => {
    dataGiven = true
    const push = (bytes: Uint8Array): void => void data.push({ bytes, json: isJson })
    const t = w.text
    if (mode === 'raw' || t === undefined || (mode !== 'urlencode' && !t.startsWith('@'))) {
      if (mode === 'urlencode') push(te.encode(urlencodeData(textOf(w), w, readAt)))
      else push(w.bytes)
      return
    }
    if (mode === 'urlencode') return push(te.encode(urlencodeData(t, w, readAt)))
    const file = readAt(t.slice(1), w)
    if (!file) return
    // -d @file drops carriage returns and newlines from the file; --data-binary keeps every byte.
    push(mode === 'ascii' ? file.filter((b) => b !== 0x0a && b !== 0x0d) : file)
  }

  const specs: Record<string, Spec> = {
    request: { arg: true, run: (v) => void (explicitMethod = v) },
    header: { arg: true, run: (v, w) => {
      if (v.startsWith('@')) return find('warning', 'CURL_HEADER_FILE', `Headers read from a file (${v}) are not imported.`, w)
      const colon = v.indexOf(':')
      if (colon < 0) {
        if (v.endsWith(';') && v.length > 1) return void headers.push([v.slice(0, -1), ''])
        return find('warning', 'CURL_BAD_HEADER', `"${v}" has no colon, so curl does not send it.`, w)
      }
      const name = v.slice(0, colon)
      const value = v.slice(colon + 1).replace(/^[ \t]+/, '')
      if (/[\r\n]/.test(value)) find('warning', 'CURL_HEADER_NEWLINE', `The ${name} header holds a line break; on the wire that would split it into two lines.`, w)
      if (value === '') {
        if (!removed.includes(name.toLowerCase())) removed.push(name.toLowerCase())
      } else headers.push([name, value])
    } },
    data: { arg: true, bytes: true, run: (_, w) => addData('ascii', w) },
    'data-ascii': { arg: true, bytes: true, run: (_, w) => addData('ascii', w) },
    'data-binary': { arg: true, bytes: true, run: (_, w) => addData('binary', w) },
    'data-raw': { arg: true, bytes: true, run: (_, w) => addData('raw', w) },
    'data-urlencode': { arg: true, bytes: true, run: (_, w) => addData('urlencode', w) },
    json: { arg: true, bytes: true, run: (_, w) => ((json = true), addData('binary', w, true)) },
    get: { arg: false, run: () => void (get = true) },
    head: { arg: false, run: () => void (head = true) },
    user: { arg: true, run: (v, w) => {
      if (!v.includes(':')) return find('warning', 'CURL_USER_NO_PASSWORD', `-u "${v}" has no password; curl would ask for it at a prompt, so no Authorization header was built.`, w)
      implied.authorization = 'Basic ' + toBase64(te.encode(v))
      find('info', 'BASIC_NOT_ENCRYPTION', 'Basic authentication sends "user:password" in base64, which is an encoding, not encryption: anyone who sees the request can read the password (RFC 7617 §4).', w)
    } },
    'oauth2-bearer': { arg: true, run: (v) => void (implied.authorization = 'Bearer ' + v) },
    cookie: { arg: true, run: (v, w) => {
      if (v.includes('=')) implied.cookie.push(v)
      else find('warning', 'CURL_COOKIE_FILE', `-b "${v}" names a cookie file, which is not read; use Wirebench's cookie jar instead.`, w)
    } },
    'user-agent': { arg: true, run: (v) => void (implied['user-agent'] = v) },
    referer: { arg: true, run: (v, w) => {
      if (v.endsWith(';auto')) find('info', 'CURL_REFERER_AUTO', '";auto" (set Referer when following redirects) is not carried over.', w)
      const ref = v.replace(/;auto$/, '')
      if (ref) implied.referer = ref
    } },
    compressed: { arg: false, run: () => void (req.compressed = true) },
    location: { arg: false, run: () => void (req.followRedirects = true) },
    insecure: { arg: false, run: () => void (req.tls.insecure = true) },
    cacert: { arg: true, run: (v) => void (req.tls.cacert = v) },
    cert: { arg: true, run: (v) => void (req.tls.cert = v) },
    key: { arg: true, run: (v) => void (req.tls.key = v) },
    resolve: { arg: true, run: (v, w) => {
      const m = /^([^:]+):(\d{1,5}):(.+)$/.exec(v)
      if (!m || v.startsWith('+') || v.startsWith('-')) return find('warning', 'CURL_BAD_RESOLVE', `--resolve "${v}" is not HOST:PORT:ADDRESS[,ADDRESS…]; it was not imported.`, w)
      req.resolve.push({ host: m[1]!, port: Number(m[2]), addresses: m[3]!.split(',') })
    } },
    'connect-to': { arg: true, run: (v, w) => {
      const parts = v.match(/^(\[[^\]]*\]|[^:]*):(\d*):(\[[^\]]*\]|[^:]*):(\d*)$/)
      if (!parts) return find('warning', 'CURL_BAD_CONNECT_TO', `--connect-to "${v}" is not HOST1:PORT1:HOST2:PORT2; it was not imported.`, w)
      req.connectTo.push({ fromHost: parts[1]!, fromPort: parts[2]!, toHost: parts[3]!, toPort: parts[4]! })
    } },
    'http1.0': { arg: false, run: () => void (req.httpVersion = '1.0') },
    'http1.1': { arg: false, run: () => void (req.httpVersion = '1.1') },
    http2: { arg: false, run: () => void (req.httpVersion = '2') },
    'http2-prior-knowledge': { arg: false, run: () => void (req.httpVersion = '2-prior-knowledge') },
    url: { arg: true, run: (v, w) => void urls.push({ url: v, w }) },
    globoff: { arg: false, run: () => void (globoff = true) }
  }
  for (const [name, arg] of Object.entries(OUTPUT_ONLY)) specs[name] ??= { arg, note: 'info' }
  for (const [name, arg] of Object.entries(NOT_CARRIED)) specs[name] ??= { arg, note: 'warning' }

  const apply = (name: string, spec: Spec, value: ShellWord | undefined, at: ShellWord): void => {
    if (spec.arg && !value) return find('error', 'CURL_MISSING_VALUE', `--${name} needs a value, but the command ends.`, at)
    if (spec.run) return spec.run(value ? (spec.bytes ? (value.text ?? '') : textOf(value)) : '', value ?? at)
    if (spec.note === 'info') find('info', 'CURL_OPTION_IGNORED', `--${name} controls curl's own output or timing; it does not change the request and is not imported.`, at)
    else find('warning', 'CURL_OPTION_NOT_CARRIED', `--${name} changes what curl does, but Wirebench's request does not carry it; the imported request differs here.`, at)
  }

  let onlyArgs = false
  for (let i = first; i < words.length; i++) {
    const w = words[i]!
    const t = w.text ?? ''
    const letter = String.fromCharCode(w.bytes[1] ?? 0)
    if (!onlyArgs && w.text === undefined && w.bytes[0] === 0x2d && specs[SHORT[letter] ?? '']?.arg) {
      // A short option with a value that is not UTF-8 glued on, such as -d$'\xff'.
      const bytes = w.bytes.subarray(2)
      apply(SHORT[letter]!, specs[SHORT[letter]!]!, { bytes, text: decodeUtf8(bytes), offset: w.offset, length: w.length }, w)
      continue
    }
    if (onlyArgs || !t.startsWith('-') || t === '-') {
      urls.push({ url: textOf(w), w })
      continue
    }
    if (t === '--') {
      onlyArgs = true
      continue
    }
    if (t.startsWith('--')) {
      let name = t.slice(2)
      const spec = specs[name]
      if (!spec && name.startsWith('no-') && specs[name.slice(3)] && !specs[name.slice(3)]!.arg) {
        // --no-X turns a switch off; only the switches the model holds need undoing.
        name = name.slice(3)
        if (name === 'location') req.followRedirects = false
        else if (name === 'compressed') req.compressed = false
        else if (name === 'insecure') req.tls.insecure = false
        continue
      }
      if (!spec) {
        find('warning', 'CURL_UNKNOWN_OPTION', `${t} is not an option Wirebench knows; it was skipped (if it takes a value, the next word may have been read as the URL).`, w)
        continue
      }
      if (spec.arg) i++
      apply(name, spec, spec.arg ? words[i] : undefined, w)
      continue
    }
    // Short options may be bunched (-sSL); one that takes a value takes the rest of the word or the next word.
    for (let k = 1; k < t.length; k++) {
      const long = SHORT[t[k]!]
      const spec = long ? specs[long] : undefined
      if (!long || !spec) {
        find('warning', 'CURL_UNKNOWN_OPTION', `-${t[k]} is not an option Wirebench knows; it was skipped.`, w)
        continue
      }
      if (!spec.arg) {
        apply(long, spec, undefined, w)
        continue
      }
      const rest = t.slice(k + 1)
      if (rest) {
        const bytes = te.encode(rest)
        // The value's bytes are the word's bytes after the option letters.
        const tail = w.bytes.subarray(w.bytes.length - bytes.length)
        apply(long, spec, { bytes: tail, text: rest, offset: w.offset, length: w.length }, w)
      } else apply(long, spec, words[++i], w)
      break
    }
  }

  if (urls.length === 0) find('error', 'CURL_NO_URL', 'The command has no URL.')
  if (urls.length > 1) find('warning', 'CURL_SEVERAL_URLS', `The command has ${urls.length} URLs; only the first was imported.`, urls[1]!.w)
  let url = urls[0]?.url ?? ''
  if (url && !/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    find('info', 'CURL_SCHEME_GUESSED', `"${url}" has no scheme; curl assumes http://, and so does the import.`, urls[0]!.w)
    url = 'http://' + url
  }
  if (url && hasGlob(url) && !globoff) find('warning', 'CURL_GLOB', 'The URL holds [ ] or { }, which curl expands as a glob into several requests unless -g is given; the import takes it literally.', urls[0]!.w)

  const body = concatBytes(data.flatMap((d, i) => (i && !(d.json && data[i - 1]!.json) ? [te.encode('&'), d.bytes] : [d.bytes])))
  if (dataGiven && get) {
    url += (url.includes('?') ? '&' : '?') + lossy.decode(body)
  } else if (dataGiven) {
    const text = decodeUtf8(body)
    req.body = text !== undefined ? { kind: 'text', text } : { kind: 'bytes', bytes: body }
  }
  if (head && dataGiven && !get) find('error', 'CURL_HEAD_WITH_DATA', 'curl refuses -I together with -d: a HEAD request has no body.')
  req.method = explicitMethod ?? (head ? 'HEAD' : dataGiven && !get ? 'POST' : 'GET')
  req.url = url

  const has = (n: string): boolean => removed.includes(n) || headers.some(([h]) => h.toLowerCase() === n)
  const imply = (name: string, value: string | undefined): void => {
    if (value !== undefined && !has(name.toLowerCase())) headers.push([name, value])
  }
  imply('Authorization', implied.authorization)
  // Several -b strings are joined with a bare ";" (as curl 7.88 sends them).
  imply('Cookie', implied.cookie.length ? implied.cookie.join(';') : undefined)
  imply('User-Agent', implied['user-agent'])
  imply('Referer', implied.referer)
  if (req.body) imply('Content-Type', json ? 'application/json' : 'application/x-www-form-urlencoded')
  if (json) imply('Accept', 'application/json')
  if (/^http:/i.test(url) && headers.some(([h, v]) => h.toLowerCase() === 'authorization' && /^basic /i.test(v))) {
    find('warning', 'BASIC_OVER_HTTP', 'Basic credentials over plain http:// travel readable by anyone on the path; use https:// (RFC 7617 §4).')
  }
  return { request: req, findings }
}

/** curl's --data-urlencode forms: content, =content, name=content, @file, name@file (curl 7.88: space becomes +). */
function urlencodeData(v: string, w: ShellWord, readAt: (name: string, w: ShellWord) => Uint8Array | undefined): string {
  const eq = v.indexOf('=')
  const at = v.indexOf('@')
  if (at >= 0 && (eq < 0 || at < eq)) {
    const file = readAt(v.slice(at + 1), w)
    const enc = file ? formEncode(file) : ''
    return at > 0 ? `${v.slice(0, at)}=${enc}` : enc
  }
  if (eq < 0) return formEncode(te.encode(v))
  const enc = formEncode(te.encode(v.slice(eq + 1)))
  return eq === 0 ? enc : `${v.slice(0, eq)}=${enc}`
}

function formEncode(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) {
    const c = String.fromCharCode(b)
    if (/[A-Za-z0-9\-._~]/.test(c)) out += c
    else if (b === 0x20) out += '+'
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0')
  }
  return out
}

export interface CurlExport {
  command: string
  /** Present when the body holds a NUL byte, which no command-line argument can carry: pipe these bytes into curl. */
  stdin?: Uint8Array
  notes: string[]
}

/**
 * A curl command that sends `r`. Every header is written with -H (so nothing depends on curl's implied headers) and the
 * body with --data-raw (no @file reading, no newline stripping). parseCurl(c.command, {stdin: c.stdin}) gives back `r`
 * when `r` is canonical: values without leading blanks, and a body that has a Content-Type header or removes it.
 */
export function toCurl(r: CurlRequest): CurlExport {
  const lines: string[] = []
  const add = (...parts: string[]): void => void lines.push(parts.join(' '))
  const notes: string[] = []
  const bodyBytes = r.body ? (r.body.kind === 'text' ? te.encode(r.body.text) : r.body.bytes) : undefined
  const implied = bodyBytes ? 'POST' : 'GET'
  if (r.method === 'HEAD' && !bodyBytes) add('-I')
  else if (r.method !== implied) add('-X', quoteShellText(r.method))
  if (r.httpVersion) add(r.httpVersion === '2-prior-knowledge' ? '--http2-prior-knowledge' : `--http${r.httpVersion}`)
  if (r.tls.insecure) add('-k')
  if (r.tls.cacert !== undefined) add('--cacert', quoteShellText(r.tls.cacert))
  if (r.tls.cert !== undefined) add('--cert', quoteShellText(r.tls.cert))
  if (r.tls.key !== undefined) add('--key', quoteShellText(r.tls.key))
  for (const x of r.resolve) add('--resolve', quoteShellText(`${x.host}:${x.port}:${x.addresses.join(',')}`))
  for (const x of r.connectTo) add('--connect-to', quoteShellText(`${x.fromHost}:${x.fromPort}:${x.toHost}:${x.toPort}`))
  if (r.followRedirects) add('-L')
  if (r.compressed) add('--compressed')
  if (hasGlob(r.url)) add('-g')
  for (const [name, value] of r.headers) add('-H', quoteShellText(value === '' ? `${name};` : `${name}: ${value}`))
  for (const name of r.removedHeaders) add('-H', quoteShellText(`${name}:`))
  let stdin: Uint8Array | undefined
  if (bodyBytes) {
    if (bodyBytes.includes(0)) {
      stdin = bodyBytes
      add('--data-binary', '@-')
      notes.push('The body holds a NUL byte, which a command-line argument cannot carry: it is read from standard input (--data-binary @-); pipe the body into curl.')
    } else add('--data-raw', quoteShellWord(bodyBytes))
    if (!r.headers.some(([h]) => h.toLowerCase() === 'content-type') && !r.removedHeaders.includes('content-type')) {
      add('-H', quoteShellText('Content-Type:'))
      notes.push('curl would add "Content-Type: application/x-www-form-urlencoded" to a body; -H "Content-Type:" stops it, so the request stays as it was.')
    }
  }
  add(...(r.url.startsWith('-') ? ['--url'] : []), quoteShellText(r.url))
  return { command: ['curl', ...lines].join(' \\\n  '), ...(stdin ? { stdin } : {}), notes }
}
