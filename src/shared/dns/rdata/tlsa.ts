// TLSA (RFC 6698 §2): DANE — which certificate or key a TLS server at _port._proto.name must present, as dig prints
// it (`3 1 1 0D6F…`, hex upper-case in 56-digit groups), with usage, selector and matching type in words (RFC 7218).
import type { RdataCodec } from './codec'
import { WirebenchError } from '../../errors'
import { parseHex } from '../../bytes'

/** Hex as dig prints long binary fields on one line: upper-case, groups of 56 digits separated by a space. */
export function digHex(bytes: Uint8Array): string {
  const h = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase()
  const groups: string[] = []
  for (let i = 0; i < h.length; i += 56) groups.push(h.slice(i, i + 56))
  return groups.join(' ')
}

const USAGE: Record<number, string> = {
  0: 'PKIX-TA: a CA in the chain, which must also pass normal PKIX validation',
  1: 'PKIX-EE: the server certificate, which must also pass normal PKIX validation',
  2: 'DANE-TA: a trust anchor for this service, no public CA needed',
  3: 'DANE-EE: exactly this server certificate or key, no CA needed'
}
const SELECTOR: Record<number, string> = { 0: 'Cert: the whole certificate', 1: 'SPKI: the public key only' }
const MATCHING: Record<number, string> = { 0: 'Full: the data itself', 1: 'SHA2-256', 2: 'SHA2-512' }
const DIGEST_LENGTH: Record<number, number> = { 1: 32, 2: 64 }

const word = (table: Record<number, string>, v: number): string => table[v] ?? 'unassigned'

export const TLSA_CODEC: RdataCodec = {
  type: 'TLSA',
  code: 52,
  explain: 'DANE: the certificate or key a TLS server on this port must present (RFC 6698).',
  decode(r, length, ctx) {
    const start = r.pos
    if (length < 3) throw new WirebenchError('DNS_MALFORMED', `TLSA RDATA is at least 3 octets; this one has ${length} (RFC 6698 §2.1).`)
    const usage = r.u8('usage')
    const selector = r.u8('selector')
    const matchingType = r.u8('matching type')
    const data = r.take(length - 3, 'certificate association data')
    ctx.span('Certificate usage', start, 1, `${usage} (${word(USAGE, usage).split(':')[0]})`, `${word(USAGE, usage)} (RFC 6698 §2.1.1, RFC 7218).`)
    ctx.span('Selector', start + 1, 1, `${selector} (${word(SELECTOR, selector).split(':')[0]})`, `${word(SELECTOR, selector)} (RFC 6698 §2.1.2).`)
    ctx.span('Matching type', start + 2, 1, `${matchingType} (${word(MATCHING, matchingType).split(':')[0]})`, `${word(MATCHING, matchingType)} (RFC 6698 §2.1.3).`)
    ctx.span('Certificate association data', start + 3, data.length, digHex(data), 'Compared with the selected part of the server certificate (RFC 6698 §2.1.4).')
    const problems: string[] = []
    const want = DIGEST_LENGTH[matchingType]
    if (want !== undefined && data.length !== want) problems.push(`A ${word(MATCHING, matchingType)} digest is ${want} octets; this one has ${data.length} (RFC 6698 §2.1.3).`)
    if (data.length === 0) problems.push('The certificate association data is empty (RFC 6698 §2.1.4).')
    return {
      fields: {
        usage,
        usageName: word(USAGE, usage).split(':')[0],
        selector,
        selectorName: word(SELECTOR, selector).split(':')[0],
        matchingType,
        matchingTypeName: word(MATCHING, matchingType).split(':')[0],
        data: digHex(data).replace(/ /g, ''),
        problems
      },
      data: `${usage} ${selector} ${matchingType} ${digHex(data)}`
    }
  },
  encode(fields, w) {
    w.u8(Number(fields.usage)).u8(Number(fields.selector)).u8(Number(fields.matchingType)).bytes(parseHex(String(fields.data ?? '')))
  },
  parse(text) {
    const [u, s, m, ...rest] = text.trim().split(/\s+/)
    if (![u, s, m].every((x) => x !== undefined && /^\d{1,3}$/.test(x))) {
      throw new WirebenchError('INVALID_INPUT', 'TLSA is: usage selector matching-type hex, e.g. 3 1 1 0D6F… (RFC 6698 §2.2).')
    }
    return { usage: Number(u), selector: Number(s), matchingType: Number(m), data: rest.join('').toUpperCase() }
  }
}
