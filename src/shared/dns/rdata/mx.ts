// MX (RFC 1035 §3.3.9): preference and mail exchanger, printed "10 mail.example.com.".
import { WirebenchError } from '../../errors'
import { fqdn } from '../names'
import type { RdataCodec } from './codec'

export const MX: RdataCodec = {
  type: 'MX',
  code: 15,
  explain: 'A mail exchanger for the name; lower preference is tried first (RFC 1035 §3.3.9, RFC 5321 §5.1).',
  decode(r, _length, ctx) {
    const start = r.pos
    const preference = r.u16('MX preference')
    ctx.span('Preference', start, 2, String(preference), 'Lower values are preferred (RFC 1035 §3.3.9)')
    const exchange = ctx.readName(r, 'Exchange')
    return { fields: { preference, exchange }, data: `${preference} ${exchange}` }
  },
  encode(fields, w, writeName) {
    w.u16(Number(fields.preference))
    writeName(w, String(fields.exchange))
  },
  parse(text) {
    const m = /^\s*(\d+)\s+(\S+)\s*$/.exec(text)
    if (!m || Number(m[1]) > 65535) throw new WirebenchError('INVALID_INPUT', `"${text}" is not MX data: "preference exchange", e.g. "10 mail.example.com."`)
    return { preference: Number(m[1]), exchange: fqdn(m[2] as string) }
  }
}
