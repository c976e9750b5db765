// CAA (RFC 8659): which certificate authorities may issue for a domain. dig prints `0 issue "letsencrypt.org"`;
// the fields add the issuer critical flag in words and the issuer and parameters of issue/issuewild values.
import type { RdataCodec } from './codec'
import { WirebenchError } from '../../errors'
import { escapeQuoted } from './svc-params'

const TAG_WORDS: Record<string, string> = {
  issue: 'CAs named here may issue certificates for this name and its subdomains (RFC 8659 §4.2).',
  issuewild: 'CAs named here may issue wildcard certificates; overrides issue for wildcards (RFC 8659 §4.3).',
  iodef: 'Where a CA reports a request that violates this policy (RFC 8659 §4.4).',
  issuemail: 'CAs named here may issue S/MIME certificates for addresses at this domain (RFC 9495 §3).',
  issuevmc: 'CAs named here may issue Verified Mark Certificates (BIMI).',
  contactemail: 'Who the CA may contact to validate domain control (CA/B Forum BR §3.2.2.4.13).',
  contactphone: 'A phone number the CA may call to validate domain control (CA/B Forum BR §3.2.2.4.16).'
}

/** Zone-file tokens: bare words or quoted strings, escapes (`\X`, `\DDD`) undone, as bytes (RFC 1035 §5.1). */
export function zoneTokens(text: string): number[][] {
  const out: number[][] = []
  const enc = new TextEncoder()
  let i = 0
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] as string)) i++
    if (i >= text.length) break
    const quoted = text[i] === '"'
    if (quoted) i++
    const bytes: number[] = []
    while (i < text.length && (quoted ? text[i] !== '"' : !/\s/.test(text[i] as string))) {
      if (text[i] === '\\') {
        const d = text.slice(i + 1, i + 4)
        if (/^[0-9]{3}$/.test(d)) {
          bytes.push(Number(d) & 0xff)
          i += 4
          continue
        }
        i++
      }
      bytes.push(...enc.encode(text[i] ?? ''))
      i++
    }
    if (quoted) {
      if (text[i] !== '"') throw new WirebenchError('INVALID_INPUT', 'A quoted string is missing its closing quote.')
      i++
    }
    out.push(bytes)
  }
  return out
}

const utf8 = (b: Uint8Array | number[]): string => new TextDecoder('utf-8', { fatal: false }).decode(Uint8Array.from(b))
const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')

/** issue/issuewild value: `ca.example; account=123` → issuer and parameters (RFC 8659 §4.2). */
function issuerValue(value: string): { issuer: string | null; parameters: Record<string, string> } {
  const [head, ...rest] = value.split(';')
  const parameters: Record<string, string> = {}
  for (const part of rest) {
    const eq = part.indexOf('=')
    if (eq > 0) parameters[part.slice(0, eq).trim()] = part.slice(eq + 1).trim()
  }
  const issuer = (head ?? '').trim()
  return { issuer: issuer === '' ? null : issuer, parameters }
}

export const CAA_CODEC: RdataCodec = {
  type: 'CAA',
  code: 257,
  explain: 'Which certificate authorities may issue certificates for this domain (RFC 8659).',
  decode(r, length, ctx) {
    const start = r.pos
    if (length < 2) throw new WirebenchError('DNS_MALFORMED', `CAA RDATA needs a flags octet and a tag length; it has ${length} octets (RFC 8659 §4.1).`)
    const flags = r.u8('flags')
    const tagLength = r.u8('tag length')
    if (tagLength > length - 2) throw new WirebenchError('DNS_MALFORMED', `The CAA tag claims ${tagLength} octets, only ${length - 2} remain (RFC 8659 §4.1).`)
    const tagBytes = r.take(tagLength, 'tag')
    const valueBytes = r.take(length - 2 - tagLength, 'value')
    const tag = utf8(tagBytes)
    const value = utf8(valueBytes)
    const critical = (flags & 0x80) !== 0
    const problems: string[] = []
    if (!/^[A-Za-z0-9]{1,15}$/.test(tag)) problems.push(`The tag must be 1 to 15 letters and digits (RFC 8659 §4.1); "${tag}" is not.`)
    if ((flags & 0x7f) !== 0) problems.push('Flag bits other than the issuer critical flag are reserved and should be zero (RFC 8659 §4.1).')
    if (critical && !(tag.toLowerCase() in TAG_WORDS)) problems.push(`A critical tag "${tag}" that a CA does not understand forbids all issuance (RFC 8659 §4.1).`)
    ctx.span(
      'Flags',
      start,
      1,
      critical ? `${flags} (issuer critical)` : String(flags),
      critical
        ? 'Issuer critical flag set (bit 0, value 128): a CA that does not understand this tag MUST NOT issue (RFC 8659 §4.1).'
        : 'No flags: a CA may ignore this property if it does not understand the tag (RFC 8659 §4.1).'
    )
    ctx.span('Tag length', start + 1, 1, String(tagLength), 'Length of the tag (1 to 15 octets, RFC 8659 §4.1).')
    ctx.span('Tag', start + 2, tagLength, tag, TAG_WORDS[tag.toLowerCase()] ?? 'A property tag this version does not know (RFC 8659 §4.1).')
    ctx.span('Value', start + 2 + tagLength, valueBytes.length, value, 'The property value; its syntax depends on the tag (RFC 8659 §4).')
    const fields: Record<string, unknown> = { flags, critical, tag, value, valueHex: hex(valueBytes), problems }
    if (/^issue(wild|mail)?$/i.test(tag)) Object.assign(fields, issuerValue(value))
    return { fields, data: `${flags} ${escapeQuoted(tagBytes)} "${escapeQuoted(valueBytes)}"` }
  },
  encode(fields, w) {
    const tag = new TextEncoder().encode(String(fields.tag))
    const value =
      typeof fields.valueHex === 'string'
        ? Uint8Array.from((fields.valueHex.match(/../g) ?? []).map((h) => parseInt(h, 16)))
        : new TextEncoder().encode(String(fields.value ?? ''))
    w.u8(Number(fields.flags)).u8(tag.length).bytes(tag).bytes(value)
  },
  parse(text) {
    const t = zoneTokens(text)
    if (t.length !== 3 || !/^\d+$/.test(utf8(t[0]!)) || Number(utf8(t[0]!)) > 255) {
      throw new WirebenchError('INVALID_INPUT', 'CAA is: flags tag "value", e.g. 0 issue "letsencrypt.org" (RFC 8659 §4.1.1).')
    }
    const flags = Number(utf8(t[0]!))
    const value = Uint8Array.from(t[2]!)
    return { flags, critical: (flags & 0x80) !== 0, tag: utf8(t[1]!), value: utf8(value), valueHex: hex(value) }
  }
}
