// Building X.501 Names and GeneralNames for new certificates and CSRs from what a user types.
import { type Der, ia5, implicitConstructed, implicitPrimitive, oid, printable, seq, setOf, utf8 } from '../../shared/x509/der'
import { parseIP, parseIPRange } from '../../shared/x509/ip'
import { normalizeHost } from '../../shared/x509/names'
import { NAME_ATTRIBUTE_BY_SHORT } from '../../shared/x509/oids'
import { WirebenchError } from '../../shared/errors'
import type { GeneralName } from './types'

export interface SubjectFields {
  commonName?: string
  organization?: string
  organizationalUnit?: string
  country?: string
  state?: string
  locality?: string
  email?: string
}

/** A subject as fields, or as text in certificate order: "C=US, O=Example, CN=example.com" (\, escapes). */
export type SubjectInput = SubjectFields | string

const PRINTABLE_ATTRS = new Set(['2.5.4.6', '2.5.4.5', '2.5.4.46'])
const IA5_ATTRS = new Set(['1.2.840.113549.1.9.1', '0.9.2342.19200300.100.1.25'])

function attribute(type: string, value: string): Der {
  if (value.length === 0) throw new WirebenchError('INVALID_INPUT', `The ${type} in the subject is empty.`)
  if (value.length > 1024) throw new WirebenchError('INVALID_INPUT', `The ${type} in the subject is too long.`)
  if (type === '2.5.4.6' && !/^[A-Za-z]{2}$/.test(value)) {
    throw new WirebenchError('INVALID_INPUT', `The country must be a two-letter code such as "US", not "${value}".`)
  }
  const v = PRINTABLE_ATTRS.has(type) ? printable(value) : IA5_ATTRS.has(type) ? ia5(value) : utf8(value)
  return setOf(seq(oid(type), v))
}

function splitUnescaped(text: string, sep: string): string[] {
  const out: string[] = []
  let cur = ''
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string
    if (ch === '\\' && i + 1 < text.length) {
      cur += text[++i]
      continue
    }
    if (ch === sep) {
      out.push(cur)
      cur = ''
    } else cur += ch
  }
  out.push(cur)
  return out
}

export function parseSubjectText(text: string): [string, string][] {
  const trimmed = text.trim().replace(/^\//, '')
  // accept OpenSSL's "/C=US/O=x/CN=y" as well as "C=US, O=x, CN=y"
  const parts = text.trim().startsWith('/') ? splitUnescaped(trimmed, '/') : splitUnescaped(trimmed, ',')
  return parts
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const eq = p.indexOf('=')
      if (eq <= 0) throw new WirebenchError('INVALID_INPUT', `"${p}" in the subject is not of the form TYPE=value (for example CN=example.com).`)
      const key = p.slice(0, eq).trim()
      const type = /^\d+(\.\d+)+$/.test(key) ? key : NAME_ATTRIBUTE_BY_SHORT[key.toUpperCase()]
      if (!type) throw new WirebenchError('INVALID_INPUT', `Unknown subject attribute "${key}" (use CN, O, OU, C, ST, L, emailAddress or an OID).`)
      return [type, p.slice(eq + 1).trim()] as [string, string]
    })
}

export function buildName(subject: SubjectInput): Der {
  let pairs: [string, string][]
  if (typeof subject === 'string') pairs = parseSubjectText(subject)
  else {
    const order: [keyof SubjectFields, string][] = [
      ['country', '2.5.4.6'],
      ['state', '2.5.4.8'],
      ['locality', '2.5.4.7'],
      ['organization', '2.5.4.10'],
      ['organizationalUnit', '2.5.4.11'],
      ['commonName', '2.5.4.3'],
      ['email', '1.2.840.113549.1.9.1']
    ]
    pairs = order.flatMap(([k, type]) => (subject[k] ? [[type, subject[k] as string] as [string, string]] : []))
  }
  return seq(...pairs.map(([type, value]) => attribute(type, value)))
}

const DNS_RE = /^(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/

/**
 * Why text that is neither an IP, a URI nor an e-mail address cannot be a DNS name, in words a person can act on,
 * for the two mistakes the generic message hides: a space (several names typed without commas) and a dotted quad
 * that is not an IPv4 address ('300.1.1.1' would otherwise pass as a DNS name, since digits are legal in labels;
 * RFC 3696 §2: a top-level domain is never all-numeric).
 */
function dnsNameProblem(t: string): string | undefined {
  if (/\s/.test(t)) {
    return `"${t}" contains a space, and a name cannot: separate several names with commas or new lines.`
  }
  const labels = (t.endsWith('.') ? t.slice(0, -1) : t).split('.')
  if (labels.length === 4 && labels.every((l) => /^[0-9]+$/.test(l))) {
    const over = labels.find((l) => Number(l) > 255)
    const why = over ? `${over} is over 255` : 'its numbers are not written as an IPv4 address is'
    return `"${t}" looks like an IPv4 address but is not one (${why}), and it is not a DNS name either.`
  }
  if (labels.length > 1 && /^[0-9]+$/.test(labels[labels.length - 1]!)) {
    return `"${t}" ends in a numeric label, which no DNS name does (top-level domains are never all digits, RFC 3696 §2); check it for a mistyped IP address.`
  }
  return undefined
}

/** A SAN entry from text: IP literal, e-mail (has @), URI (has ://), otherwise a DNS name. */
export function generalNameFromText(text: string): GeneralName {
  const t = text.trim()
  if (parseIP(t)) return { type: 'ip', value: t }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) return { type: 'uri', value: t }
  if (t.includes('@')) return { type: 'email', value: t }
  const problem = dnsNameProblem(t)
  if (problem) throw new WirebenchError('INVALID_INPUT', problem)
  const host = normalizeHost(t)
  if (!DNS_RE.test(host) || host.length > 253) {
    throw new WirebenchError('INVALID_INPUT', `"${t}" is not a valid DNS name, IP address, e-mail address or URI.`)
  }
  return { type: 'dns', value: host }
}

/** GeneralName DER; in name constraints IPs are ranges ("10.0.0.0/8"). */
export function encodeGeneralName(name: GeneralName, constraint = false): Der {
  const enc = new TextEncoder()
  switch (name.type) {
    case 'dns':
      return implicitPrimitive(2, enc.encode(name.value))
    case 'email':
      return implicitPrimitive(1, enc.encode(name.value))
    case 'uri':
      return implicitPrimitive(6, enc.encode(name.value))
    case 'ip': {
      const bytes = constraint ? parseIPRange(name.value) : parseIP(name.value)
      if (!bytes) throw new WirebenchError('INVALID_INPUT', `"${name.value}" is not a valid IP ${constraint ? 'range' : 'address'}.`)
      return implicitPrimitive(7, bytes)
    }
    case 'directoryName':
      return implicitConstructed(4, buildName(name.value))
    case 'registeredId':
      return implicitPrimitive(8, oid(name.value).subarray(2))
    default:
      throw new WirebenchError('INVALID_INPUT', `Names of type ${name.type} cannot be encoded.`)
  }
}

export function encodeGeneralNames(names: GeneralName[], constraint = false): Der {
  return seq(...names.map((n) => encodeGeneralName(n, constraint)))
}
