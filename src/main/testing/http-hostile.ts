// HTTP servers that misbehave on purpose (what no real server does on a good day), so the raw HTTP engine can be
// shown to end every case with bounded memory and time and a clear message.
import net from 'node:net'

export type HostileHttpMode =
  /** Header fields forever, never the empty line. */
  | 'endless-headers'
  /** Content-Length: 1 GiB, then the body streamed slowly (16 KiB every 20 ms). */
  | 'huge-body'
  /** A valid-looking response, one byte every 100 ms. */
  | 'drip'
  /** Transfer-Encoding: chunked with a chunk size that is not hex. */
  | 'bad-chunks'
  /** A complete response as soon as the connection opens; the request is then never read. */
  | 'early-response'
  /** Content-Length: 100000, 5000 bytes of it, then a TCP reset. */
  | 'reset-mid-body'

export interface HostileHttpServer {
  port: number
  /** Bytes each connection received, in order of connection. */
  received: Buffer[][]
  close(): Promise<void>
}

export async function hostileHttpServer(mode: HostileHttpMode, host = '127.0.0.1'): Promise<HostileHttpServer> {
  const sockets = new Set<net.Socket>()
  const received: Buffer[][] = []
  const timers = new Set<NodeJS.Timeout>()
  const every = (ms: number, fn: () => boolean): void => {
    const t = setInterval(() => {
      if (!fn()) {
        clearInterval(t)
        timers.delete(t)
      }
    }, ms)
    timers.add(t)
  }
  const server = net.createServer((s) => {
    sockets.add(s)
    const seen: Buffer[] = []
    received.push(seen)
    s.on('error', () => {})
    s.on('close', () => sockets.delete(s))
    s.on('data', (d: Buffer) => seen.push(d))
    const alive = (): boolean => !s.destroyed && s.writable
    switch (mode) {
      case 'endless-headers': {
        s.write('HTTP/1.1 200 OK\r\n')
        let n = 0
        const pump = (): void => {
          while (alive()) {
            if (!s.write(`X-Filler-${n++}: ${'a'.repeat(100)}\r\n`)) {
              s.once('drain', pump)
              return
            }
          }
        }
        pump()
        break
      }
      case 'huge-body': {
        s.write(`HTTP/1.1 200 OK\r\nContent-Length: ${1024 ** 3}\r\n\r\n`)
        const block = Buffer.alloc(16 * 1024, 0x61)
        every(20, () => alive() && (s.write(block), true))
        break
      }
      case 'drip': {
        const text = Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n${'d'.repeat(100000)}`)
        let i = 0
        every(100, () => alive() && i < text.length && (s.write(text.subarray(i, ++i)), true))
        break
      }
      case 'bad-chunks':
        s.once('data', () => s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\nmore\r\n0\r\n\r\n'))
        break
      case 'early-response':
        s.write('HTTP/1.1 413 Content Too Large\r\nContent-Length: 9\r\nConnection: close\r\n\r\ntoo large')
        s.pause()
        s.removeAllListeners('data')
        break
      case 'reset-mid-body':
        s.once('data', () => {
          s.write(`HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n${'r'.repeat(5000)}`, () => setTimeout(() => s.resetAndDestroy(), 20))
        })
        break
    }
  })
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  return {
    port: (server.address() as net.AddressInfo).port,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearInterval(t)
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      })
  }
}
