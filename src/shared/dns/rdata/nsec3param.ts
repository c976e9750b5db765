// NSEC3PARAM (RFC 5155 §4): at the apex, the hash parameters the zone's NSEC3 records use, so a secondary or a
// validator knows how names are hashed.
import type { RdataCodec } from './codec'
import { WirebenchError } from '../../errors'
import { hexUpper, words } from '../dnssec/presentation'
import { parseHashParams, readHashParams, writeHashParams } from './nsec3-hash-params'
import { toHex } from '../../bytes'

export const NSEC3PARAM_CODEC: RdataCodec = {
  type: 'NSEC3PARAM',
  code: 51,
  explain: 'NSEC3PARAM: the hash algorithm, iterations and salt of this zone\'s NSEC3 chain (RFC 5155 §4).',
  decode(r, length, ctx) {
    if (length < 5) throw new WirebenchError('DNS_MALFORMED', `NSEC3PARAM RDATA is at least 5 octets (RFC 5155 §4.2); this one has ${length}.`)
    const start = r.pos
    const { hashAlgorithm, flags, iterations, salt } = readHashParams(r)
    const saltLength = salt.length
    ctx.span('Hash algorithm', start, 1, `${hashAlgorithm}${hashAlgorithm === 1 ? ' (SHA-1)' : ''}`, 'RFC 5155 §4.1.1.')
    ctx.span('Flags', start + 1, 1, String(flags), 'Must be 0 here; Opt-Out is only set in NSEC3 (RFC 5155 §4.1.2).')
    ctx.span('Iterations', start + 2, 2, String(iterations), 'RFC 9276 §3.1 says 0.')
    ctx.span('Salt', start + 4, 1 + saltLength, saltLength ? hexUpper(salt) : '- (none)', 'RFC 9276 §3.1 says no salt.')
    return {
      fields: { hashAlgorithm, flags, iterations, salt: toHex(salt, '') },
      data: `${hashAlgorithm} ${flags} ${iterations} ${saltLength ? hexUpper(salt) : '-'}`
    }
  },
  encode(fields, w) {
    writeHashParams(w, fields)
  },
  parse(text) {
    return parseHashParams(words(text, 4, 'NSEC3PARAM'))
  }
}
