// One DNS try over UDP (RFC 1035 §4.2.1): a fresh socket on an OS-chosen port, one datagram out, and every datagram
// that comes back judged: from the wrong address or port, with the wrong ID or for another question it is ignored
// and we keep waiting (RFC 5452 §9.1) until our answer or the timeout. The socket is always closed.
import dgram from 'node:dgram'
import { lookup as dnsLookup } from 'node:dns'
import { WirebenchError } from '../../shared/errors'
import { isIpLiteral } from '../../shared/dns/resolvers'
import type { Finding } from '../../shared/findings'
import type { QueryAttempt } from '../../shared/dns/model'
import { type Accepted, type Expect, MAX_IGNORED_SHOWN, cancelled, judge, ms, outcomeWith, sameHost, whenAborted } from './exchange'

export interface UdpTryResult {
  accepted: Accepted | null
  attempt: QueryAttempt
  /** Ignored datagrams and size problems, for the result's findings. */
  findings: Finding[]
  /** Our answer arrived but could not be read (DNS_MALFORMED); the attempt still shows it. */
  error?: WirebenchError
}

export interface UdpTarget {
  host: string
  port: number
  /** How we show it: "127.0.0.1#53". */
  server: string
}

/** At most this many datagrams are read on one try; a flood ends the try rather than the event loop. */
const MAX_DATAGRAMS = 1000

/** The server is an IP address (queryOnce refuses names for plain DNS): given back as it is, without the round of
 *  dns.lookup() that dgram otherwise makes for both bind() and send(); a name still goes to the OS resolver. */
function literalLookup(address: string, family: number, callback: (err: NodeJS.ErrnoException | null, address: string, family: number) => void): void {
  // bind() asks for the wildcard address; send() for the server's.
  if (address === '0.0.0.0' || address === '::' || isIpLiteral(address)) callback(null, address, address.includes(':') ? 6 : 4)
  else dnsLookup(address, family, callback)
}

export function udpTry(target: UdpTarget, query: Uint8Array, expect: Expect, advertised: number, timeoutMs: number, signal?: AbortSignal): Promise<UdpTryResult> {
  if (signal?.aborted) return Promise.reject(cancelled(`asking ${target.server}`))
  const started = performance.now()
  const socket = dgram.createSocket({ type: target.host.includes(':') ? 'udp6' : 'udp4', lookup: literalLookup as unknown as dgram.SocketOptions['lookup'] })
  const findings: Finding[] = []
  const ignored: string[] = []
  let ignoredCount = 0
  let datagrams = 0
  let localPort: number | null = null

  return new Promise<UdpTryResult>((resolve, reject) => {
    let done = false
    const attempt = (outcome: string, receivedBytes: number | null): QueryAttempt => ({
      transport: 'udp',
      server: target.server,
      id: expect.id,
      localPort,
      sentBytes: query.length,
      receivedBytes,
      timeMs: ms(started),
      outcome: outcomeWith(outcome, ignored, ignoredCount)
    })
    const finish = (result: UdpTryResult | Error): void => {
      if (done) return
      done = true
      clearTimeout(timer)
      stopWaiting()
      socket.removeAllListeners('message')
      socket.on('error', () => undefined)
      try {
        socket.close()
      } catch {
        // already closed
      }
      if (result instanceof Error) reject(result)
      else resolve(result)
    }
    const onAbort = (): void => finish(cancelled(`waiting for ${target.server} over UDP`))
    const timer = setTimeout(() => finish({ accepted: null, attempt: attempt(`timed out after ${timeoutMs} ms`, null), findings }), timeoutMs)
    const stopWaiting = whenAborted(signal, onAbort)

    const skip = (reason: string, finding: Finding): void => {
      ignoredCount++
      if (ignored.length < MAX_IGNORED_SHOWN) {
        ignored.push(reason)
        findings.push(finding)
      }
    }

    socket.on('error', (err) => finish(new WirebenchError('DNS_NO_ANSWER', `Could not ask ${target.server} over UDP: ${err.message}`, err.message)))
    socket.on('message', (msg: Buffer, rinfo: dgram.RemoteInfo) => {
      if (done) return
      if (++datagrams > MAX_DATAGRAMS) {
        finish({ accepted: null, attempt: attempt(`stopped after ${MAX_DATAGRAMS} datagrams without our answer`, null), findings })
        return
      }
      if (!sameHost(rinfo.address, target.host) || rinfo.port !== target.port) {
        const reason = `a datagram from ${rinfo.address}#${rinfo.port}, not from the server we asked`
        skip(reason, { severity: 'warning', code: 'FOREIGN_SOURCE', message: `Ignored ${reason} (RFC 5452 §4.4).`, source: 'RFC 5452 §4.4' })
        return
      }
      const bytes = new Uint8Array(msg.buffer, msg.byteOffset, msg.length)
      try {
        const verdict = judge(bytes, expect, target.server)
        if (verdict.kind === 'ignore') return skip(verdict.reason, verdict.finding)
        if (bytes.length > advertised) {
          findings.push({
            severity: 'warning',
            code: 'UDP_OVERSIZE',
            message: `The UDP answer is ${bytes.length} bytes, more than the ${advertised} bytes we said we can receive (${advertised === 512 ? 'RFC 1035 §4.2.1 without EDNS' : 'EDNS buffer size, RFC 6891 §6.2.5'}); a server should have set TC instead, and on a real path it may have been fragmented or dropped.`,
            source: advertised === 512 ? 'RFC 1035 §4.2.1' : 'RFC 6891 §6.2.5'
          })
        }
        finish({ accepted: verdict.accepted, attempt: attempt('answered', bytes.length), findings })
      } catch (err) {
        const e = err instanceof WirebenchError ? err : new WirebenchError('DNS_MALFORMED', String(err))
        finish({ accepted: null, attempt: attempt(`malformed answer: ${e.message}`, bytes.length), findings, error: e })
      }
    })
    // send() binds the socket first to a port the OS picks at random (RFC 5452 §9.2) — one step less than bind()
    // then send(); the port is read once bound, before any answer can arrive.
    socket.once('listening', () => {
      localPort = socket.address().port
    })
    socket.send(query, target.port, target.host, (err) => {
      if (err) finish(new WirebenchError('DNS_NO_ANSWER', `Could not send to ${target.server} over UDP: ${err.message}`, err.message))
    })
  })
}
