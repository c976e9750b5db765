// `wirebench dns`: the DNS tab on the command line (dig-like), through the same router, contract and engine. Many
// queries from a file run concurrently, bounded, and print in the file's order as they complete.
import { setMaxListeners } from 'node:events'
import { closeSync, openSync, readSync } from 'node:fs'
import type { z } from 'zod'
import { lookupInput, type LookupInput, type QueryOptionsInput } from '../../../shared/contract/dns'
import type { Lookup } from '../../../shared/dns/model'
import { isIpLiteral } from '../../../shared/dns/resolvers'
import { errorKind, isErrorCode, toWireError, WirebenchError, type WireError } from '../../../shared/errors'
import { cliWords, humanDnssec, humanInsights, humanLookup, humanSystem, humanTrace, queryDocs, shortLines, systemDoc, type DocContext, type QueryDoc } from '../dns-format'
import { checkOptions, nameAndTypes, needs } from '../dns-args'
import { caller, numberOption, output, parse, readTextFile, UsageError, type Output, type Values } from '../kit'

/** Queries in flight at once for -f: enough to hide round trips, few enough not to flood a resolver. */
export const FILE_CONCURRENCY = 64
export const MAX_FILE_BYTES = 4 * 1024 * 1024
export const MAX_FILE_LINES = 100_000

const OPTIONS = {
  tcp: { type: 'boolean' },
  tls: { type: 'boolean' },
  https: { type: 'string' },
  get: { type: 'boolean' },
  post: { type: 'boolean' },
  system: { type: 'boolean' },
  trace: { type: 'boolean' },
  'root-hints': { type: 'string' },
  port: { type: 'string' },
  dnssec: { type: 'boolean' },
  'trust-anchor': { type: 'string' },
  reverse: { type: 'string', short: 'x' },
  short: { type: 'boolean' },
  insights: { type: 'boolean' },
  file: { type: 'string', short: 'f' },
  'no-rd': { type: 'boolean' },
  cd: { type: 'boolean' },
  do: { type: 'boolean' },
  'no-edns': { type: 'boolean' },
  nsid: { type: 'boolean' },
  cookie: { type: 'boolean' },
  subnet: { type: 'string' },
  padding: { type: 'string' },
  bufsize: { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  '0x20': { type: 'boolean' },
  insecure: { type: 'boolean' },
  ca: { type: 'string' }
} as const

function queryOptions(values: Values): QueryOptionsInput {
  return {
    rd: !values['no-rd'],
    cd: Boolean(values.cd),
    edns: !values['no-edns'],
    do: Boolean(values.do),
    nsid: Boolean(values.nsid),
    cookie: Boolean(values.cookie),
    clientSubnet: values.subnet as string | undefined,
    padding: numberOption(values.padding, '--padding'),
    udpSize: numberOption(values.bufsize, '--bufsize'),
    timeoutMs: numberOption(values.timeout, '--timeout'),
    retries: numberOption(values.retries, '--retries'),
    randomCase: Boolean(values['0x20'])
  }
}

function only(values: Values, names: string[]): void {
  const given = names.filter((n) => values[n] !== undefined && values[n] !== false)
  if (given.length > 1) throw new UsageError(`${given.map((g) => `--${g}`).join(' and ')} cannot be used together`)
}

/** Exit code of one lookup: 0 when every query got an answer (NXDOMAIN is one), 2 for bad input, else 1. */
function lookupCode(lookup: Lookup, out: Output, where = ''): number {
  let code = 0
  for (const item of lookup.items) {
    if (!item.error) continue
    out.warn(`wirebench: ${where}${item.type} from ${item.resolver}: ${cliWords(item.error.message)}`)
    // Every try, as the engine lists them (the message may say "see the tries").
    if (item.error.detail) out.warn(item.error.detail.split('\n').map((l) => `;  ${l}`).join('\n'))
    code = Math.max(code, isErrorCode(item.error.code) && errorKind(item.error.code) === 'input' ? 2 : 1)
  }
  return code
}

/** One named host for --trace/--dnssec @SERVER: root hints that point at it (dig +trace @server does the same). */
function hintsFor(server: string): { rootHints: string; port?: number } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(server) ?? /^([^:]+)(?::(\d+))?$/.exec(server) ?? /^([0-9a-fA-F:]+)()$/.exec(server)
  if (!m) throw new WirebenchError('DNS_BAD_RESOLVER', `"${server}" is not an address to start from: give @IP or @IP:PORT`)
  const host = m[1] as string
  if (!isIpLiteral(host)) throw new WirebenchError('DNS_BAD_RESOLVER', `--trace and --dnssec start from an IP address (@192.0.2.1, @[2001:db8::1]:5353), not "${server}"`)
  const rr = host.includes(':') ? 'AAAA' : 'A'
  return { rootHints: `. 3600000 IN NS start.hint.\nstart.hint. 3600000 IN ${rr} ${host}\n`, port: m[2] ? Number(m[2]) : undefined }
}

export async function dns(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, OPTIONS)
  const out = output(Boolean(values.json))
  only(values, ['tcp', 'tls', 'https', 'system'])
  only(values, ['get', 'post'])
  only(values, ['trace', 'dnssec', 'insights', 'system', 'file'])
  only(values, ['json', 'short'])
  needs(values, 'root-hints', ['trace', 'dnssec'])
  needs(values, 'port', ['trace', 'dnssec'])
  needs(values, 'trust-anchor', ['dnssec'])
  const servers = positionals.filter((p) => p.startsWith('@')).map((p) => p.slice(1))
  const words = positionals.filter((p) => !p.startsWith('@'))
  const reverse = values.reverse as string | undefined
  const file = values.file as string | undefined
  // With -x or -f every word is a type; otherwise the name is the first word that is not a type (dig's rule).
  const given = reverse || file ? { name: reverse, types: words } : nameAndTypes(words)
  const name = given.name
  const types = given.types
  if (!name && !file) throw new UsageError('give a name to look up, e.g. wirebench dns example.com AAAA @127.0.0.1:5353 (or -x ADDRESS, or -f FILE)')
  if (servers.some((s) => !s)) throw new UsageError('@ needs a server: @127.0.0.1, @[::1]:5353, @tls://host or @https://host/dns-query')
  const transfer = types.find((t) => /^(AXFR|IXFR)$/i.test(t))
  if (transfer) throw new UsageError(`${transfer.toUpperCase()}: a zone transfer (AXFR, RFC 5936; IXFR, RFC 1995) needs TCP and many messages; Wirebench does not transfer zones`)
  if (typeof values.https === 'string') servers.push(values.https)
  const options = queryOptions(values)
  checkOptions(options)
  const { bindDns } = await import('../../host/bindings/dns')
  const call = caller(bindDns().handlers)

  if (values.system) {
    const upper = [...new Set(types.map((t) => t.toUpperCase()))]
    if (reverse) {
      if (upper.some((t) => t !== 'PTR')) throw new UsageError('-x with --system asks the OS for the name of an address (getnameinfo): it answers PTR only')
      const { systemReverse } = await import('../dns-system')
      return systemReverse(reverse, out)
    }
    const other = upper.filter((t) => t !== 'A' && t !== 'AAAA')
    if (other.length) throw new UsageError(`--system (getaddrinfo) answers A and AAAA only, not ${other.join(', ')}: ask a DNS server for those`)
    const family = upper.length === 1 ? (upper[0] === 'A' ? 4 : 6) : 0
    const r = await call('dns.getaddrinfo', { name: name as string, family })
    if (out.json) out.print(JSON.stringify(systemDoc(r, family === 4 ? 'A' : family === 6 ? 'AAAA' : 'A+AAAA'), null, 2))
    else humanSystem(r).forEach((l) => out.print(l))
    // getaddrinfo's "no such name" is an answer (as NXDOMAIN is); a timeout or a failure is not.
    return r.error && r.error.code !== 'ENOTFOUND' ? 1 : 0
  }
  if (values.trace || values.dnssec) {
    if (types.length > 1) throw new UsageError(`--${values.trace ? 'trace' : 'dnssec'} follows one type at a time`)
    if (servers.length > 1) throw new UsageError('--trace and --dnssec start from one server (or the root hints)')
    const fromServer = servers[0] && values['root-hints'] === undefined ? hintsFor(servers[0]) : null
    // -x with --trace/--dnssec: follow the PTR name (in-addr.arpa / ip6.arpa, RFC 3596 §2.5) from the root.
    const { reverseName } = await import('../../../shared/dns/reverse')
    const base = {
      name: reverse ? reverseName(reverse) : (name as string),
      type: types[0] ?? (reverse ? 'PTR' : 'A'),
      rootHints: readTextFile(values['root-hints'], 'root hints') ?? fromServer?.rootHints,
      port: numberOption(values.port, '--port') ?? fromServer?.port,
      options
    }
    if (values.trace) {
      const t = await call('dns.trace', base)
      // Each step's packet as sections; its byte spans (for the app's packet view) would bury the steps.
      if (out.json) out.print(JSON.stringify(t, (key, value: unknown) => (key === 'spans' ? undefined : value), 2))
      else humanTrace(t).forEach((l) => out.print(l))
      if (t.error) return isErrorCode(t.error.code) && errorKind(t.error.code) === 'input' ? 2 : 1
      return 0
    }
    const d = await call('dns.dnssec', { ...base, trustAnchor: readTextFile(values['trust-anchor'], 'trust anchor') })
    if (out.json) out.print(JSON.stringify(d, null, 2))
    else humanDnssec(d).forEach((l) => out.print(l))
    return d.status === 'secure' || d.status === 'insecure' ? 0 : 1
  }
  if (values.insights) {
    const d = await call('dns.insights', { name: name as string, resolvers: servers.slice(0, 1), options })
    if (out.json) out.print(JSON.stringify(d, null, 2))
    else humanInsights(d).forEach((l) => out.print(l))
    return 0
  }

  const common: Omit<LookupInput, 'name'> = {
    resolvers: servers,
    transport: values.tcp ? 'tcp' : values.tls ? 'tls' : values.https ? 'https' : 'udp',
    dohMethod: values.post ? 'POST' : 'GET',
    verify: !values.insecure,
    caPem: readTextFile(values.ca, 'CA'),
    options
  }
  const how: DocContext = { transport: common.transport ?? 'udp', dohMethod: common.dohMethod ?? 'GET' }
  if (file) return runFile(file, types, common, out, Boolean(values.short), how)
  const lookup = await call('dns.lookup', { ...common, name: name as string, types, reverse: Boolean(reverse) })
  if (out.json) {
    const docs = queryDocs(lookup, how)
    out.print(JSON.stringify(docs.length === 1 ? docs[0] : docs, null, 2))
  } else if (values.short) shortLines(lookup).forEach((l) => out.print(l))
  else out.print(humanLookup(lookup, 'wirebench dns').join('\n'))
  return lookupCode(lookup, out)
}

interface FileLine {
  line: number
  name: string
  types: string[]
  /** The line as written, and why it cannot be a query (it is reported in place, in file order). */
  input: string
  bad?: string
}

/** Reads at most MAX_FILE_BYTES (a pipe like /dev/stdin works; /dev/zero or a huge file is refused, not swallowed). */
function readCapped(path: string): string {
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (err) {
    throw new UsageError(`cannot read the query file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`)
  }
  try {
    // Not zero-filled (4 MiB of memset and page faults for a 20 kB file): only the `used` bytes read are looked at.
    const buf = Buffer.allocUnsafeSlow(MAX_FILE_BYTES + 1)
    let used = 0
    for (let n = -1; n !== 0 && used < buf.length; used += n) n = readSync(fd, buf, used, buf.length - used, null)
    if (used > MAX_FILE_BYTES) throw new UsageError(`${path} is over ${MAX_FILE_BYTES / 1024 / 1024} MiB: split it`)
    return buf.toString('utf8', 0, used)
  } catch (err) {
    if (err instanceof UsageError) throw err
    throw new UsageError(`cannot read the query file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`)
  } finally {
    closeSync(fd)
  }
}

/** `NAME [TYPE...]` per line; blank lines and # comments skipped; a line that cannot be a query is reported. */
function readQueries(path: string, defaultTypes: string[]): { queries: FileLine[]; bad: number } {
  const text = readCapped(path)
  const lines = text.split(/\r?\n/)
  if (lines.length > MAX_FILE_LINES) throw new UsageError(`${path} has over ${MAX_FILE_LINES} lines: split it`)
  const queries: FileLine[] = []
  let bad = 0
  lines.forEach((raw, i) => {
    const t = raw.replace(/[#;].*$/, '').trim()
    if (!t) return
    const [name, ...types] = t.split(/\s+/)
    const input = t.slice(0, 1100)
    if (types.length > 32 || (name as string).length > 1024) {
      bad++
      queries.push({ line: i + 1, name: '', types: [], input, bad: `expected NAME [TYPE...], got "${t.slice(0, 80)}"` })
      return
    }
    queries.push({ line: i + 1, name: name as string, types: types.length ? types : defaultTypes, input })
  })
  return { queries, bad }
}

/** The contract's words for bad input, as the router gives them ("options.timeoutMs: The timeout is at least…"). */
function issuesText(issues: { path: PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((i) => (i.path.length > 0 ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ')
}

type ParsedLookup = z.output<typeof lookupInput>
const commonSchema = lookupInput.omit({ name: true, types: true })

/**
 * Each line through the contract's own schema, as the router would parse it: the part every line shares (resolvers,
 * transport, options) once, each line's name and types per line — the same checks and words, without re-parsing
 * identical options a thousand times. Errors come back as the router's INVALID_INPUT value.
 */
function lineInput(common: ReturnType<typeof commonSchema.safeParse>): (name: string, types: string[]) => ParsedLookup | WireError {
  return (name, types) => {
    const n = lookupInput.shape.name.safeParse(name)
    const t = lookupInput.shape.types.safeParse(types)
    if (n.success && t.success && common.success) return { ...common.data, name: n.data, types: t.data }
    const issues = [
      ...(n.success ? [] : n.error.issues.map((i) => ({ ...i, path: ['name', ...i.path] }))),
      ...(t.success ? [] : t.error.issues.map((i) => ({ ...i, path: ['types', ...i.path] }))),
      ...(common.success ? [] : common.error.issues)
    ]
    return { code: 'INVALID_INPUT', message: issuesText(issues) }
  }
}

async function runFile(path: string, types: string[], common: Omit<LookupInput, 'name'>, out: Output, short: boolean, how: DocContext): Promise<number> {
  const { queries, bad } = readQueries(path, types)
  // The engine's lookup per line (the router would add a job, a signal and a Ctrl-C listener per query): one job for
  // the whole file, which Ctrl-C cancels. Answers are decoded without byte spans, which no output here prints.
  const { lookup } = await import('../../dns')
  const input = lineInput(commonSchema.safeParse(common))
  const abort = new AbortController()
  // Every query in flight listens on the one signal (a try may add two listeners).
  setMaxListeners(FILE_CONCURRENCY * 4 + 10, abort.signal)
  const cancel = (): void => abort.abort()
  process.once('SIGINT', cancel)
  const job = { signal: abort.signal, progress: (): void => undefined }
  let code = bad ? 2 : 0
  // Results wait in their slot until every earlier line has printed: output keeps the file's order.
  const done: (string[] | undefined)[] = new Array(queries.length)
  let printed = 0
  let firstDoc = true
  // One write per batch of finished queries, not per line: a thousand queries of dig-like text are tens of
  // thousands of lines.
  const flush = (): void => {
    let text = ''
    while (printed < done.length && done[printed]) {
      const chunk = done[printed] as string[]
      done[printed++] = [] // free it
      if (chunk.length === 0) continue
      if (out.json) {
        text += `${firstDoc ? '' : ','}${chunk.join('\n,')}\n`
        firstDoc = false
      } else text += `${chunk.join('\n')}\n`
    }
    if (text) process.stdout.write(text)
  }
  if (out.json) out.print('[')
  let next = 0
  const worker = async (): Promise<void> => {
    // After Ctrl-C the queries in flight end as cancelled and no further line is asked.
    while (next < queries.length && !abort.signal.aborted) {
      const i = next++
      const q = queries[i] as FileLine
      let chunk: string[] = []
      try {
        if (q.bad) throw { code: 'INVALID_INPUT', message: q.bad } satisfies WireError
        const parsed = input(q.name, q.types)
        if ('code' in parsed) throw parsed
        const lookupResult = await lookup(parsed, job, { spans: false })
        code = Math.max(code, lookupCode(lookupResult, out, `${path} line ${q.line}: `))
        if (out.json) chunk = queryDocs(lookupResult, how).map((d: QueryDoc) => JSON.stringify(d))
        else if (short) chunk = shortLines(lookupResult)
        else chunk = [...humanLookup(lookupResult, 'wirebench dns'), '']
      } catch (err) {
        // Bad input is an error value ({code, message}), as the router answers it; anything thrown becomes one.
        const wire = isErrorCode((err as WireError)?.code) && typeof (err as WireError).message === 'string' ? (err as WireError) : toWireError(err)
        const input = isErrorCode(wire.code) && errorKind(wire.code) === 'input'
        code = Math.max(code, input ? 2 : 1)
        out.warn(`wirebench: ${path} line ${q.line}: ${wire.message}`)
        // In the JSON too, in the file's order: a script sees which line failed and why.
        if (out.json) chunk = [JSON.stringify({ line: q.line, input: q.input, error: { code: wire.code, message: wire.message } })]
      }
      done[i] = chunk
      flush()
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.min(FILE_CONCURRENCY, queries.length) }, worker))
  } finally {
    process.off('SIGINT', cancel)
  }
  if (next < queries.length) {
    code = Math.max(code, 1)
    out.warn(`wirebench: ${path}: cancelled; ${queries.length - next} of ${queries.length} queries were not asked`)
  }
  if (out.json) out.print(']')
  return code
}
