// NS (RFC 1035 §3.3.11), and the factory for every type whose RDATA is one domain name (CNAME, DNAME, PTR).
import type { RdataCodec } from './codec'
import { fqdn } from '../names'

export function singleNameCodec(type: string, code: number, field: string, explain: string): RdataCodec {
  return {
    type,
    code,
    explain,
    decode(r, _length, ctx) {
      const name = ctx.readName(r, field)
      return { fields: { [field]: name }, data: name }
    },
    encode(fields, w, writeName) {
      writeName(w, String(fields[field]))
    },
    parse: (text) => ({ [field]: fqdn(text.trim()) })
  }
}

export const NS = singleNameCodec('NS', 2, 'nsdname', 'A name server authoritative for the zone (RFC 1035 §3.3.11).')
