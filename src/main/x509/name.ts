// X.501 Names: decoded for display (every RDN, OpenSSL's short names) and reduced to a canonical key for
// issuer/subject matching (RFC 5280 §7.1: case-insensitive, whitespace-folded comparison of string values).
import { type Asn1, Tag, bad, expect, isStringNode, readOid, readString, tagName, toHexUpper } from '../../shared/x509/asn1'
import { NAME_ATTRIBUTES } from '../../shared/x509/oids'
import type { DistinguishedName, NameAttribute } from './types'

export interface ParsedName {
  info: DistinguishedName
  /** Canonical form for comparisons; equal keys mean "the same name" for chain building. */
  key: string
  /** Canonical RDNs, for name-constraint prefix checks. */
  canonicalRdns: string[]
  der: Uint8Array
}

const STRING_TYPE_NAMES: Record<number, string> = {
  12: 'UTF8String',
  18: 'NumericString',
  19: 'PrintableString',
  20: 'T61String',
  22: 'IA5String',
  26: 'VisibleString',
  28: 'UniversalString',
  30: 'BMPString'
}

function canonicalValue(node: Asn1): string {
  if (!isStringNode(node)) return `#${toHexUpper(node.raw)}`
  return readString(node).trim().replace(/\s+/g, ' ').toLowerCase()
}

/** RFC 4514 escaping, as OpenSSL's RFC2253 output does it (without escaping UTF-8). */
export function escapeRfc4514(value: string): string {
  let out = value.replace(/[\\,+"<>;=]/g, (c) => `\\${c}`)
  out = out.replace(/[\x00-\x1f\x7f]/g, (c) => `\\${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
  if (out.startsWith('#') || out.startsWith(' ')) out = `\\${out}`
  if (out.endsWith(' ') && out.length > 1) out = `${out.slice(0, -1)}\\ `
  return out
}

export function parseName(node: Asn1, what = 'Name'): ParsedName {
  const rdnNodes = expect(node, Tag.sequence, what).children
  const rdns: NameAttribute[][] = []
  const canonicalRdns: string[] = []
  for (const rdnNode of rdnNodes) {
    const set = expect(rdnNode, Tag.set, `${what} RDN`).children
    const attrs: NameAttribute[] = []
    const canon: string[] = []
    for (const atv of set) {
      const [typeNode, valueNode] = expect(atv, Tag.sequence, `${what} attribute`).children
      const oid = readOid(typeNode, `${what} attribute type`)
      if (!valueNode) bad(`${what} attribute ${oid} has no value.`)
      const known = NAME_ATTRIBUTES[oid]
      const value = isStringNode(valueNode) ? readString(valueNode) : `#${toHexUpper(valueNode.raw)}`
      const attr: NameAttribute = {
        oid,
        shortName: known?.[0] ?? oid,
        value,
        valueType: STRING_TYPE_NAMES[valueNode.tag] && valueNode.cls === 0 ? (STRING_TYPE_NAMES[valueNode.tag] as string) : tagName(valueNode)
      }
      if (known) attr.longName = known[1]
      attrs.push(attr)
      canon.push(`${oid}=${canonicalValue(valueNode)}`)
    }
    if (attrs.length === 0) bad(`${what} has an empty RDN.`)
    rdns.push(attrs)
    canonicalRdns.push(canon.sort().join('\u0001'))
  }
  const text = rdns.map((rdn) => rdn.map((a) => `${a.shortName}=${a.value}`).join(' + ')).join(', ')
  const rfc4514 = [...rdns]
    .reverse()
    .map((rdn) => rdn.map((a) => `${a.shortName}=${a.value.startsWith('#') && !a.valueType.endsWith('String') ? a.value : escapeRfc4514(a.value)}`).join('+'))
    .join(',')
  const info: DistinguishedName = { rdns, text, rfc4514 }
  const cn = rdns.flat().find((a) => a.oid === '2.5.4.3')
  if (cn) info.commonName = cn.value
  return { info, key: canonicalRdns.join('\u0000'), canonicalRdns, der: node.raw }
}
