// `wirebench` command line: the same router and engines as the app, human output by default, --json for scripts.
// Exit codes: 0 success, 1 the operation failed (network, TLS, ...), 2 bad input.
import { readFileSync } from 'node:fs'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { splitHostPort, type ConnectionInfo, type EventEnvelope, type ServerInfo, type MethodName, type InputOf, type OutputOf } from '../shared/contract'
import { WirebenchError, formatWireError, type WireError } from '../shared/errors'
import { fromBase64 } from '../shared/bytes'
import { createSession } from './host/session'
import { APP_VERSION } from './version'
import { commandCertFetch, commandCertInspect, commandCertNew, commandCertVerify, type CertCommandContext } from './cliCertificates'
import { commandIp, commandPort, commandSplit, commandSummarize, type SubnetCommandContext } from './cliSubnets'

const HELP = `wirebench ${APP_VERSION} — a network workbench for web developers

Usage:
  wirebench serve <echo|upper|discard> [--host H] [--port P] [--tls] [--udp]
                  [--idle-timeout MS] [--max-line BYTES] [--max-connections N] [--json]
      Start a server and print the address it listens on. Ctrl-C stops it.
      Binds 127.0.0.1 unless --host says otherwise; --tls uses a throwaway self-signed certificate
      for localhost unless --cert and --key are given.
  wirebench connect HOST:PORT [--tls] [--insecure] [--sni NAME] [--alpn P1,P2] [--ca FILE]
                  [--cert FILE --key FILE] [--send TEXT | --hex HEX] [--line-ending lf|crlf|none]
                  [--wait MS] [--timeout MS] [--json]
      Connect, show the local and remote addresses (and TLS details), send, and print what comes back
      until the peer closes or nothing arrives for --wait ms (default 1000).
  wirebench udp HOST:PORT (--send TEXT | --hex HEX) [--wait MS] [--json]
      Send one datagram and print the reply, if any.
  wirebench cert inspect FILE... [--password P] [--json]
      What each file holds (PEM, DER, PKCS#7, PKCS#12, CSR, keys), every field and extension, lint findings.
      Private keys are described, never printed.
  wirebench cert verify LEAF [--intermediates FILE]... [--roots FILE]... [--at ISO-TIME]
                  [--host NAME | --ip ADDRESS] [--purpose server|client] [--no-mozilla] [--system] [--json]
      Build and validate the chain (RFC 5280, RFC 6125): exit 0 valid, 1 not valid, 2 bad input.
      JSON: { "valid": bool, "chain": [...], "errors": [{ "code", "message" }], ... }
  wirebench cert fetch HOST:PORT [--sni NAME] [--json]
      The chain a live server sends, exactly as sent, what is wrong with it, and the verdict (exit 0 valid, 1 not).
  wirebench cert new self-signed|pki|csr|key [--subject DN] [--names a,b] [--days N] [--key ALG]
                  [--out DIR] (--passphrase P | --unencrypted-key)
      Generate; keys are written encrypted (PKCS#8, AES-256-CBC) with mode 0600. ALG: rsa2048, rsa3072,
      rsa4096, p256 (default), p384, ed25519.
  wirebench ip ADDRESS[/PREFIX | NETMASK] [--json]
      Network, masks, broadcast, host range, counts, text forms, reverse DNS, IANA classification, RIR.
  wirebench port NUMBER|NAME[/PROTOCOL] [--json]
      Look up a port or a service name in the IANA registry (both directions, like getservbyport/byname).
  wirebench split NETWORK (--prefix N | --count N) [--limit N] [--json]
      Split a network into subnets of a prefix length, or into N subnets.
  wirebench summarize NETWORK|FIRST-LAST ... [--json]
      The fewest CIDR blocks covering the networks or ranges given.

Options:
  --json        machine-readable output (one JSON document on stdout)
  --help, -h    this help
  --version     print the version

IPv6 addresses go in brackets: [::1]:7. Exit codes: 0 ok, 1 failed, 2 bad input.
`

class UsageError extends Error {}

type Sink = (batch: EventEnvelope[]) => void
let currentSink: Sink = () => {}
const session = createSession((batch) => currentSink(batch), 'browser')

async function call<M extends MethodName>(method: M, input: InputOf<M>): Promise<OutputOf<M>> {
  const result = await session.router.call(method, input)
  if (!result.ok) throw result.error
  return result.value as OutputOf<M>
}

function isWireError(e: unknown): e is WireError {
  return typeof e === 'object' && e !== null && 'code' in e && 'message' in e && !(e instanceof Error)
}

type Values = Record<string, string | boolean | string[] | undefined>

function parse(argv: string[], options: ParseArgsConfig['options']): { values: Values; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false }, ...options }, allowPositionals: true, strict: true })
    return { values: parsed.values as Values, positionals: parsed.positionals }
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err))
  }
}

function numberOption(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || String(value).trim() === '') throw new UsageError(`${name} takes a number, not "${String(value)}"`)
  return n
}

function hostPort(text: string | undefined): { host: string; port: number } {
  if (!text) throw new UsageError('give the address as HOST:PORT, for example 127.0.0.1:7 or [::1]:7')
  const hp = splitHostPort(text)
  if (!hp) throw new UsageError(`"${text}" is not HOST:PORT (IPv6 goes in brackets: [::1]:7)`)
  return hp
}

function readFileOption(path: unknown, what: string): string | undefined {
  if (typeof path !== 'string') return undefined
  try {
    return readFileSync(path, 'utf8')
  } catch (err) {
    throw new UsageError(`cannot read the ${what} file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`)
  }
}

function payloadFrom(values: Values, defaultEnding: 'lf' | 'none') {
  const ending = (values['line-ending'] as string | undefined) ?? defaultEnding
  if (!['lf', 'crlf', 'none'].includes(ending)) throw new UsageError('--line-ending is lf, crlf or none')
  if (typeof values.hex === 'string') return { format: 'hex' as const, data: values.hex, lineEnding: 'none' as const }
  if (typeof values.send === 'string') return { format: 'text' as const, data: values.send, lineEnding: ending as 'lf' | 'crlf' | 'none' }
  return null
}

function printConnection(info: ConnectionInfo): void {
  console.log(`Connected to ${info.remoteAddress} port ${info.remotePort} (${info.protocol}, ${info.family}) from ${info.localAddress} port ${info.localPort}`)
  const t = info.timings
  console.log(`Timings: ${t.lookupMs !== null ? `lookup ${t.lookupMs} ms, ` : ''}connect ${t.connectMs} ms${t.tlsMs !== null ? `, TLS ${t.tlsMs} ms` : ''}`)
  if (info.tls) {
    const s = info.tls
    console.log(`TLS: ${s.protocol ?? '?'} ${s.cipherStandardName || s.cipher}, ALPN ${s.alpn ?? 'none'}, SNI ${s.servername ?? 'none'}, verified ${s.verified ? 'yes' : `no (${s.verifyError})`}`)
    if (s.peerCertificate) {
      console.log(`Certificate: ${s.peerCertificate.subject}; issuer ${s.peerCertificate.issuer}; valid ${s.peerCertificate.validFrom} to ${s.peerCertificate.validTo}`)
    }
  }
  if (info.warning) console.error(`WARNING: ${info.warning}`)
}

async function commandConnect(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    tls: { type: 'boolean', default: false },
    insecure: { type: 'boolean', default: false },
    sni: { type: 'string' },
    alpn: { type: 'string' },
    ca: { type: 'string' },
    cert: { type: 'string' },
    key: { type: 'string' },
    send: { type: 'string' },
    hex: { type: 'string' },
    'line-ending': { type: 'string' },
    wait: { type: 'string' },
    timeout: { type: 'string' }
  })
  const { host, port } = hostPort(positionals[0])
  const wait = numberOption(values.wait, '--wait') ?? 1000
  const useTls = Boolean(values.tls || values.insecure || values.sni || values.alpn || values.ca || values.cert)
  const received: Buffer[] = []
  let receivedBytes = 0
  let closed: { reason: string; error: WireError | null } | null = null
  let notify = () => {}
  let connId = ''
  currentSink = (batch) => {
    for (const e of batch) {
      if (e.name === 'stream.data') {
        const p = e.payload as { streamId: string; entries: { dir: string; data: string; length: number }[] }
        if (p.streamId !== connId) continue
        for (const entry of p.entries) {
          if (entry.dir !== 'in') continue
          if (received.length < 4096) received.push(Buffer.from(fromBase64(entry.data)))
          receivedBytes += entry.length
        }
      } else if (e.name === 'stream.closed') {
        const p = e.payload as { streamId: string; reason: string; error: WireError | null }
        if (p.streamId === connId) closed = { reason: p.reason, error: p.error }
      }
    }
    notify()
  }
  const info = await call('tcp.connect', {
    host,
    port,
    timeoutMs: numberOption(values.timeout, '--timeout'),
    tls: useTls
      ? {
          verify: !values.insecure,
          servername: values.sni as string | undefined,
          alpn: typeof values.alpn === 'string' ? values.alpn.split(',').map((s: string) => s.trim()).filter(Boolean) : [],
          caPem: readFileOption(values.ca, 'CA'),
          certPem: readFileOption(values.cert, 'certificate'),
          keyPem: readFileOption(values.key, 'key')
        }
      : undefined
  })
  connId = info.id
  if (!values.json) printConnection(info)
  const payload = payloadFrom(values, 'lf')
  let sent = 0
  if (payload) sent = (await call('tcp.send', { id: info.id, payload })).bytes
  // Read until the peer closes, or nothing new arrives for `wait` ms.
  await new Promise<void>((resolve) => {
    let timer = setTimeout(resolve, wait)
    notify = () => {
      clearTimeout(timer)
      if (closed) resolve()
      else timer = setTimeout(resolve, wait)
    }
  })
  if (!closed) await call('tcp.close', { id: info.id }).catch(() => undefined)
  const data = Buffer.concat(received)
  const closedState = closed as { reason: string; error: WireError | null } | null
  if (values.json) {
    console.log(
      JSON.stringify(
        {
          connection: info,
          sent: { bytes: sent },
          received: { bytes: receivedBytes, text: data.toString('utf8'), base64: data.toString('base64') },
          closedBy: closedState ? 'peer' : 'us',
          error: closedState?.error ?? null
        },
        null,
        2
      )
    )
  } else {
    if (payload) console.log(`Sent ${sent} bytes`)
    console.log(`Received ${receivedBytes} bytes${closedState ? '; the peer closed the connection' : ''}`)
    if (data.length) process.stdout.write(data.toString('utf8') + (data[data.length - 1] === 0x0a ? '' : '\n'))
    if (closedState?.error) console.error(formatWireError(closedState.error))
  }
  return 0
}

async function commandUdp(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    send: { type: 'string' },
    hex: { type: 'string' },
    'line-ending': { type: 'string' },
    wait: { type: 'string' }
  })
  const { host, port } = hostPort(positionals[0])
  const payload = payloadFrom(values, 'none')
  if (!payload) throw new UsageError('udp needs --send TEXT or --hex HEX')
  const result = await call('udp.send', { host, port, payload, waitForReplyMs: numberOption(values.wait, '--wait') ?? 1000 })
  if (values.json) {
    console.log(JSON.stringify({ ...result, reply: result.reply ? { ...result.reply, text: Buffer.from(result.reply.data, 'base64').toString('utf8') } : null }, null, 2))
  } else {
    console.log(`Sent ${result.bytes} bytes to ${result.remoteAddress} port ${result.remotePort} from ${result.localAddress} port ${result.localPort}`)
    if (result.reply) {
      console.log(`Reply from ${result.reply.from} port ${result.reply.port}, ${result.reply.length} bytes in ${result.reply.rttMs} ms:`)
      console.log(Buffer.from(result.reply.data, 'base64').toString('utf8'))
    } else {
      console.log('No reply (UDP gives no acknowledgement; a silent peer and a lost datagram look the same).')
    }
  }
  return 0
}

async function commandServe(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '0' },
    tls: { type: 'boolean', default: false },
    udp: { type: 'boolean', default: false },
    cert: { type: 'string' },
    key: { type: 'string' },
    'idle-timeout': { type: 'string' },
    'max-line': { type: 'string' },
    'max-connections': { type: 'string' }
  })
  const behaviour = positionals[0] ?? 'echo'
  if (!['echo', 'upper', 'discard'].includes(behaviour)) throw new UsageError(`unknown behaviour "${behaviour}": use echo, upper or discard`)
  const certPem = readFileOption(values.cert, 'certificate')
  const keyPem = readFileOption(values.key, 'key')
  const info: ServerInfo = await call('server.start', {
    protocol: values.udp ? 'udp' : 'tcp',
    host: values.host as string,
    port: numberOption(values.port, '--port') as number,
    behaviour: behaviour as 'echo' | 'upper' | 'discard',
    limits: {
      idleTimeoutMs: numberOption(values['idle-timeout'], '--idle-timeout') ?? 30_000,
      maxLineLength: numberOption(values['max-line'], '--max-line') ?? 8192,
      maxConnections: numberOption(values['max-connections'], '--max-connections') ?? 1000
    },
    tls: values.tls || certPem ? { selfSigned: !certPem, certPem, keyPem } : undefined
  })
  const shown = info.family === 'IPv6' ? `[${info.address}]:${info.port}` : `${info.address}:${info.port}`
  if (values.json) {
    const { tls, ...rest } = info
    console.log(JSON.stringify({ ...rest, listen: shown, tls: tls ? { selfSigned: tls.selfSigned, subject: tls.subject, fingerprint256: tls.fingerprint256 } : null }))
  } else {
    console.log(`Listening on ${shown} (${info.protocol} ${info.behaviour})`)
    if (info.tls) console.log(`Certificate: ${info.tls.subject}, SHA-256 ${info.tls.fingerprint256}`)
    if (info.warning) console.error(`WARNING: ${info.warning}`)
    currentSink = (batch) => {
      for (const e of batch) {
        if (e.name !== 'server.client') continue
        const c = (e.payload as { client: { remoteAddress: string; remotePort: number; closedAt: number | null; bytesIn: number; bytesOut: number; closeReason: string | null } }).client
        if (c.closedAt) console.error(`- ${c.remoteAddress} port ${c.remotePort} left (${c.closeReason}); ${c.bytesIn} bytes in, ${c.bytesOut} out`)
      }
    }
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve)
    process.once('SIGTERM', resolve)
  })
  await session.dispose()
  return 0
}

async function commandCert(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv
  const { values, positionals } = parse(rest, {
    password: { type: 'string' },
    intermediates: { type: 'string', multiple: true },
    roots: { type: 'string', multiple: true },
    at: { type: 'string' },
    host: { type: 'string' },
    ip: { type: 'string' },
    purpose: { type: 'string' },
    'no-mozilla': { type: 'boolean' },
    system: { type: 'boolean' },
    sni: { type: 'string' },
    subject: { type: 'string' },
    names: { type: 'string', multiple: true },
    days: { type: 'string' },
    key: { type: 'string' },
    preset: { type: 'string' },
    out: { type: 'string' },
    passphrase: { type: 'string' },
    'unencrypted-key': { type: 'boolean' }
  })
  const ctx: CertCommandContext = {
    json: Boolean(values.json),
    values: values as CertCommandContext['values'],
    print: (text) => console.log(text),
    warn: (text) => console.error(text)
  }
  switch (sub) {
    case 'inspect':
      return commandCertInspect(positionals, ctx)
    case 'verify':
      return commandCertVerify(positionals, ctx)
    case 'fetch':
      return commandCertFetch(positionals, ctx)
    case 'new':
      return commandCertNew(positionals, ctx)
    default:
      throw new UsageError('wirebench cert inspect|verify|fetch|new (see wirebench --help)')
  }
}

async function commandSubnets(command: 'ip' | 'port' | 'split' | 'summarize', argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { prefix: { type: 'string' }, count: { type: 'string' }, limit: { type: 'string' } })
  const ctx: SubnetCommandContext = {
    json: Boolean(values.json),
    print: (text) => console.log(text),
    lookupPorts: (query) => call('ports.lookup', { query })
  }
  switch (command) {
    case 'ip':
      return commandIp(positionals, ctx)
    case 'port':
      return commandPort(positionals, ctx)
    case 'split':
      return commandSplit(positionals, values as { prefix?: string; count?: string; limit?: string }, ctx)
    case 'summarize':
      return commandSummarize(positionals, ctx)
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(HELP)
    return command ? 0 : 2
  }
  if (command === '--version') {
    console.log(APP_VERSION)
    return 0
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(HELP)
    return 0
  }
  switch (command) {
    case 'serve':
      return commandServe(rest)
    case 'connect':
      return commandConnect(rest)
    case 'udp':
      return commandUdp(rest)
    case 'cert':
      return commandCert(rest)
    case 'ip':
    case 'port':
    case 'split':
    case 'summarize':
      return commandSubnets(command, rest)
    default:
      throw new UsageError(`unknown command "${command}" (see wirebench --help)`)
  }
}

const BAD_INPUT = new Set(['INVALID_ADDRESS', 'INVALID_CSR', 'INVALID_PEM', 'UNSUPPORTED_FORMAT', 'TOO_LARGE', 'WRONG_PASSWORD', 'INVALID_INPUT', 'INVALID_HEX', 'INVALID_PEM', 'INVALID_CERTIFICATE', 'INVALID_KEY', 'UNKNOWN_METHOD'])

main(process.argv.slice(2))
  .then(async (code) => {
    await session.dispose()
    process.exit(code)
  })
  .catch(async (err: unknown) => {
    let code = 1
    if (err instanceof UsageError) {
      console.error(`wirebench: ${err.message}`)
      code = 2
    } else if (err instanceof WirebenchError) {
      console.error(`wirebench: ${err.message}`)
      code = BAD_INPUT.has(err.code) ? 2 : 1
    } else if (isWireError(err)) {
      console.error(`wirebench: ${formatWireError(err)}`)
      code = BAD_INPUT.has(err.code) ? 2 : 1
    } else {
      console.error(`wirebench: ${err instanceof Error ? err.message : String(err)}`)
    }
    await session.dispose().catch(() => undefined)
    process.exit(code)
  })
