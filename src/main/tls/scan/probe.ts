// One scan probe = one TCP connection: our own ClientHello written, the server's bytes fed to ProbeReader until it
// decides (ServerHello, alert, close, garbage or timeout), then the socket destroyed. The Prober shares the limits of
// a scan: parallel connections, connections per second, cancellation, and counts what was sent.
import { WirebenchError } from '../../../shared/errors'
import { buildClientHello, type ClientHelloSpec } from '../../../shared/tls/client-hello'
import { ProbeReader, type ProbeAnswer } from '../../../shared/tls/probe-answer'
import { cipherSuiteName } from '../../../shared/tls/cipher-suites'
import { protocolVersionName } from '../../../shared/tls/tls-names'
import type { ScanEvidence } from '../../../shared/tls/scan-model'
import { connect } from '../connect'

export interface ProberOptions {
  /** The address connected to (looked up once per scan). */
  address: string
  port: number
  timeoutMs: number
  concurrency: number
  maxConnectionsPerSecond: number
  signal?: AbortSignal
  /** Random bytes (node:crypto in production). */
  random: (n: number) => Uint8Array
}

export interface ProbeOutcome {
  name: string
  offered: string
  answer: ProbeAnswer
}

export interface ProbeOptions {
  /** Read a TLS ≤ 1.2 answer on to ServerHelloDone (certificates, ServerKeyExchange, CertificateStatus). */
  readOn?: boolean
  /** Words for the evidence; default: built from the spec. */
  offered?: string
}

const cancelled = (): WirebenchError => new WirebenchError('CANCELLED', undefined, 'The TLS scan was cancelled.')

/** Bounded parallel connections and a minimum spacing between connection starts (o.maxConnectionsPerSecond). */
export class Prober {
  probes = 0
  connections = 0
  private active = 0
  private waiting: (() => void)[] = []
  private readonly starts: number[] = []
  private readonly sockets = new Set<{ destroy(): void }>()

  private readonly onAbort = (): void => {
    for (const s of this.sockets) s.destroy()
    for (const w of this.waiting.splice(0)) w()
  }

  constructor(readonly o: ProberOptions) {
    o.signal?.addEventListener('abort', this.onAbort, { once: true })
  }

  /** The scan is over: a signal that outlives it keeps no reference to it. */
  dispose(): void {
    this.o.signal?.removeEventListener('abort', this.onAbort)
  }

  get aborted(): boolean {
    return this.o.signal?.aborted === true
  }

  throwIfAborted(): void {
    if (this.aborted) throw cancelled()
  }

  /** Runs `work` holding one connection slot, started no sooner than the rate allows. */
  async slot<T>(work: () => Promise<T>): Promise<T> {
    this.throwIfAborted()
    while (this.active >= this.o.concurrency) {
      await new Promise<void>((resolve) => this.waiting.push(resolve))
      this.throwIfAborted()
    }
    this.active++
    try {
      // at most maxConnectionsPerSecond starts in any one-second window (a sliding window of start times)
      const limit = Math.max(1, this.o.maxConnectionsPerSecond)
      for (; Number.isFinite(limit); ) {
        const now = Date.now()
        while (this.starts.length > 0 && now - (this.starts[0] as number) >= 1000) this.starts.shift()
        if (this.starts.length < limit) {
          this.starts.push(now)
          break
        }
        await new Promise((resolve) => setTimeout(resolve, 1000 - (now - (this.starts[0] as number)) + 1))
        this.throwIfAborted()
      }
      return await work()
    } finally {
      this.active--
      this.waiting.shift()?.()
    }
  }

  /** Sends one ClientHello on a fresh connection and reads the answer. Never throws for what the server does. */
  async probe(name: string, spec: ClientHelloSpec, po: ProbeOptions = {}): Promise<ProbeOutcome> {
    const offered = po.offered ?? describeSpec(spec)
    return this.slot(async () => {
      const hello = buildClientHello({ ...spec, random: this.o.random(32) })
      this.probes++
      const answer = await this.exchange(hello, po.readOn === true)
      return { name, offered, answer }
    })
  }

  private async exchange(hello: Uint8Array, readOn: boolean): Promise<ProbeAnswer> {
    const started = Date.now()
    const reader = new ProbeReader({ readOn })
    let conn
    try {
      this.connections++
      conn = await connect({ host: this.o.address, port: this.o.port, connectTimeoutMs: this.o.timeoutMs, signal: this.o.signal })
    } catch (e) {
      if (this.aborted) throw cancelled()
      const message = e instanceof Error ? e.message : String(e)
      return { kind: 'closed', detail: `could not connect: ${message}`, bytes: new Uint8Array(0) }
    }
    const socket = conn.tcp
    this.sockets.add(socket)
    try {
      return await new Promise<ProbeAnswer>((resolve) => {
        let done = false
        const finish = (a: ProbeAnswer): void => {
          if (done) return
          done = true
          clearTimeout(timer)
          resolve(a)
        }
        const left = Math.max(1, this.o.timeoutMs - (Date.now() - started))
        const timer = setTimeout(() => finish(reader.timeout(this.o.timeoutMs)), left)
        socket.on('data', (chunk: Buffer) => {
          const a = reader.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))
          if (a) finish(a)
        })
        socket.on('end', () => finish(reader.end()))
        socket.on('close', () => finish(reader.end()))
        socket.on('error', () => finish(reader.end()))
        socket.write(hello)
      })
    } finally {
      this.sockets.delete(socket)
      socket.destroy()
      if (this.aborted) throw cancelled()
    }
  }
}

export function describeSpec(spec: ClientHelloSpec): string {
  const parts = [`${protocolVersionName(spec.version)} ClientHello with ${spec.suites.length} suite${spec.suites.length === 1 ? '' : 's'}`]
  if (spec.suites.length === 1) parts[0] += ` (${cipherSuiteName(spec.suites[0] as number)})`
  if (spec.groups) parts.push(`${spec.groups.length} groups`)
  if (spec.alpn) parts.push(`ALPN ${spec.alpn.join(', ')}`)
  return parts.join(', ')
}

const hex = (b: Uint8Array): string => Array.from(b.subarray(0, 64), (x) => x.toString(16).padStart(2, '0')).join('')

/** The answer in words, as the evidence and the findings quote it. */
export function answerWords(a: ProbeAnswer): string {
  switch (a.kind) {
    case 'hello': {
      const h = a.hello
      if (h.helloRetryRequest) return `HelloRetryRequest (${cipherSuiteName(h.suite)}${h.selectedGroup !== null ? `, asks for group 0x${h.selectedGroup.toString(16).padStart(4, '0')}` : ''})`
      return `ServerHello choosing ${protocolVersionName(h.version)} with ${cipherSuiteName(h.suite)}`
    }
    case 'alert':
      return `alert ${a.name} (${a.description})`
    default:
      return `${a.kind === 'not_tls' ? 'not TLS' : a.kind === 'timeout' ? 'no answer (timeout)' : 'connection closed'}: ${a.detail}`
  }
}

export function evidenceOf(p: ProbeOutcome, answer?: string): ScanEvidence {
  const e: ScanEvidence = { probe: p.name, offered: p.offered, answer: answer ?? answerWords(p.answer) }
  if (p.answer.bytes.length > 0) e.bytesHex = hex(p.answer.bytes)
  return e
}
