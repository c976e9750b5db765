// NSEC (RFC 4034 §4): the next owner name in the zone's canonical order and the types at this name, which proves
// by the gap between the two names that nothing exists there (authenticated denial, RFC 4035 §5.4).
import type { RdataCodec } from './codec'
import { ByteReader } from '../../bytes'
import { readTypeBitmap, typeCodes, typeName, writeTypeBitmap } from './type-bitmap'
import { words } from '../dnssec/presentation'

export const NSEC_CODEC: RdataCodec = {
  type: 'NSEC',
  code: 47,
  explain: 'NSEC: the next name in the zone and the types at this one; nothing exists in between (RFC 4034 §4, RFC 4035 §5.4).',
  decode(r, _length, ctx) {
    const start = r.pos
    const nextDomainName = ctx.readName(r, 'Next domain name')
    ctx.span('Next domain name', start, r.pos - start, nextDomainName, 'The next owner name in canonical order (RFC 4034 §6.1); the last NSEC points back to the apex.')
    const mapAt = r.pos
    const types = readTypeBitmap(new ByteReader(r.bytes, r.pos, r.end)).map(typeName)
    ctx.span('Type bit map', mapAt, r.end - mapAt, types.join(' ') || '(none)', 'The types that exist at the owner name (RFC 4034 §4.1.2).')
    r.pos = r.end
    return { fields: { nextDomainName, types }, data: [nextDomainName, ...types].join(' ') }
  },
  encode(fields, w, writeName) {
    // RFC 6840 §5.1: the next name is not lower-cased in canonical form; the writer decides from options.
    writeName(w, String(fields.nextDomainName))
    writeTypeBitmap(w, typeCodes((fields.types as unknown[]) ?? []))
  },
  parse(text) {
    const w = words(text, 1, 'NSEC')
    return { nextDomainName: w[0]!.endsWith('.') ? w[0]! : `${w[0]}.`, types: w.slice(1).map((t) => t.toUpperCase()) }
  }
}
