// NSS key log lines (SSLKEYLOGFILE: "LABEL <client_random hex> <secret hex>", as Node's 'keylog' event and browsers
// write them) read into secrets per connection, matched by the ClientHello's random: the one thing that ties a line
// to a connection when a file holds many.
import { parseHex } from '../../shared/bytes'

/** Labels we use (the NSS key log format; TLS 1.3 labels from RFC 8446's secrets, TLS 1.2's CLIENT_RANDOM = master secret). */
export const KEYLOG = {
  clientHandshake: 'CLIENT_HANDSHAKE_TRAFFIC_SECRET',
  serverHandshake: 'SERVER_HANDSHAKE_TRAFFIC_SECRET',
  clientApplication: 'CLIENT_TRAFFIC_SECRET_0',
  serverApplication: 'SERVER_TRAFFIC_SECRET_0',
  exporter: 'EXPORTER_SECRET',
  tls12Master: 'CLIENT_RANDOM'
} as const

/** Hostile or huge inputs: a key log longer than this is read only this far. */
const MAX_LINES = 20_000
const LINE = /^([A-Z0-9_]{1,64})\s+([0-9a-fA-F]{64})\s+([0-9a-fA-F]{2,256})$/

/** client random (lowercase hex) → label → secret. Comments, blank and malformed lines are skipped; the last line for a label wins. */
export function parseKeylog(lines: readonly string[]): Map<string, Map<string, Uint8Array>> {
  const out = new Map<string, Map<string, Uint8Array>>()
  let seen = 0
  for (const chunk of lines) {
    for (const raw of chunk.split(/\r?\n/)) {
      if (++seen > MAX_LINES) return out
      const m = LINE.exec(raw.trim())
      if (!m || (m[3] as string).length % 2 !== 0) continue
      const random = (m[2] as string).toLowerCase()
      let secrets = out.get(random)
      if (!secrets) out.set(random, (secrets = new Map()))
      secrets.set(m[1] as string, parseHex(m[3] as string))
    }
  }
  return out
}
