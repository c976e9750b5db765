// Loopback peers for the connector's tests (only *.test.ts import this): a TLS server that remembers what each
// client sent (SNI, ALPN, certificate, key log), a listener whose accept queue is full (so a connect never
// completes), a server that accepts and never speaks, and a TCP relay that records every byte each way.
import { type ChildProcess, spawn } from 'node:child_process'
import net from 'node:net'
import tls from 'node:tls'
import { Worker } from 'node:worker_threads'

export interface SeenClient {
  servername: string | false | null
  alpn: string | false | null
  authorized: boolean
  peerSubject: string | null
}

export interface TestTlsServer {
  port: number
  clients: SeenClient[]
  keylog: string[]
  close(): Promise<void>
}

/** A TLS server on host:0 that echoes what it reads. */
export async function tlsEchoServer(options: tls.TlsOptions, host = '127.0.0.1'): Promise<TestTlsServer> {
  const clients: SeenClient[] = []
  const keylog: string[] = []
  const server = tls.createServer(options, (s) => {
    const peer = s.getPeerX509Certificate()
    clients.push({ servername: s.servername, alpn: s.alpnProtocol, authorized: s.authorized, peerSubject: peer ? peer.subject : null })
    s.on('data', (d) => s.write(d))
    s.on('error', () => undefined)
  })
  server.on('keylog', (line: Buffer) => keylog.push(line.toString('latin1').trimEnd()))
  server.on('tlsClientError', () => undefined)
  const sockets: net.Socket[] = []
  server.on('connection', (s: net.Socket) => sockets.push(s))
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  return { port: (server.address() as net.AddressInfo).port, clients, keylog, close: () => closeServer(server, sockets) }
}

/** Accepts TCP, reads, and never answers: a TLS handshake against it can only time out. */
export async function silentServer(): Promise<{ port: number; accepted: net.Socket[]; close(): Promise<void> }> {
  const accepted: net.Socket[] = []
  const server = net.createServer((s) => {
    accepted.push(s)
    s.on('error', () => undefined)
    s.resume() // reads and drops, so it sees the client's FIN

  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { port: (server.address() as net.AddressInfo).port, accepted, close: () => closeServer(server, accepted) }
}

/**
 * A listener whose accept queue is full: a worker thread listens with a backlog of 1 and then blocks its event loop,
 * so it never accepts; once fillers occupy the queue, Linux drops further SYNs and a connect hangs. This is the one
 * way to see a connect time out without leaving loopback.
 */
export async function fullBacklogListener(): Promise<{ port: number; close(): Promise<void> }> {
  const gate = new Int32Array(new SharedArrayBuffer(4))
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads')
     const server = require('node:net').createServer()
     server.listen({ host: '127.0.0.1', port: 0, backlog: 1 }, () => {
       parentPort.postMessage(server.address().port)
       Atomics.wait(workerData, 0, 0)
       server.close()
     })`,
    { eval: true, workerData: gate }
  )
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
  })
  const fillers: net.Socket[] = []
  for (let i = 0; i < 16; i++) {
    const socket = net.connect({ host: '127.0.0.1', port })
    socket.on('error', () => undefined)
    fillers.push(socket)
    const connected = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 300)
      socket.once('connect', () => {
        clearTimeout(timer)
        resolve(true)
      })
    })
    if (!connected) break
  }
  return {
    port,
    close: async () => {
      for (const s of fillers) s.destroy()
      Atomics.store(gate, 0, 1)
      Atomics.notify(gate, 0)
      await worker.terminate()
    }
  }
}

/** A TCP relay in front of `port` that keeps every byte the server side received and sent. */
export async function recordingRelay(port: number): Promise<{ port: number; toServer: Buffer[]; toClient: Buffer[]; closed(): boolean; close(): Promise<void> }> {
  const toServer: Buffer[] = []
  const toClient: Buffer[] = []
  const open = new Set<net.Socket>()
  // Half-open both ways, so each side's FIN is passed on rather than answered by the relay itself.
  const relay = net.createServer({ allowHalfOpen: true }, (client) => {
    const upstream = net.connect({ host: '127.0.0.1', port, allowHalfOpen: true })
    for (const s of [client, upstream]) {
      open.add(s)
      s.on('close', () => open.delete(s))
      s.on('error', () => undefined)
    }
    client.on('data', (d: Buffer) => {
      toServer.push(d)
      upstream.write(d)
    })
    upstream.on('data', (d: Buffer) => {
      toClient.push(d)
      client.write(d)
    })
    client.on('end', () => upstream.end())
    upstream.on('end', () => client.end())
  })
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve))
  return { port: (relay.address() as net.AddressInfo).port, toServer, toClient, closed: () => open.size === 0, close: () => closeServer(relay, [...open]) }
}

/** Polls until `condition` holds (bounded: 3 s). */
export async function eventually(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 150 && !condition(); i++) await new Promise((r) => setTimeout(r, 20))
  if (!condition()) throw new Error(`timed out waiting for ${what}`)
}

function closeServer(server: net.Server, sockets: net.Socket[] = []): Promise<void> {
  for (const s of sockets) s.destroy()
  return new Promise((resolve) => server.close(() => resolve()))
}

/**
 * `openssl s_server` with these arguments (which should include `-accept 127.0.0.1:0`): resolves with the port it
 * printed, a stop function and what it has printed so far (stdout and stderr). stdin stays open, since s_server
 * shuts down when it reads end-of-file there.
 */
export function opensslServer(args: string[]): Promise<{ port: number; stop(): void; output(): string }> {
  const child: ChildProcess = spawn('openssl', args, { stdio: ['pipe', 'pipe', 'pipe'] })
  const stop = (): void => void child.kill()
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => (stop(), reject(new Error(`s_server did not start: ${out}`))), 10_000)
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /ACCEPT 127\.0\.0\.1:(\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        resolve({ port: Number(m[1]), stop, output: () => out })
      }
    })
    child.stderr?.on('data', (d: Buffer) => (out += d.toString()))
    child.once('exit', (code) => reject(new Error(`s_server exited (${code}): ${out}`)))
  })
}
