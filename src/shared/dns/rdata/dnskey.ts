// DNSKEY (RFC 4034 §2): a zone's public key; CDNSKEY (RFC 7344 §3.2) has the same RDATA, so both come from one
// factory. The key tag (Appendix B) is computed here too, since every DS and RRSIG names keys by it.
import type { RdataCodec } from './codec'
import { WirebenchError } from '../../errors'
import { algorithmWords, dnskeyFlagWords } from '../dnssec/algorithms'
import { keyTag, dnskeyRdata } from '../dnssec/key-tag'
import { base64Text, base64ToBytes, intField, words } from '../dnssec/presentation'
import { toBase64 } from '../../bytes'

export function makeDnskeyCodec(type: 'DNSKEY' | 'CDNSKEY', code: number, explain: string): RdataCodec {
  return {
    type,
    code,
    explain,
    decode(r, length, ctx) {
      if (length < 4) throw new WirebenchError('DNS_MALFORMED', `${type} RDATA is at least 4 octets (RFC 4034 §2.1); this one has ${length}.`)
      const start = r.pos
      const flags = r.u16('flags')
      const protocol = r.u8('protocol')
      const algorithm = r.u8('algorithm')
      const publicKey = r.take(r.remaining, 'public key')
      const tag = keyTag(dnskeyRdata(flags, protocol, algorithm, publicKey))
      ctx.span('Flags', start, 2, `${flags} — ${dnskeyFlagWords(flags)}`, 'ZONE (256) marks a zone key, SEP (1) a key-signing key by convention, REVOKE (128) a revoked key (RFC 4034 §2.1.1, RFC 5011 §7).')
      ctx.span('Protocol', start + 2, 1, protocol === 3 ? '3' : `${protocol} (must be 3)`, 'Always 3 (RFC 4034 §2.1.2); any other value makes the key unusable.')
      ctx.span('Algorithm', start + 3, 1, algorithmWords(algorithm), 'RFC 8624 §3.1.')
      ctx.span('Public key', start + 4, publicKey.length, `${publicKey.length} octets, key tag ${tag}`, 'The key in the algorithm\'s format (RFC 3110, RFC 5702, RFC 6605, RFC 8080).')
      return {
        fields: {
          flags,
          protocol,
          algorithm,
          publicKey: toBase64(publicKey),
          keyTag: tag,
          zoneKey: (flags & 0x100) !== 0,
          sep: (flags & 1) !== 0,
          revoked: (flags & 0x80) !== 0
        },
        data: `${flags} ${protocol} ${algorithm} ${base64Text(publicKey)}`
      }
    },
    encode(fields, w) {
      w.u16(Number(fields.flags)).u8(Number(fields.protocol)).u8(Number(fields.algorithm)).bytes(base64ToBytes(String(fields.publicKey)))
    },
    parse(text) {
      const w = words(text, 4, type)
      return {
        flags: intField(w[0], 65535, 'The flags'),
        protocol: intField(w[1], 255, 'The protocol'),
        algorithm: intField(w[2], 255, 'The algorithm'),
        publicKey: toBase64(base64ToBytes(w.slice(3).join('')))
      }
    }
  }
}

export const DNSKEY_CODEC = makeDnskeyCodec('DNSKEY', 48, 'DNSKEY: a public key of the zone that signs its records (RFC 4034 §2).')
