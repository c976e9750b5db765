// RRSIG (RFC 4034 §3): a signature over one RRset, naming the key that made it by tag, signer and algorithm, with
// the original TTL and the validity window the validator checks (dnssec/ and main/dns/dnssec.ts use these fields).
import type { RdataCodec } from './codec'
import { WirebenchError } from '../../errors'
import { algorithmWords } from '../dnssec/algorithms'
import { base64Text, base64ToBytes, formatSigTime, intField, parseSigTime, words } from '../dnssec/presentation'
import { typeCode, typeName } from './type-bitmap'
import { toBase64 } from '../../bytes'

export const RRSIG_CODEC: RdataCodec = {
  type: 'RRSIG',
  code: 46,
  explain: 'RRSIG: a signature over one RRset by a zone key, valid between inception and expiration (RFC 4034 §3).',
  decode(r, length, ctx) {
    if (length < 19) throw new WirebenchError('DNS_MALFORMED', `RRSIG RDATA is at least 19 octets (RFC 4034 §3.1); this one has ${length}.`)
    const start = r.pos
    const covered = r.u16('type covered')
    const algorithm = r.u8('algorithm')
    const labels = r.u8('labels')
    const originalTtl = r.u32('original TTL')
    const expiration = r.u32('signature expiration')
    const inception = r.u32('signature inception')
    const keyTag = r.u16('key tag')
    const signerAt = r.pos
    const signerName = ctx.readName(r, 'Signer name')
    const signerLength = r.pos - signerAt
    const signature = r.take(r.remaining, 'signature')
    const t = typeName(covered)
    ctx.span('Type covered', start, 2, t, 'The type of the RRset this signature covers (RFC 4034 §3.1.1).')
    ctx.span('Algorithm', start + 2, 1, algorithmWords(algorithm), 'RFC 8624 §3.1.')
    ctx.span('Labels', start + 3, 1, String(labels), 'Labels in the owner name without "*": fewer than the owner has means a wildcard expansion (RFC 4034 §3.1.3, RFC 4035 §5.3.2).')
    ctx.span('Original TTL', start + 4, 4, `${originalTtl} s`, 'The TTL as the zone has it; the signature covers this value, not the decremented one (RFC 4034 §3.1.4).')
    ctx.span('Signature expiration', start + 8, 4, `${formatSigTime(expiration)} UTC`, 'Not valid after this time (RFC 4034 §3.1.5).')
    ctx.span('Signature inception', start + 12, 4, `${formatSigTime(inception)} UTC`, 'Not valid before this time (RFC 4034 §3.1.5).')
    ctx.span('Key tag', start + 16, 2, String(keyTag), 'Which DNSKEY of the signer made this signature (RFC 4034 Appendix B).')
    ctx.span('Signer name', signerAt, signerLength, signerName, 'The zone whose key signed; it must be the zone the RRset is in (RFC 4035 §5.3.1).')
    ctx.span('Signature', r.pos - signature.length, signature.length, `${signature.length} octets`, 'RFC 3110 / 5702 (RSA), RFC 6605 (ECDSA r||s), RFC 8080 (EdDSA).')
    return {
      fields: { typeCovered: t, algorithm, labels, originalTtl, expiration, inception, keyTag, signerName, signature: toBase64(signature) },
      data: `${t} ${algorithm} ${labels} ${originalTtl} ${formatSigTime(expiration)} ${formatSigTime(inception)} ${keyTag} ${signerName} ${base64Text(signature)}`
    }
  },
  encode(fields, w, writeName) {
    const covered = typeof fields.typeCovered === 'number' ? fields.typeCovered : typeCode(String(fields.typeCovered))
    if (covered === undefined) throw new WirebenchError('DNS_BAD_TYPE', `"${String(fields.typeCovered)}" is not a record type.`)
    w.u16(covered).u8(Number(fields.algorithm)).u8(Number(fields.labels)).u32(Number(fields.originalTtl))
    w.u32(Number(fields.expiration)).u32(Number(fields.inception)).u16(Number(fields.keyTag))
    writeName(w, String(fields.signerName))
    w.bytes(base64ToBytes(String(fields.signature)))
  },
  parse(text) {
    const w = words(text, 9, 'RRSIG')
    if (typeCode(w[0]!) === undefined) throw new WirebenchError('DNS_BAD_TYPE', `"${w[0]}" is not a record type.`)
    return {
      typeCovered: w[0]!.toUpperCase(),
      algorithm: intField(w[1], 255, 'The algorithm'),
      labels: intField(w[2], 255, 'The label count'),
      originalTtl: intField(w[3], 0xffffffff, 'The original TTL'),
      expiration: parseSigTime(w[4]!),
      inception: parseSigTime(w[5]!),
      keyTag: intField(w[6], 65535, 'The key tag'),
      signerName: w[7]!.endsWith('.') ? w[7]! : `${w[7]}.`,
      signature: toBase64(base64ToBytes(w.slice(8).join('')))
    }
  }
}
