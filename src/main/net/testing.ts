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
