// Talks to a browser-shell bridge the way pages and attackers do: raw bytes over TCP, and real `ws` clients with
// the token hello. Every wait is bounded in time, so a hung server fails a test instead of stalling it.
import net from 'node:net'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import type { Result } from '../../shared/contract'
import { startBridge, type Bridge, type BridgeOptions } from '../host/bridge'

export interface TestBridge {
  bridge: Bridge
  logged: string[]
  close(): Promise<void>
}

/** A bridge on an ephemeral loopback port serving a one-page renderer; what it logs is kept for assertions. */
export async function startTestBridge(options: Partial<BridgeOptions> = {}): Promise<TestBridge> {
  const dir = mkdtempSync(join(tmpdir(), 'wirebench-bridge-'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Wirebench</title>')
  const logged: string[] = []
  const bridge = await startBridge({ rendererDir: dir, log: (m) => logged.push(m), ...options })
  return {
    bridge,
    logged,
    async close() {
      await bridge.close()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/**
 * Sends exact bytes and returns all the server wrote back before it closed (or the time ran out). `halfClose` ends
 * our side after writing, so a server that keeps connections alive still answers and closes at once.
 */
export function rawExchange(port: number, bytes: string | Buffer, timeoutMs = 2000, halfClose = false): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    const socket = net.connect({ host: '127.0.0.1', port })
    const done = () => {
      clearTimeout(timer)
      socket.destroy()
      resolve(Buffer.concat(chunks).toString('latin1'))
    }
    const timer = setTimeout(done, timeoutMs)
    socket.on('connect', () => (halfClose ? socket.end(bytes) : socket.write(bytes)))
    socket.on('data', (d) => chunks.push(d))
    socket.on('close', done)
    socket.on('error', done)
  })
}

/** The status code of a raw HTTP answer, or 0 when there was none. */
export function statusOf(response: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0)
}

export interface TestClient {
  call(method: unknown, input?: unknown, extra?: Record<string, unknown>): Promise<Result<unknown>>
  sendRaw(data: string | Buffer, binary?: boolean): void
  /** How the server closed the socket: its close code and reason. */
  closed: Promise<{ code: number; reason: string }>
  close(): void
}

/** A page's WebSocket: Origin and cookie of this server, the token as the first message, then calls. */
export function connectClient(bridge: Bridge, timeoutMs = 5000): Promise<TestClient> {
  const origin = `http://127.0.0.1:${bridge.port}`
  const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/ws`, { origin, headers: { Cookie: `wirebench_token=${bridge.token}` } })
  const pending = new Map<number, (r: Result<unknown>) => void>()
  // Far above any 32-bit id a test sends by hand, so answers to hand-made messages never resolve our calls.
  let nextId = 2 ** 40
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  })
  ws.on('error', () => {})
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate()
      reject(new Error('no ready from the bridge in time'))
    }, timeoutMs)
    ws.on('open', () => ws.send(JSON.stringify({ t: 'hello', token: bridge.token })))
    void closed.then(({ code, reason }) => reject(new Error(`closed before ready: ${code} ${reason}`)))
    ws.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { t: string; id?: number; result?: Result<unknown> }
      if (message.t === 'ready') {
        clearTimeout(timer)
        resolve({
          call(method, input = {}, extra = {}) {
            const id = nextId++
            return new Promise((resolveCall) => {
              pending.set(id, resolveCall)
              ws.send(JSON.stringify({ t: 'call', id, method, input, ...extra }))
            })
          },
          sendRaw: (data, binary = false) => ws.send(data, { binary }),
          closed,
          close: () => ws.close()
        })
      } else if (message.t === 'result' && message.id !== undefined) {
        pending.get(message.id)?.(message.result as Result<unknown>)
        pending.delete(message.id)
      }
    })
  })
}

/** True when a fresh page can connect and get app.info answered within `ms`. */
export async function answersWithin(bridge: Bridge, ms: number): Promise<boolean> {
  const started = Date.now()
  let client: TestClient | null = null
  try {
    client = await connectClient(bridge, ms)
    const left = Math.max(1, ms - (Date.now() - started))
    const result = await Promise.race([client.call('app.info'), new Promise<null>((r) => setTimeout(() => r(null), left))])
    return result !== null && result.ok && Date.now() - started <= ms
  } catch {
    return false
  } finally {
    client?.close()
  }
}
