// Knowing when tcpdump has caught up: on a busy machine it may lag behind the kernel by many milliseconds, so a
// fixed wait before SIGINT can lose a connection's last packets. We send one UDP datagram to ourselves on loopback,
// let the filter admit it, and stop once it comes out of the pcap stream: the kernel queues packets to the capture
// in order, so everything before it has been read. The marker itself is dropped from what the capture returns.
import dgram from 'node:dgram'
import { dissectPacket } from '../../shared/net/packets'

export interface FlushMarker {
  /** The BPF clause that admits the marker: "udp and host 127.0.0.1 and port M". */
  filter: string
  /** True for the marker's own packets (to be dropped); resolves `seen` when one arrives. */
  check(bytes: Uint8Array, linkType: number): boolean
  /** Sends the marker and waits until it was captured, at most `ms`; false when it never came. */
  flush(ms: number): Promise<boolean>
  close(): void
}

const MARKER = new TextEncoder().encode('wirebench capture flush marker')

/** Binds the marker's socket on 127.0.0.1; null when IPv4 loopback is not usable (then stopping falls back to a wait). */
export async function openMarker(): Promise<FlushMarker | null> {
  const socket = dgram.createSocket('udp4')
  socket.on('message', () => undefined)
  const bound = await new Promise<boolean>((resolve) => {
    socket.once('error', () => resolve(false))
    socket.bind(0, '127.0.0.1', () => resolve(true))
  })
  if (!bound) {
    socket.close()
    return null
  }
  socket.on('error', () => undefined)
  socket.unref()
  const port = socket.address().port
  let seen = false
  let wake: (() => void) | null = null
  return {
    filter: `udp and host 127.0.0.1 and port ${port}`,
    check(bytes, linkType) {
      // Cheap test first: the marker's text ends every marker packet.
      if (bytes.length < MARKER.length || bytes[bytes.length - 1] !== MARKER[MARKER.length - 1]) return false
      const s = dissectPacket(bytes, linkType).summary
      const mine = s.protocol === 'udp' && s.dstPort === port && s.src === '127.0.0.1'
      if (mine) {
        seen = true
        wake?.()
      }
      return mine
    },
    flush(ms) {
      seen = false
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(seen), ms)
        wake = () => {
          clearTimeout(timer)
          resolve(true)
        }
        socket.send(MARKER, port, '127.0.0.1', (err) => {
          if (err) {
            clearTimeout(timer)
            resolve(false)
          }
        })
      })
    },
    close() {
      try {
        socket.close()
      } catch {
        // already closed
      }
    }
  }
}
