// DS (RFC 4034 §5): the parent's digest of a child zone's key, the link that carries trust across a zone cut.
// CDS (RFC 7344 §3.1) has the same RDATA, published by the child for its parent, so both come from one factory.
import type { RdataCodec } from './codec'
import { WirebenchError } from '../../errors'
import { algorithmWords, digestInfo } from '../dnssec/algorithms'
import { hexText, hexToBytes, intField, words } from '../dnssec/presentation'
import { toHex } from '../../bytes'

export function makeDsCodec(type: 'DS' | 'CDS', code: number, explain: string): RdataCodec {
  return {
    type,
    code,
    explain,
    decode(r, length, ctx) {
      if (length < 4) throw new WirebenchError('DNS_MALFORMED', `${type} RDATA is at least 4 octets (RFC 4034 §5.1); this one has ${length}.`)
      const start = r.pos
      const keyTag = r.u16('key tag')
      const algorithm = r.u8('algorithm')
      const digestType = r.u8('digest type')
      const digest = r.take(r.remaining, 'digest')
      const d = digestInfo(digestType)
      ctx.span('Key tag', start, 2, String(keyTag), 'Names the DNSKEY this digest is of (RFC 4034 Appendix B); not unique.')
      ctx.span('Algorithm', start + 2, 1, algorithmWords(algorithm), 'The algorithm of the key the digest is of (RFC 8624 §3.1).')
      ctx.span('Digest type', start + 3, 1, `${digestType} (${d.name})`, 'RFC 4034 §5.1.3, RFC 4509, RFC 6605.')
      ctx.span('Digest', start + 4, digest.length, hexText(digest), 'Digest of the child owner name and DNSKEY RDATA (RFC 4034 §5.1.4).')
      // CDS 0 0 0 00 asks the parent to remove the DS set (RFC 8078 §4).
      return {
        fields: { keyTag, algorithm, digestType, digestTypeName: d.name, digest: toHex(digest, '') },
        data: `${keyTag} ${algorithm} ${digestType} ${hexText(digest)}`
      }
    },
    encode(fields, w) {
      w.u16(Number(fields.keyTag)).u8(Number(fields.algorithm)).u8(Number(fields.digestType)).bytes(hexToBytes(String(fields.digest)))
    },
    parse(text) {
      const w = words(text, 4, type)
      return {
        keyTag: intField(w[0], 65535, 'The key tag'),
        algorithm: intField(w[1], 255, 'The algorithm'),
        digestType: intField(w[2], 255, 'The digest type'),
        digest: toHex(hexToBytes(w.slice(3).join('')), '')
      }
    }
  }
}

export const DS_CODEC = makeDsCodec('DS', 43, 'DS: the parent zone vouches for a key of the child zone by its digest (RFC 4034 §5).')
