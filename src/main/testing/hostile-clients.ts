// Hostile clients for the server defence and load tests, on loopback only: clients that flood and never read,
// connections that drip a byte now and then (slowloris), and a normal client timed against them.
import net from 'node:net'
import { connect } from '../tls'

/** Opens `count` connections in batches, so the listen backlog never overflows into SYN retries. */
export async function openConnections(port: number, count: number, batch = 100): Promise<net.Socket[]> {
  const sockets: net.Socket[] = []
  for (let i = 0; i < count; i += batch) {
    const opened = await Promise.all(
      Array.from(
        { length: Math.min(batch, count - i) },
        () =>
          new Promise<net.Socket>((resolve, reject) => {
            const s = net.connect({ host: '127.0.0.1', port }, () => resolve(s))
            s.once('error', reject)
          })
      )
    )
    for (const s of opened) s.on('error', () => {})
    sockets.push(...opened)
  }
  return sockets
}

/** Writes one byte to every socket still open, every `everyMs`, never a newline. Call the result to stop. */
export function drip(sockets: net.Socket[], everyMs: number): () => void {
  const timer = setInterval(() => {
    for (const s of sockets) if (!s.destroyed && s.writable) s.write('x')
  }, everyMs)
  return () => clearInterval(timer)
}

/**
 * Connects and writes `chunk` whenever the connection takes more, never reading a byte of the replies, until the
 * socket is destroyed. Resolves with the socket once connected.
 */
export async function floodWithoutReading(port: number, chunk: Buffer, options: { tls?: boolean } = {}): Promise<net.Socket> {
  const socket: net.Socket = options.tls
    ? ((await connect({ host: '127.0.0.1', port, tls: { verify: false } })).socket as net.Socket)
    : await new Promise<net.Socket>((resolve, reject) => {
        const s = net.connect({ host: '127.0.0.1', port }, () => {
          s.off('error', reject)
          resolve(s)
        })
        s.once('error', reject)
      })
  socket.on('error', () => {})
  // Not reading: nothing consumes what the socket buffers, so the OS window towards us closes for good.
  socket.pause()
  const pump = () => {
    while (socket.writable && socket.write(chunk));
    if (socket.writable) socket.once('drain', pump)
  }
  pump()
  return socket
}

/** Polls `condition` every 50 ms until it holds or `withinMs` passes; returns whether it held. */
export async function eventually(condition: () => boolean, withinMs: number): Promise<boolean> {
  const until = performance.now() + withinMs
  while (!condition()) {
    if (performance.now() > until) return false
    await sleep(50)
  }
  return true
}

/** Sends one line and resolves with the reply and how long it took (ms); rejects after `timeoutMs`. */
export function timedLine(port: number, line: string, timeoutMs = 5000): Promise<{ reply: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(line))
    let reply = ''
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`no answer within ${timeoutMs} ms; got ${JSON.stringify(reply)}`))
    }, timeoutMs)
    socket.on('data', (d) => {
      reply += d.toString()
      if (!reply.endsWith('\n')) return
      clearTimeout(timer)
      socket.destroy()
      resolve({ reply, ms: performance.now() - started })
    })
    socket.on('error', (err) => {
      clearTimeout(timer)
      reject(err)
    })
    socket.on('close', () => {
      clearTimeout(timer)
      reject(new Error(`closed before answering; got ${JSON.stringify(reply)}`))
    })
  })
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
