// Helpers for engine tests: real sockets on loopback, no mocks.
import net from 'node:net'
import type { EventEnvelope } from '../../shared/contract'
import { EventBatcher } from '../host/batcher'

/** An event sink that records everything, flushing at once. */
export function recordingEvents(): { events: EventBatcher; seen: EventEnvelope[] } {
  const seen: EventEnvelope[] = []
  const events = new EventBatcher((batch) => seen.push(...batch), { intervalMs: 1 })
  return { events, seen }
}

/** Connects, optionally writes, and resolves with everything read until `until` matches or the socket closes. */
export function exchange(port: number, send: string | Buffer | null, until: (data: string) => boolean, host = '127.0.0.1', timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port })
    let data = ''
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`timed out; got ${JSON.stringify(data)}`))
    }, timeoutMs)
    socket.on('connect', () => {
      if (send !== null) socket.write(send)
    })
    socket.on('data', (d) => {
      data += d.toString()
      if (until(data)) {
        clearTimeout(timer)
        socket.destroy()
        resolve(data)
      }
    })
    socket.on('close', () => {
      clearTimeout(timer)
      resolve(data)
    })
    socket.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
  })
}

export function openIdleSockets(port: number, count: number, payload = ''): Promise<net.Socket[]> {
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Socket>((resolve, reject) => {
          const s = net.connect({ host: '127.0.0.1', port }, () => {
            if (payload) s.write(payload)
            resolve(s)
          })
          s.on('error', reject)
        })
    )
  )
}

/** A port that was free a moment ago on 127.0.0.1 (for peers such as openssl that need one named up front). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer()
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo
      s.close(() => resolve(port))
    })
  })
}

/** Resolves once something accepts connections on 127.0.0.1:port (bounded: 5 s). */
export async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = net.connect(port, '127.0.0.1', () => {
        c.destroy()
        resolve(true)
      })
      c.on('error', () => resolve(false))
    })
    if (ok) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`nothing listening on ${port}`)
}
