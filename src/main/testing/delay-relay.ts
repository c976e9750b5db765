// A TCP relay on 127.0.0.1 that holds every chunk a fixed time each way: a server "a few ms away" on loopback, so
// round trips are long enough to tell timing phases apart (curl -w agreement, what TLS resumption saves).
import net from 'node:net'

export interface DelayRelay {
  port: number
  close(): Promise<void>
}

/** Relays to 127.0.0.1:port, delaying every chunk (and the end) by ms in each direction, in order. */
export function delayRelay(port: number, ms: number): Promise<DelayRelay> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((client) => {
    const upstream = net.connect(port, '127.0.0.1')
    for (const s of [client, upstream]) {
      sockets.add(s)
      s.on('error', () => {
        client.destroy()
        upstream.destroy()
      })
      s.on('close', () => sockets.delete(s))
    }
    // Timers of equal length fire in the order they were set, so the bytes keep theirs.
    client.on('data', (d) => setTimeout(() => upstream.write(d), ms))
    upstream.on('data', (d) => setTimeout(() => client.write(d), ms))
    client.on('end', () => setTimeout(() => upstream.end(), ms))
    upstream.on('end', () => setTimeout(() => client.end(), ms))
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as net.AddressInfo).port,
        close: () =>
          new Promise<void>((r) => {
            for (const s of sockets) s.destroy()
            server.close(() => r())
          })
      })
    )
  )
}
