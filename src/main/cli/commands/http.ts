// `wirebench http`: the HTTP tab on the command line. `http raw` sends stdin's bytes exactly as they are; `http get`
// and friends build an HTTP/1.1 request from a URL (shown whole in the output). Same router, contract and engine.
import { promises as dns } from 'node:dns'
import net from 'node:net'
import { HTTP_INPUT_LIMITS, type HttpRawInput, type HttpRawResult } from '../../../shared/contract/http'
import { APP_VERSION } from '../../version'
import { human, jsonDoc } from '../http-format'
import { AUTH_OPTIONS, authorizationFromFlags, HAR_OPTIONS, refuseHarLink, writeHar } from '../http-har-auth'
import { discardSpill, OUTPUT_OPTIONS, refuseOutputLink, saveBody, sendForOutput } from '../http-output'
import { caller, hostPort, list, numberOption, output, parse, readTextFile, UsageError, type Output, type Values } from '../kit'

export const HTTP_METHODS = ['get', 'head', 'post', 'put', 'delete', 'patch', 'options'] as const

const TLS_OPTIONS = {
  insecure: { type: 'boolean' },
  ca: { type: 'string' }
} as const

const RAW_OPTIONS = {
  ...TLS_OPTIONS,
  tls: { type: 'boolean' },
  sni: { type: 'string' },
  alpn: { type: 'string' },
  http2: { type: 'boolean' },
  resolve: { type: 'string' },
  'connect-to': { type: 'string' },
  ...HAR_OPTIONS,
  ...OUTPUT_OPTIONS
} as const

const URL_OPTIONS = {
  ...TLS_OPTIONS,
  header: { type: 'string', short: 'H', multiple: true },
  data: { type: 'string', short: 'd' },
  resolve: { type: 'string' },
  'connect-to': { type: 'string' },
  'http1.1': { type: 'boolean' },
  http2: { type: 'boolean' },
  repeat: { type: 'string' },
  'keep-alive': { type: 'boolean' },
  ...HAR_OPTIONS,
  ...AUTH_OPTIONS,
  ...OUTPUT_OPTIONS
} as const

async function send(input: HttpRawInput, out: Output, har?: unknown, file?: unknown): Promise<number> {
  const { bindHttp } = await import('../../host/bindings/http')
  const call = caller(bindHttp().handlers)
  if (typeof har === 'string') refuseHarLink(har)
  const toStdout = file === '-'
  if (typeof file === 'string' && !toStdout) refuseOutputLink(file)
  const startedAt = Date.now()
  // -o: every body on disk first, then decoded into FILE whole; without it, a spilled body's temp file is removed.
  let r: HttpRawResult = typeof file === 'string' ? await sendForOutput(input) : await call('http.raw', input)
  if (typeof har === 'string') writeHar(har, input, r, startedAt, out)
  r = typeof file === 'string' ? await saveBody(r, file, out) : discardSpill(r, out)
  // -o -: stdout carries the body alone (as curl -o - does), so the summary goes to stderr.
  const say = toStdout ? out.warn : out.print
  if (out.json) say(JSON.stringify(jsonDoc(r), null, 2))
  else human(r).forEach((l) => say(l))
  // Any status is an answer; a response cut short (time budget, invalid framing, early close) is a failure: exit 1.
  if (!r.response.complete) {
    out.warn('wirebench: the response is not complete (see the findings)')
    return 1
  }
  return 0
}

function tlsFlags(values: Values, out: Output): { insecure: boolean; caPem?: string } {
  if (values.insecure) out.warn('wirebench: WARNING: --insecure: the server certificate is NOT verified; anyone on the path could be answering')
  return { insecure: Boolean(values.insecure), caPem: readTextFile(values.ca, 'CA') }
}

async function readStdin(): Promise<Uint8Array> {
  if (process.stdin.isTTY) process.stderr.write('wirebench: reading the request from the terminal; end it with Ctrl-D\n')
  const parts: Buffer[] = []
  let total = 0
  for await (const chunk of process.stdin as AsyncIterable<Buffer>) {
    total += chunk.length
    if (total > HTTP_INPUT_LIMITS.requestBytes) throw new UsageError(`the request on stdin is larger than ${HTTP_INPUT_LIMITS.requestBytes / 1024 / 1024} MiB`)
    parts.push(chunk)
  }
  return new Uint8Array(Buffer.concat(parts))
}

/** `http raw HOST:PORT`: stdin's bytes, not one changed, to HOST:PORT (--resolve ADDRESS connects there instead). */
export async function raw(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, RAW_OPTIONS)
  const out = output(Boolean(values.json))
  if (positionals.length !== 1) throw new UsageError('give one target, HOST:PORT, and the request on stdin: wirebench http raw example.com:80 < request.txt')
  const { host, port } = hostPort(positionals[0])
  const tls = Boolean(values.tls || values.sni !== undefined || values.alpn || values.ca || values.insecure)
  const alpn = typeof values.alpn === 'string' ? values.alpn.split(',').map((a) => a.trim()).filter(Boolean) : undefined
  const forced = await forcedAddress(values, host, port, out)
  if (alpn?.includes('h2') && !values.http2) out.warn('wirebench: --alpn h2 without --http2 sends the bytes on stdin as they are (HTTP/1); add --http2 to send them as HTTP/2 frames')
  const request = await readStdin()
  if (!request.length) throw new UsageError('stdin was empty: give the request there, e.g. printf "GET / HTTP/1.1\\r\\nHost: example.com\\r\\n\\r\\n" | wirebench http raw example.com:80')
  return send({ target: { host, port: forced.port, tls, sni: values.sni as string | undefined, alpn, ...(tls ? tlsFlags(values, out) : { insecure: false }) }, address: forced.address, requestBase64: Buffer.from(request).toString('base64'), ...(values.http2 ? { protocol: 'http2' as const } : {}) }, out, values.har, values.output)
}

/**
 * --resolve (curl's HOST:PORT:ADDRESS, or for `raw` a bare ADDRESS) and --connect-to HOST1:PORT1:HOST2:PORT2 (curl's:
 * connect to HOST2:PORT2 instead; SNI, Host and the certificate check stay on HOST1; an empty part means "as is").
 * The target keeps its name; only where the socket goes changes.
 */
async function forcedAddress(values: Values, host: string, port: number, out: Output, bareOk = true): Promise<{ address?: string; port: number }> {
  let address: string | undefined
  let to = port
  if (typeof values.resolve === 'string') {
    if (bareOk && net.isIP(values.resolve.trim().replace(/^\[(.*)\]$/, '$1'))) address = bareAddress(values.resolve)
    else {
      const rule = resolveRule(values.resolve)
      if (rule.host === host.toLowerCase() && rule.port === port) address = rule.address
      else out.warn(`wirebench: --resolve ${values.resolve} does not match ${host}:${port}, so it is not used`)
    }
  }
  if (typeof values['connect-to'] === 'string') {
    const text = values['connect-to']
    const m = /^(\[[^\]]*\]|[^:]*):(\d*):(\[[^\]]*\]|[^:]*):(\d*)$/.exec(text.trim())
    if (!m) throw new UsageError(`--connect-to takes HOST1:PORT1:HOST2:PORT2 (curl's form; an empty part matches or keeps anything), for example example.com:443:127.0.0.1:8443, not "${text}"`)
    const unbracket = (h: string): string => h.replace(/^\[(.*)\]$/, '$1')
    const matches = (!m[1] || unbracket(m[1]).toLowerCase() === host.toLowerCase()) && (!m[2] || Number(m[2]) === port)
    if (!matches) out.warn(`wirebench: --connect-to ${text} does not match ${host}:${port}, so it is not used`)
    else {
      if (m[4]) {
        to = Number(m[4])
        if (!Number.isInteger(to) || to < 1 || to > 65535) throw new UsageError(`--connect-to: ${m[4]} is not a port (1-65535)`)
      }
      const h2 = unbracket(m[3]!)
      if (h2) {
        if (net.isIP(h2)) address = h2
        else {
          // The connect-to name is looked up here (its time is not in the DNS phase); the target keeps HOST1's name.
          try {
            address = (await dns.lookup(h2, { verbatim: true })).address
          } catch (e) {
            throw new UsageError(`--connect-to: the name ${h2} could not be looked up (${(e as NodeJS.ErrnoException).code ?? String(e)})`)
          }
        }
      }
    }
  }
  return { address, port: to }
}

function bareAddress(text: string): string {
  const a = text.trim().replace(/^\[(.*)\]$/, '$1')
  if (!net.isIP(a)) throw new UsageError(`"${text}" is not an IP address`)
  return a
}

/** curl's --resolve HOST:PORT:ADDRESS; it applies only when HOST and PORT are the URL's. */
function resolveRule(text: string): { host: string; port: number; address: string } {
  const m = /^([^:]+):(\d+):(.+)$/.exec(text.trim())
  if (!m) throw new UsageError(`--resolve takes HOST:PORT:ADDRESS (curl's form), for example example.com:443:127.0.0.1, not "${text}"`)
  return { host: m[1]!.toLowerCase(), port: Number(m[2]), address: bareAddress(m[3]!) }
}

function parseUrl(text: string | undefined): URL {
  if (!text) throw new UsageError('give a URL, for example wirebench http get https://example.com/')
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw new UsageError(`"${text}" is not a URL: write it whole, for example https://example.com/path`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${url.protocol} URLs are not HTTP: use http:// or https://`)
  if (!url.hostname) throw new UsageError(`"${text}" has no host`)
  return url
}

/**
 * An HTTP/1.1 request (RFC 9112 §3) with curl's usual fields. -H replaces a default field of the same name where it
 * stands (so Host stays first, RFC 9112 §3.2), "Name:" drops it, and several -H of one name are all sent, in order.
 */
export function buildRequest(method: string, url: URL, headers: string[], data: string | undefined, keepAlive: boolean): Uint8Array {
  const body = data === undefined ? undefined : Buffer.from(data, 'utf8')
  const fields: [string, string][] = [
    ['Host', url.host],
    ['User-Agent', `wirebench/${APP_VERSION}`],
    ['Accept', '*/*'],
    ['Accept-Encoding', 'gzip, deflate, br, zstd']
  ]
  if (url.username || url.password) {
    const userinfo = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
    fields.push(['Authorization', `Basic ${Buffer.from(userinfo, 'utf8').toString('base64')}`])
  }
  if (body) fields.push(['Content-Length', String(body.length)])
  if (!keepAlive) fields.push(['Connection', 'close'])
  const defaults = new Set(fields.map(([n]) => n.toLowerCase()))
  const replaced = new Set<string>()
  for (const h of headers) {
    const colon = h.indexOf(':')
    if (colon <= 0) throw new UsageError(`-H takes 'Name: value', not "${h}"`)
    const name = h.slice(0, colon).trim()
    const value = h.slice(colon + 1).trim()
    if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) throw new UsageError(`"${name}" is not a header name (RFC 9110 §5.1: a token)`)
    if (/[\r\n]/.test(value)) throw new UsageError(`the value of ${name} has a line break: use wirebench http raw to send exactly that`)
    const key = name.toLowerCase()
    if (defaults.has(key) && !replaced.has(key)) {
      // The first -H of a default's name takes its place (or removes it, when empty); later ones are added after it.
      replaced.add(key)
      const at = fields.findIndex(([n]) => n.toLowerCase() === key)
      if (value === '') fields.splice(at, 1)
      else fields[at] = [name, value]
      continue
    }
    if (value !== '') {
      const last = fields.map(([n]) => n.toLowerCase()).lastIndexOf(key)
      fields.splice(last >= 0 ? last + 1 : fields.length, 0, [name, value])
    }
  }
  const head = `${method} ${url.pathname || '/'}${url.search} HTTP/1.1\r\n${fields.map(([n, v]) => `${n}: ${v}\r\n`).join('')}\r\n`
  return new Uint8Array(Buffer.concat([Buffer.from(head, 'utf8'), body ?? Buffer.alloc(0)]))
}

/** `http get|head|post|… URL`: one HTTP/1.1 request built from the URL and flags. */
export function urlCommand(method: (typeof HTTP_METHODS)[number]) {
  return async (argv: string[]): Promise<number> => {
    const { values, positionals } = parse(argv, URL_OPTIONS)
    const out = output(Boolean(values.json))
    if (values.http2 && values['http1.1']) throw new UsageError('give --http1.1 or --http2, not both')
    if (positionals.length !== 1) throw new UsageError(`give one URL: wirebench http ${method} https://example.com/`)
    const url = parseUrl(positionals[0])
    const tls = url.protocol === 'https:'
    const port = url.port ? Number(url.port) : tls ? 443 : 80
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
    const repeat = numberOption(values.repeat, '--repeat')
    if (repeat !== undefined && (!Number.isInteger(repeat) || repeat < 1 || repeat > HTTP_INPUT_LIMITS.repeat)) throw new UsageError(`--repeat takes a whole number from 1 to ${HTTP_INPUT_LIMITS.repeat}`)
    if (values['keep-alive'] && repeat === undefined) throw new UsageError('--keep-alive is how --repeat sends its requests: give --repeat N too')
    const forced = await forcedAddress(values, host, port, out, false)
    if (url.password) {
      out.warn('wirebench: WARNING: the password in the URL is in this command line, which other local users can read (ps, /proc) and your shell history keeps; use --user NAME with --password-file FILE')
      if (!tls) out.warn('wirebench: WARNING: Basic auth over plain http://: base64 is an encoding, not encryption: anyone on the path reads the password (RFC 7617 §4)')
    } else if (url.username && !tls) out.warn('wirebench: WARNING: Basic auth over plain http://: base64 is an encoding, not encryption: anyone on the path reads the password (RFC 7617 §4)')
    const keepAlive = Boolean(values['keep-alive'])
    const authorization = await authorizationFromFlags(values, out, tls)
    const request = buildRequest(method.toUpperCase(), url, [...(authorization ? [`Authorization: ${authorization}`] : []), ...list(values.header)], values.data as string | undefined, keepAlive || Boolean(values.http2))
    return send(
      {
        // The request is HTTP/1.1, so that is what ALPN offers (and tls.alpn says what was agreed); --http2 offers h2
        // first (https) or uses prior knowledge (http://).
        target: { host, port: forced.port, tls, ...(tls && !values.http2 ? { alpn: ['http/1.1'] } : {}), ...(tls ? tlsFlags(values, out) : { insecure: false }) },
        address: forced.address,
        requestBase64: Buffer.from(request).toString('base64'),
        ...(values.http2 ? { protocol: 'http2' as const } : {}),
        ...(repeat !== undefined ? { repeat, repeatMode: keepAlive ? 'keep-alive' : 'sequential' } : {})
      },
      out,
      values.har,
      values.output
    )
  }
}
