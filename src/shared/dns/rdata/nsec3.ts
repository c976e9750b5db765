// NSEC3 (RFC 5155 §3): NSEC over hashed owner names, so denial of existence does not list the zone's names. The
// owner's first label and the next hashed owner are SHA-1 hashes (iterated, salted) in Base32hex.
import type { RdataCodec } from './codec'
import { ByteReader } from '../../bytes'
import { WirebenchError } from '../../errors'
import { readTypeBitmap, typeCodes, typeName, writeTypeBitmap } from './type-bitmap'
import { fromBase32Hex, hexUpper, toBase32Hex, words } from '../dnssec/presentation'
import { parseHashParams, readHashParams, writeHashParams } from './nsec3-hash-params'
import { toHex } from '../../bytes'

export const NSEC3_HASH_WORDS: Record<number, string> = { 1: 'SHA-1' }

export const NSEC3_CODEC: RdataCodec = {
  type: 'NSEC3',
  code: 50,
  explain: 'NSEC3: hashed denial of existence; the hash of every name in the zone, in order, with the types at each (RFC 5155 §3).',
  decode(r, length, ctx) {
    if (length < 5) throw new WirebenchError('DNS_MALFORMED', `NSEC3 RDATA is at least 5 octets (RFC 5155 §3.2); this one has ${length}.`)
    const start = r.pos
    const { hashAlgorithm, flags, iterations, salt } = readHashParams(r)
    const saltLength = salt.length
    const hashLength = r.u8('hash length')
    const next = r.take(hashLength, 'next hashed owner name')
    const mapAt = r.pos
    const types = readTypeBitmap(new ByteReader(r.bytes, r.pos, r.end)).map(typeName)
    r.pos = r.end
    const optOut = (flags & 1) !== 0
    ctx.span('Hash algorithm', start, 1, `${hashAlgorithm} (${NSEC3_HASH_WORDS[hashAlgorithm] ?? 'unknown'})`, 'RFC 5155 §3.1.1.')
    ctx.span('Flags', start + 1, 1, `${flags}${optOut ? ' (Opt-Out)' : ''}`, 'Opt-Out: this NSEC3 may cover unsigned delegations (RFC 5155 §3.1.2.1, §6).')
    ctx.span('Iterations', start + 2, 2, String(iterations), 'Extra hash rounds; RFC 9276 §3.1 says 0.')
    ctx.span('Salt', start + 4, 1 + saltLength, saltLength ? hexUpper(salt) : '- (none)', 'RFC 9276 §3.1 says no salt.')
    ctx.span('Next hashed owner name', start + 5 + saltLength, 1 + hashLength, toBase32Hex(next), 'The next hash in the zone\'s order (RFC 5155 §3.1.7).')
    ctx.span('Type bit map', mapAt, r.end - mapAt, types.join(' ') || '(none)', 'The types at the original owner name (RFC 5155 §3.1.8).')
    const saltText = saltLength ? hexUpper(salt) : '-'
    return {
      fields: { hashAlgorithm, flags, optOut, iterations, salt: toHex(salt, ''), nextHashedOwner: toBase32Hex(next), types },
      data: [hashAlgorithm, flags, iterations, saltText, toBase32Hex(next), ...types].join(' ')
    }
  },
  encode(fields, w) {
    const next = fromBase32Hex(String(fields.nextHashedOwner))
    writeHashParams(w, fields)
    w.u8(next.length).bytes(next)
    writeTypeBitmap(w, typeCodes((fields.types as unknown[]) ?? []))
  },
  parse(text) {
    const w = words(text, 5, 'NSEC3')
    const params = parseHashParams(w)
    return {
      ...params,
      optOut: (params.flags & 1) !== 0,
      nextHashedOwner: w[4]!.toUpperCase(),
      types: w.slice(5).map((t) => t.toUpperCase())
    }
  }
}
