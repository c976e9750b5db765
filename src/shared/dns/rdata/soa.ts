// SOA (RFC 1035 §3.3.13): the zone's primary server, contact mailbox, serial and timers, printed as dig does.
import { WirebenchError } from '../../errors'
import { fqdn } from '../names'
import { ttlWords } from '../presentation'
import type { RdataCodec } from './codec'

const NUMBERS = [
  ['serial', 'Serial', 'Version of the zone; secondaries transfer when it grows (RFC 1982 arithmetic)'],
  ['refresh', 'Refresh', 'How often secondaries check the serial'],
  ['retry', 'Retry', 'How soon secondaries retry after a failed refresh'],
  ['expire', 'Expire', 'When secondaries stop answering without a refresh'],
  ['minimum', 'Minimum', 'TTL for negative answers (RFC 2308 §4)']
] as const

export const SOA: RdataCodec = {
  type: 'SOA',
  code: 6,
  explain: "Start of authority: the zone's primary server, contact, serial and timers (RFC 1035 §3.3.13).",
  decode(r, _length, ctx) {
    const mname = ctx.readName(r, 'Primary server (MNAME)')
    const rname = ctx.readName(r, 'Contact mailbox (RNAME)')
    const fields: Record<string, unknown> = { mname, rname }
    for (const [key, label, words] of NUMBERS) {
      const start = r.pos
      const v = r.u32(`SOA ${key}`)
      fields[key] = v
      ctx.span(label, start, 4, key === 'serial' ? String(v) : ttlWords(v), `${words} (RFC 1035 §3.3.13)`)
    }
    return { fields, data: [mname, rname, ...NUMBERS.map(([k]) => fields[k])].join(' ') }
  },
  encode(fields, w, writeName) {
    writeName(w, String(fields.mname))
    writeName(w, String(fields.rname))
    for (const [key] of NUMBERS) w.u32(Number(fields[key]))
  },
  parse(text) {
    const p = text.trim().split(/\s+/)
    if (p.length !== 7 || p.slice(2).some((x) => !/^\d+$/.test(x) || Number(x) > 0xffffffff)) {
      throw new WirebenchError('INVALID_INPUT', `"${text}" is not SOA data: "mname rname serial refresh retry expire minimum".`)
    }
    const fields: Record<string, unknown> = { mname: fqdn(p[0] as string), rname: fqdn(p[1] as string) }
    NUMBERS.forEach(([k], i) => (fields[k] = Number(p[i + 2])))
    return fields
  }
}
