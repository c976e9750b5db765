// EDNS options (RFC 6891 §6.1.2) read into words — NSID, COOKIE, Extended DNS Errors, Client Subnet, Padding,
// keepalive — and the options a query sends, built from EdnsQueryOptions.
import { toHex } from '../bytes'
import { WirebenchError } from '../errors'
import { addressFromBytes, addressToBytes, parseAddress } from '../ip/address'
import { formatAddress } from '../ip/format'
import type { EdnsOption, EdnsQueryOptions } from './model'

export const OPTION_CODES: Record<number, { name: string; words: string }> = {
  3: { name: 'NSID', words: 'Name server identifier: which server of an anycast set answered (RFC 5001).' },
  5: { name: 'DAU', words: 'DNSSEC algorithms the client understands (RFC 6975).' },
  6: { name: 'DHU', words: 'DS hash algorithms the client understands (RFC 6975).' },
  7: { name: 'N3U', words: 'NSEC3 hash algorithms the client understands (RFC 6975).' },
  8: { name: 'ECS', words: 'EDNS Client Subnet: the part of the client address a resolver passes on (RFC 7871 §6).' },
  9: { name: 'EXPIRE', words: 'The zone expire timer of the answering secondary (RFC 7314).' },
  10: { name: 'COOKIE', words: 'DNS cookies: a client and a server cookie against spoofing and amplification (RFC 7873 §4).' },
  11: { name: 'KEEPALIVE', words: 'How long the server keeps an idle TCP connection open (RFC 7828).' },
  12: { name: 'Padding', words: 'Zero bytes that hide the message length from an observer of encrypted DNS (RFC 7830).' },
  13: { name: 'CHAIN', words: 'Ask for the whole DNSSEC chain in one answer (RFC 7901).' },
  14: { name: 'KEY-TAG', words: 'Trust anchor key tags the resolver uses (RFC 8145).' },
  15: { name: 'EDE', words: 'Extended DNS Error: why the answer is what it is (RFC 8914 §4).' },
  18: { name: 'REPORT-CHANNEL', words: 'Where to report errors for this zone (RFC 9567).' },
  19: { name: 'ZONEVERSION', words: 'The version of the zone the answer came from (RFC 9660).' }
}

/** IANA "Extended DNS Error Codes" (RFC 8914 §4 and later registrations). */
export const EDE_CODES: Record<number, string> = {
  0: 'Other Error',
  1: 'Unsupported DNSKEY Algorithm',
  2: 'Unsupported DS Digest Type',
  3: 'Stale Answer',
  4: 'Forged Answer',
  5: 'DNSSEC Indeterminate',
  6: 'DNSSEC Bogus',
  7: 'Signature Expired',
  8: 'Signature Not Yet Valid',
  9: 'DNSKEY Missing',
  10: 'RRSIGs Missing',
  11: 'No Zone Key Bit Set',
  12: 'NSEC Missing',
  13: 'Cached Error',
  14: 'Not Ready',
  15: 'Blocked',
  16: 'Censored',
  17: 'Filtered',
  18: 'Prohibited',
  19: 'Stale NXDomain Answer',
  20: 'Not Authoritative',
  21: 'Not Supported',
  22: 'No Reachable Authority',
  23: 'Network Error',
  24: 'Invalid Data',
  25: 'Signature Expired before Valid',
  26: 'Too Early',
  27: 'Unsupported NSEC3 Iterations Value',
  28: 'Unable to conform to policy',
  29: 'Synthesized',
  30: 'Invalid Query Type',
  31: 'Rate Limited',
  32: 'Over Quota',
  33: 'Negative Trust Anchor',
  34: 'New Delegation Only',
  35: 'Blocked by Upstream DNS Server'
}

export const optionName = (code: number): string => OPTION_CODES[code]?.name ?? `OPT${code}`

const hex = (b: Uint8Array): string => toHex(b, '')
const utf8 = (b: Uint8Array): string => new TextDecoder('utf-8', { fatal: false }).decode(b)
const printable = (s: string): string => s.replace(/[\x00-\x1f\x7f]/g, '.')

/** One option's bytes in words; malformed content is said, never thrown. */
export function decodeOption(code: number, data: Uint8Array): EdnsOption {
  const name = optionName(code)
  const o = (text: string, fields: Record<string, unknown> = {}): EdnsOption => ({ code, name, data: text, fields: { hex: hex(data), ...fields } })
  switch (code) {
    case 3: {
      if (data.length === 0) return o('(asked for, empty)')
      const text = printable(utf8(data))
      return o(`${text} (${hex(data)})`, { text })
    }
    case 10: {
      if (data.length < 8) return o(`malformed: a client cookie is 8 bytes, this option has ${data.length} (RFC 7873 §4)`)
      const client = hex(data.subarray(0, 8))
      const server = data.length > 8 ? hex(data.subarray(8)) : null
      const odd = data.length > 8 && (data.length < 16 || data.length > 40) ? ` — a server cookie is 8 to 32 bytes, this one ${data.length - 8} (RFC 7873 §4)` : ''
      return o(server ? `client ${client}, server ${server}${odd}` : `client ${client} (no server cookie)`, { client, server })
    }
    case 15: {
      if (data.length < 2) return o('malformed: an Extended DNS Error starts with a 2-byte INFO-CODE (RFC 8914 §2)')
      const info = (data[0]! << 8) | data[1]!
      const words = EDE_CODES[info] ?? 'unassigned code'
      const extra = data.length > 2 ? printable(utf8(data.subarray(2))) : ''
      return o(`${info} ${words}${extra ? `: ${extra}` : ''}`, { infoCode: info, words, extraText: extra })
    }
    case 8: {
      if (data.length < 4) return o(`malformed: Client Subnet needs at least 4 bytes, this option has ${data.length} (RFC 7871 §6)`)
      const family = (data[0]! << 8) | data[1]!
      const source = data[2]!
      const scope = data[3]!
      const size = family === 1 ? 4 : family === 2 ? 16 : 0
      if (!size || data.length - 4 > size) return o(`family ${family}, source /${source}, scope /${scope}, address ${hex(data.subarray(4))}`, { family, source, scope })
      const full = new Uint8Array(size)
      full.set(data.subarray(4))
      const p = addressFromBytes(full)
      const address = p.ok ? formatAddress(p.value) : hex(data.subarray(4))
      return o(`${address}/${source}/${scope}`, { family, source, scope, address })
    }
    case 11: {
      if (data.length === 0) return o('(asked for)')
      if (data.length !== 2) return o(`malformed: the timeout is 2 bytes, this option has ${data.length} (RFC 7828 §3.1)`)
      const timeout = (data[0]! << 8) | data[1]!
      return o(`idle timeout ${(timeout / 10).toFixed(1)} s`, { timeout })
    }
    case 12: {
      const zeros = data.every((b) => b === 0)
      return o(`${data.length} bytes${zeros ? '' : ' (not all zero, RFC 7830 §3 wants zeros)'}`, { length: data.length })
    }
    default:
      return o(data.length ? hex(data) : '(empty)')
  }
}

export interface RawOption {
  code: number
  data: Uint8Array
}

function randomBytes(n: number): Uint8Array {
  const out = new Uint8Array(n)
  globalThis.crypto.getRandomValues(out)
  return out
}

/** "192.0.2.0/24" → the ECS option data, address truncated to the prefix (RFC 7871 §6). */
export function clientSubnetOption(text: string): Uint8Array {
  const [addr = '', prefixText] = text.trim().split('/')
  const parsed = parseAddress(addr)
  if (!parsed.ok) throw new WirebenchError('INVALID_ADDRESS', `Client subnet "${text}": ${parsed.error}.`)
  const v4 = parsed.value.version === 4
  const max = v4 ? 32 : 128
  const prefix = prefixText === undefined ? (v4 ? 24 : 56) : Number(prefixText)
  if (!/^\d*$/.test(prefixText ?? '') || !Number.isInteger(prefix) || prefix < 0 || prefix > max) {
    throw new WirebenchError('INVALID_ADDRESS', `Client subnet "${text}": the prefix length must be 0 to ${max}.`)
  }
  const all = addressToBytes(parsed.value)
  const bytes = all.slice(0, Math.ceil(prefix / 8))
  if (prefix % 8 && bytes.length) bytes[bytes.length - 1]! &= (0xff << (8 - (prefix % 8))) & 0xff
  const out = new Uint8Array(4 + bytes.length)
  out[1] = v4 ? 1 : 2
  out[2] = prefix
  out.set(bytes, 4)
  return out
}

/** The options a query carries, padding excluded (it depends on the final size, see query-encode.ts). */
export function queryOptions(edns: EdnsQueryOptions, random: (n: number) => Uint8Array = randomBytes): RawOption[] {
  const out: RawOption[] = []
  if (edns.nsid) out.push({ code: 3, data: new Uint8Array(0) })
  if (edns.clientSubnet) out.push({ code: 8, data: clientSubnetOption(edns.clientSubnet) })
  if (edns.cookie) {
    let data: Uint8Array
    if (typeof edns.cookie === 'string') {
      const h = edns.cookie.replace(/\s/g, '')
      if (!/^[0-9a-fA-F]*$/.test(h) || !(h.length === 16 || (h.length >= 32 && h.length <= 80 && h.length % 2 === 0))) {
        throw new WirebenchError('INVALID_INPUT', 'A DNS cookie is 8 bytes of client cookie in hex (16 digits), optionally followed by an 8–32 byte server cookie (RFC 7873 §4).')
      }
      data = Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16))
    } else data = random(8).slice(0, 8)
    out.push({ code: 10, data })
  }
  return out
}
