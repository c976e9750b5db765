// The dissectors by protocol name: each codec adds one line here, and every view asks by name. A dissector that
// throws anyway (a bug) becomes a finding, so hostile bytes never take a view down.
import { dissectTlsRecords } from '../tls/records'
import { dissectTlsHandshake } from '../tls/handshake'
import { dissectDns } from '../dns/dissect'
import { dissectEthernetPacket, dissectRawIpPacket, dissectSll2Packet } from '../net/packets'
import { dissectAsn1 } from './asn1'
import { dissectHttp2 } from '../http/h2-reader'
import { dissectHttp1 } from '../http/dissect'
import { dissectWebSocket } from '../http/ws-dissect'
import type { DissectOptions, Dissection, Dissector } from './span'

const table = new Map<string, Dissector>([
  ['asn1', dissectAsn1],
  ['der', dissectAsn1],
  ['tls-records', dissectTlsRecords],
  ['tls-handshake', dissectTlsHandshake],
  ['dns', dissectDns],
  ['packet-eth', dissectEthernetPacket],
  ['packet-sll2', dissectSll2Packet],
  ['packet-raw', dissectRawIpPacket],
  ['http2', dissectHttp2],
  ['http1', dissectHttp1],
  ['websocket', dissectWebSocket]
])

export function registerDissector(protocol: string, dissector: Dissector): void {
  table.set(protocol, dissector)
}

export function lookupDissector(protocol: string): Dissector | undefined {
  return table.get(protocol)
}

export function dissectorNames(): string[] {
  return [...table.keys()].sort()
}

/** Dissects `bytes` as `protocol`; an unknown protocol or a failing dissector is reported, never thrown. */
export function dissect(protocol: string, bytes: Uint8Array, options?: DissectOptions): Dissection {
  const dissector = table.get(protocol)
  const whole = [{ offset: 0, length: bytes.length, name: 'Bytes' }]
  if (!dissector) {
    return { spans: whole, spanCount: 1, findings: [{ severity: 'error', code: 'UNKNOWN_PROTOCOL', message: `No dissector for "${protocol}".` }] }
  }
  try {
    return dissector(bytes, options)
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err)
    return { spans: whole, spanCount: 1, findings: [{ severity: 'error', code: 'DISSECTOR_FAILED', message: `The ${protocol} dissector failed: ${message}` }] }
  }
}
