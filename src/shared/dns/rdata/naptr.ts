// NAPTR (RFC 3403 §4.1): rewrite rules for DDDS applications such as ENUM (E2U+sip) and SIP server discovery
// (S-NAPTR, RFC 3958). dig prints `100 10 "S" "SIP+D2U" "" _sip._udp.example.`.
import type { RdataCodec } from './codec'
import type { ByteReader } from '../../bytes'
import { WirebenchError } from '../../errors'
import { escapeQuoted } from './svc-params'
import { zoneTokens } from './caa'

const FLAG_WORDS: Record<string, string> = {
  S: 'S: the next lookup is for SRV records at the replacement (RFC 3958 §6.4).',
  A: 'A: the next lookup is for A/AAAA records at the replacement (RFC 3958 §6.4).',
  U: 'U: the regexp yields a URI and the process ends (RFC 3404 §4.3).',
  P: 'P: the rest is protocol-specific (RFC 3404 §4.3).',
  '': 'No flags: the process continues with another NAPTR lookup at the result (RFC 3403 §4.1).'
}

export const NAPTR_CODEC: RdataCodec = {
  type: 'NAPTR',
  code: 35,
  explain: 'A rewrite rule of a DDDS application: ENUM, SIP server discovery, S-NAPTR (RFC 3403).',
  decode(r, length, ctx) {
    const start = r.pos
    const end = start + length
    if (length < 7) throw new WirebenchError('DNS_MALFORMED', `NAPTR RDATA is at least 7 octets; this one has ${length} (RFC 3403 §4.1).`)
    const order = r.u16('order')
    const preference = r.u16('preference')
    ctx.span('Order', start, 2, String(order), 'Lower orders are processed first; later orders only if no earlier rule matched (RFC 3403 §4.1).')
    ctx.span('Preference', start + 2, 2, String(preference), 'Among rules of equal order, lower preference is tried first (RFC 3403 §4.1).')
    const strings: Uint8Array[] = []
    const names = ['Flags', 'Services', 'Regexp'] as const
    const words = [
      'How to continue: S, A, U or P (RFC 3403 §4.1).',
      'The service and protocol this rule leads to, e.g. SIP+D2U or E2U+sip (RFC 3403 §4.1).',
      'A substitution expression applied to the original string (RFC 3402 §3.2); empty when the replacement is used.'
    ]
    for (let i = 0; i < 3; i++) {
      const off = r.pos
      const s = readString(r, end, names[i] as string)
      strings.push(s)
      ctx.span(names[i] as string, off, 1 + s.length, `"${escapeQuoted(s)}"`, i === 0 ? (FLAG_WORDS[new TextDecoder().decode(s).toUpperCase()] ?? words[0]) : words[i])
    }
    const nameStart = r.pos
    const replacement = ctx.readName(r, 'replacement')
    ctx.span('Replacement', nameStart, r.pos - nameStart, replacement, 'The next name to look up when the regexp is empty; "." when the regexp is used (RFC 3403 §4.1).')
    const [flags, services, regexp] = strings.map((s) => new TextDecoder('utf-8', { fatal: false }).decode(s)) as [string, string, string]
    const problems: string[] = []
    if (regexp !== '' && replacement !== '.') problems.push('Regexp and replacement are both set; only one may be used (RFC 3403 §4.1).')
    if (!/^[A-Za-z0-9]*$/.test(flags)) problems.push('Flags are single letters and digits (RFC 3403 §4.1).')
    return {
      fields: { order, preference, flags, services, regexp, replacement, problems },
      data: `${order} ${preference} ${strings.map((s) => `"${escapeQuoted(s)}"`).join(' ')} ${replacement}`
    }
  },
  encode(fields, w, writeName) {
    w.u16(Number(fields.order)).u16(Number(fields.preference))
    for (const k of ['flags', 'services', 'regexp']) {
      const b = new TextEncoder().encode(String(fields[k] ?? ''))
      w.u8(b.length).bytes(b)
    }
    writeName(w, String(fields.replacement))
  },
  parse(text) {
    const t = zoneTokens(text).map((b) => new TextDecoder().decode(Uint8Array.from(b)))
    if (t.length !== 6 || !/^\d+$/.test(t[0]!) || !/^\d+$/.test(t[1]!)) {
      throw new WirebenchError('INVALID_INPUT', 'NAPTR is: order preference "flags" "services" "regexp" replacement (RFC 3403 §4.1).')
    }
    const replacement = t[5]!.endsWith('.') ? t[5]! : `${t[5]}.`
    return { order: Number(t[0]), preference: Number(t[1]), flags: t[2], services: t[3], regexp: t[4], replacement }
  }
}

function readString(r: ByteReader, end: number, what: string): Uint8Array {
  if (r.pos >= end) throw new WirebenchError('DNS_MALFORMED', `NAPTR ${what} is missing at byte ${r.pos} (RFC 3403 §4.1).`)
  const n = r.u8(what)
  if (r.pos + n > end) throw new WirebenchError('DNS_MALFORMED', `NAPTR ${what} claims ${n} octets past the end of the record (RFC 3403 §4.1).`)
  return r.take(n, what)
}
