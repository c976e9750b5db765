// TXT (RFC 1035 §3.3.14): one or more character-strings, each quoted exactly as dig prints them.
import { WirebenchError } from '../../errors'
import { parseHex, toHex } from '../../bytes'
import { parseCharacterStrings, quoteString } from '../presentation'
import type { RdataCodec } from './codec'

const UTF8 = new TextDecoder('utf-8', { fatal: false })

export const TXT: RdataCodec = {
  type: 'TXT',
  code: 16,
  explain: 'Free text strings of up to 255 bytes each (SPF, DMARC, site verification) (RFC 1035 §3.3.14).',
  decode(r, length, ctx) {
    const strings: string[] = []
    const raw: Uint8Array[] = []
    const end = r.pos + length
    let i = 0
    while (r.pos < end) {
      const start = r.pos
      const n = r.u8('TXT string length')
      const bytes = r.take(n, 'TXT string')
      raw.push(bytes)
      const q = quoteString(bytes)
      strings.push(UTF8.decode(bytes))
      ctx.span(`String ${++i}`, start, 1 + n, q, 'A length byte, then up to 255 bytes of text (RFC 1035 §3.3)')
    }
    if (raw.length === 0) throw new WirebenchError('DNS_MALFORMED', 'A TXT record needs at least one string (RFC 1035 §3.3.14).')
    // Fields stay JSON-friendly (they cross the contract): the text, and each string's exact bytes as hex.
    return { fields: { strings, hex: raw.map((b) => toHex(b, '')) }, data: raw.map(quoteString).join(' ') }
  },
  encode(fields, w) {
    const hex = fields.hex as string[] | undefined
    const raw = hex ? hex.map((h) => parseHex(h)) : (fields.strings as string[]).map((s) => new TextEncoder().encode(s))
    for (const b of raw) {
      if (b.length > 255) throw new WirebenchError('INVALID_INPUT', `A TXT string holds at most 255 bytes, this one ${b.length} (RFC 1035 §3.3).`)
      w.u8(b.length).bytes(b)
    }
  },
  parse(text) {
    const raw = parseCharacterStrings(text)
    return { strings: raw.map((b) => UTF8.decode(b)), hex: raw.map((b) => toHex(b, '')) }
  }
}
