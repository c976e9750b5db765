// `wirebench serve | connect | udp`: the Connections tab on the command line, through the same router and
// engines. Bytes reach the command straight from the engine (no UI batching), and what it holds is capped.
import type { ConnectionInfo, EventName, PayloadOf, ServerInfo } from '../../../shared/contract'
import { WirebenchError, formatWireError, type WireError } from '../../../shared/errors'
import { cliServerBehaviours, type ServerBehaviour } from '../../../shared/net/behaviours'
import type { EngineEvents } from '../../core/events'
import { bindConnections } from '../../host/bindings/connections'
import { caller, hostPort, numberOption, output, parse, readTextFile, UsageError, type Output, type Values } from '../kit'
import { readSecret, secretOptions } from '../secrets'
import { TailBuffer } from '../tail-buffer'

/** What `connect` keeps of what it receives; the rest is counted and reported as droppedBytes. */
export const MAX_HELD_BYTES = 1024 * 1024

/** The engine's events, handed to whichever listener the command set. */
function engineEvents(): EngineEvents & { onEvent: (name: EventName, payload: unknown) => void; onData: (streamId: string, dir: 'in' | 'out', bytes: Uint8Array) => void } {
  const events = {
    onEvent: (_name: EventName, _payload: unknown) => {},
    onData: (_streamId: string, _dir: 'in' | 'out', _bytes: Uint8Array) => {},
    emit: <E extends EventName>(name: E, payload: PayloadOf<E>) => events.onEvent(name, payload),
    data: (streamId: string, dir: 'in' | 'out', bytes: Uint8Array) => events.onData(streamId, dir, bytes),
    note: () => {}
  }
  return events
}

function area() {
  const events = engineEvents()
  const binding = bindConnections(events, () => {
    throw new WirebenchError('NOT_FOUND', 'The command line has no key vault: give the key as --key FILE.')
  })
  return { events, binding, call: caller(binding.handlers) }
}

const keyPassphrase = { flag: 'key-passphrase', env: ['WIREBENCH_KEY_PASSPHRASE', 'WIREBENCH_PASSPHRASE'], prompt: 'Passphrase of the private key' }

/** The passphrase of an encrypted --key; without one, say every way to give it instead of failing in the TLS library. */
async function keyPassphraseFor(keyPem: string | undefined, values: Values, out: Output): Promise<string | undefined> {
  if (!keyPem) return undefined
  const encrypted = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type: 4,ENCRYPTED/.test(keyPem)
  const passphrase = await readSecret(values, keyPassphrase, out, encrypted)
  if (encrypted && passphrase === undefined) {
    throw new UsageError('the --key file is encrypted: give its passphrase with --key-passphrase-file FILE or WIREBENCH_KEY_PASSPHRASE (or run in a terminal to be asked)')
  }
  return passphrase
}

function payloadFrom(values: Values, defaultEnding: 'lf' | 'none') {
  const ending = (values['line-ending'] as string | undefined) ?? defaultEnding
  if (!['lf', 'crlf', 'none'].includes(ending)) throw new UsageError('--line-ending is lf, crlf or none')
  if (typeof values.hex === 'string') return { format: 'hex' as const, data: values.hex, lineEnding: 'none' as const }
  if (typeof values.send === 'string') return { format: 'text' as const, data: values.send, lineEnding: ending as 'lf' | 'crlf' | 'none' }
  return null
}

function printConnection(info: ConnectionInfo, out: ReturnType<typeof output>): void {
  out.print(`Connected to ${info.remoteAddress} port ${info.remotePort} (${info.protocol}, ${info.family}) from ${info.localAddress} port ${info.localPort}`)
  const t = info.timings
  out.print(`Timings: ${t.lookupMs !== null ? `lookup ${t.lookupMs} ms, ` : ''}connect ${t.connectMs} ms${t.tlsMs !== null ? `, TLS ${t.tlsMs} ms` : ''}`)
  if (info.tls) {
    const s = info.tls
    out.print(`TLS: ${s.protocol ?? '?'} ${s.cipherStandardName || s.cipher}, ALPN ${s.alpn ?? 'none'}, SNI ${s.servername ?? 'none'}, verified ${s.verified ? 'yes' : `no (${s.verifyError})`}`)
    if (s.peerCertificate) {
      out.print(`Certificate: ${s.peerCertificate.subject}; issuer ${s.peerCertificate.issuer}; valid ${s.peerCertificate.validFrom} to ${s.peerCertificate.validTo}`)
    }
  }
  if (info.warning) out.warn(`WARNING: ${info.warning}`)
}

export async function connect(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    tls: { type: 'boolean', default: false },
    insecure: { type: 'boolean', default: false },
    sni: { type: 'string' },
    alpn: { type: 'string' },
    ca: { type: 'string' },
    cert: { type: 'string' },
    key: { type: 'string' },
    ...secretOptions('key-passphrase'),
    send: { type: 'string' },
    hex: { type: 'string' },
    'line-ending': { type: 'string' },
    wait: { type: 'string' },
    timeout: { type: 'string' }
  })
  const out = output(Boolean(values.json))
  const { host, port } = hostPort(positionals[0])
  const wait = numberOption(values.wait, '--wait') ?? 1000
  const useTls = Boolean(values.tls || values.insecure || values.sni || values.alpn || values.ca || values.cert)
  const keyPem = readTextFile(values.key, 'key')
  const passphrase = await keyPassphraseFor(keyPem, values, out)
  const { events, binding, call } = area()
  const received = new TailBuffer(MAX_HELD_BYTES)
  let closed: { reason: string; error: WireError | null } | null = null
  let notify = () => {}
  let connId = ''
  events.onData = (streamId, dir, bytes) => {
    if (streamId !== connId || dir !== 'in') return
    received.push(bytes)
    notify()
  }
  events.onEvent = (name, payload) => {
    const p = payload as PayloadOf<'stream.closed'>
    if (name === 'stream.closed' && p.streamId === connId) {
      closed = { reason: p.reason, error: p.error }
      notify()
    }
  }
  try {
    const info = await call('tcp.connect', {
      host,
      port,
      timeoutMs: numberOption(values.timeout, '--timeout'),
      tls: useTls
        ? {
            verify: !values.insecure,
            servername: values.sni as string | undefined,
            alpn: typeof values.alpn === 'string' ? values.alpn.split(',').map((s: string) => s.trim()).filter(Boolean) : [],
            caPem: readTextFile(values.ca, 'CA'),
            certPem: readTextFile(values.cert, 'certificate'),
            keyPem,
            passphrase
          }
        : undefined
    })
    connId = info.id
    if (!out.json) printConnection(info, out)
    const payload = payloadFrom(values, 'lf')
    let sent = 0
    if (payload) sent = (await call('tcp.send', { id: info.id, payload })).bytes
    // Read until the peer closes, or nothing new arrives for `wait` ms.
    await new Promise<void>((resolve) => {
      let timer = setTimeout(resolve, wait)
      let last = Date.now()
      notify = () => {
        if (closed) {
          clearTimeout(timer)
          return resolve()
        }
        // A flood calls this per chunk: re-arm the timer at most every few ms, not per chunk.
        const now = Date.now()
        if (now - last < 5) return
        last = now
        clearTimeout(timer)
        timer = setTimeout(resolve, wait)
      }
    })
    if (!closed) await call('tcp.close', { id: info.id }).catch(() => undefined)
    const data = received.bytes()
    const closedState = closed as { reason: string; error: WireError | null } | null
    if (received.dropped > 0) {
      out.warn(`wirebench: received ${received.total} bytes; only the last ${data.length} are shown (${received.dropped} bytes dropped)`)
    }
    if (out.json) {
      const kept = { bytes: received.total, text: data.toString('utf8'), base64: data.toString('base64'), droppedBytes: received.dropped }
      out.print(JSON.stringify({ connection: info, sent: { bytes: sent }, received: kept, closedBy: closedState ? 'peer' : 'us', error: closedState?.error ?? null }, null, 2))
    } else {
      if (payload) out.print(`Sent ${sent} bytes`)
      out.print(`Received ${received.total} bytes${closedState ? '; the peer closed the connection' : ''}`)
      if (data.length) process.stdout.write(data.toString('utf8') + (data[data.length - 1] === 0x0a ? '' : '\n'))
      if (closedState?.error) out.warn(formatWireError(closedState.error))
    }
    return 0
  } finally {
    await binding.dispose?.()
  }
}

export async function udp(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, { send: { type: 'string' }, hex: { type: 'string' }, 'line-ending': { type: 'string' }, wait: { type: 'string' } })
  const out = output(Boolean(values.json))
  const { host, port } = hostPort(positionals[0])
  const payload = payloadFrom(values, 'none')
  if (!payload) throw new UsageError('udp needs --send TEXT or --hex HEX')
  const { binding, call } = area()
  try {
    const result = await call('udp.send', { host, port, payload, waitForReplyMs: numberOption(values.wait, '--wait') ?? 1000 })
    if (out.json) {
      out.print(JSON.stringify({ ...result, reply: result.reply ? { ...result.reply, text: Buffer.from(result.reply.data, 'base64').toString('utf8') } : null }, null, 2))
    } else {
      out.print(`Sent ${result.bytes} bytes to ${result.remoteAddress} port ${result.remotePort} from ${result.localAddress} port ${result.localPort}`)
      if (result.reply) {
        out.print(`Reply from ${result.reply.from} port ${result.reply.port}, ${result.reply.length} bytes in ${result.reply.rttMs} ms:`)
        out.print(Buffer.from(result.reply.data, 'base64').toString('utf8'))
      } else {
        out.print('No reply (UDP gives no acknowledgement; a silent peer and a lost datagram look the same).')
      }
    }
    return 0
  } finally {
    await binding.dispose?.()
  }
}

export async function serve(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '0' },
    tls: { type: 'boolean', default: false },
    udp: { type: 'boolean', default: false },
    cert: { type: 'string' },
    key: { type: 'string' },
    ...secretOptions('key-passphrase'),
    'idle-timeout': { type: 'string' },
    'max-line': { type: 'string' },
    'line-deadline': { type: 'string' },
    'max-connections': { type: 'string' }
  })
  const out = output(Boolean(values.json))
  const behaviour = positionals[0] ?? 'echo'
  if (!(cliServerBehaviours as readonly string[]).includes(behaviour)) throw new UsageError(`unknown behaviour "${behaviour}": use ${cliServerBehaviours.join(', ')}`)
  const certPem = readTextFile(values.cert, 'certificate')
  const keyPem = readTextFile(values.key, 'key')
  const passphrase = await keyPassphraseFor(keyPem, values, out)
  const { events, binding, call } = area()
  try {
    const info: ServerInfo = await call('server.start', {
      protocol: values.udp ? 'udp' : 'tcp',
      host: values.host as string,
      port: numberOption(values.port, '--port') as number,
      behaviour: behaviour as ServerBehaviour,
      limits: {
        idleTimeoutMs: numberOption(values['idle-timeout'], '--idle-timeout') ?? 30_000,
        maxLineLength: numberOption(values['max-line'], '--max-line') ?? 8192,
        lineDeadlineMs: numberOption(values['line-deadline'], '--line-deadline') ?? 10_000,
        maxConnections: numberOption(values['max-connections'], '--max-connections') ?? 1000
      },
      tls: values.tls || certPem ? { selfSigned: !certPem, certPem, keyPem, passphrase } : undefined
    })
    const shown = info.family === 'IPv6' ? `[${info.address}]:${info.port}` : `${info.address}:${info.port}`
    if (out.json) {
      const { tls, ...rest } = info
      out.print(JSON.stringify({ ...rest, listen: shown, tls: tls ? { selfSigned: tls.selfSigned, subject: tls.subject, fingerprint256: tls.fingerprint256 } : null }))
    } else {
      out.print(`Listening on ${shown} (${info.protocol} ${info.behaviour})`)
      if (info.tls) out.print(`Certificate: ${info.tls.subject}, SHA-256 ${info.tls.fingerprint256}`)
      if (info.warning) out.warn(`WARNING: ${info.warning}`)
      events.onEvent = (name, payload) => {
        if (name !== 'server.client') return
        const c = (payload as PayloadOf<'server.client'>).client
        if (c.closedAt) out.warn(`- ${c.remoteAddress} port ${c.remotePort} left (${c.closeReason}); ${c.bytesIn} bytes in, ${c.bytesOut} out`)
      }
    }
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve)
      process.once('SIGTERM', resolve)
    })
    return 0
  } finally {
    await binding.dispose?.()
  }
}
