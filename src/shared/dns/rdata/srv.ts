// SRV (RFC 2782): where a service runs, printed "priority weight port target.".
import { WirebenchError } from '../../errors'
import { fqdn } from '../names'
import type { RdataCodec } from './codec'

export const SRV: RdataCodec = {
  type: 'SRV',
  code: 33,
  explain: 'Where a service runs: lowest priority first, weight shares the load, then port and host (RFC 2782).',
  decode(r, _length, ctx) {
    const start = r.pos
    const priority = r.u16('SRV priority')
    const weight = r.u16('SRV weight')
    const port = r.u16('SRV port')
    ctx.span('Priority', start, 2, String(priority), 'Clients use the lowest priority first (RFC 2782)')
    ctx.span('Weight', start + 2, 2, String(weight), 'Among equal priorities, share of the load (RFC 2782)')
    ctx.span('Port', start + 4, 2, String(port), 'The port the service listens on (RFC 2782)')
    const target = ctx.readName(r, 'Target')
    return { fields: { priority, weight, port, target }, data: `${priority} ${weight} ${port} ${target}` }
  },
  encode(fields, w, writeName) {
    w.u16(Number(fields.priority)).u16(Number(fields.weight)).u16(Number(fields.port))
    writeName(w, String(fields.target))
  },
  parse(text) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s*$/.exec(text)
    if (!m || [m[1], m[2], m[3]].some((x) => Number(x) > 65535)) throw new WirebenchError('INVALID_INPUT', `"${text}" is not SRV data: "priority weight port target", e.g. "10 5 443 host.example."`)
    return { priority: Number(m[1]), weight: Number(m[2]), port: Number(m[3]), target: fqdn(m[4] as string) }
  }
}
