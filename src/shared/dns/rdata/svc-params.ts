// SvcParams of SVCB and HTTPS (RFC 9460 §2.1, §7, §8; dohpath RFC 9461; ohttp RFC 9540): each key's value read
// from the wire into words and dig's presentation text, and zone-file text back to wire bytes. dig 9.18 names keys
// 0–6 only and prints the others (dohpath, ohttp included) as keyNNNNN="…", so the presentation text does the same.
import { fromBase64, toBase64 } from '../../bytes'
import { WirebenchError } from '../../errors'
import { addressFromBytes, addressToBytes, parseAddress } from '../../ip/address'
import { formatAddress } from '../../ip/format'
import { readEchConfigList, type EchConfig } from './ech-config'

/** The IANA "Service Parameter Keys (SvcParamKeys)" registry names (RFC 9460 §14.3.2). */
export const SVC_PARAM_NAMES: Record<number, string> = {
  0: 'mandatory',
  1: 'alpn',
  2: 'no-default-alpn',
  3: 'port',
  4: 'ipv4hint',
  5: 'ech',
  6: 'ipv6hint',
  7: 'dohpath',
  8: 'ohttp'
}

export const SVC_PARAM_EXPLAIN: Record<number, string> = {
  0: 'Keys a client must understand to use this record; a client that does not know one skips the record (RFC 9460 §8).',
  1: 'Application protocols (ALPN IDs) the endpoint supports, in preference order (RFC 9460 §7.1).',
  2: 'The default protocol (http/1.1 for HTTPS) is NOT supported: only the alpn list is (RFC 9460 §7.1.1).',
  3: 'The TCP or UDP port to connect to instead of the default (RFC 9460 §7.2).',
  4: 'IPv4 addresses the client may use before its A lookup returns (RFC 9460 §7.3).',
  5: 'Encrypted ClientHello configuration (an ECHConfigList, base64 in text) that hides the server name from the network (draft-ietf-tls-svcb-ech, draft-ietf-tls-esni §4).',
  6: 'IPv6 addresses the client may use before its AAAA lookup returns (RFC 9460 §7.3).',
  7: 'DNS over HTTPS URI template path, relative to the target (RFC 9461 §5); dig 9.18 prints it as key7.',
  8: 'The service offers Oblivious HTTP through a gateway (RFC 9540 §4); dig 9.18 prints it as key8.'
}

/** The name dig 9.18 prints for a key. */
export const digKeyName = (key: number): string => (key <= 6 ? (SVC_PARAM_NAMES[key] as string) : `key${key}`)
/** The registered name, or keyNNNNN (RFC 9460 §2.1). */
export const svcKeyName = (key: number): string => SVC_PARAM_NAMES[key] ?? `key${key}`

export interface SvcParam {
  key: number
  /** Registered name ("alpn", "dohpath") or keyNNNNN. */
  name: string
  /** Decoded: string[] (alpn, mandatory, hints), number (port), string (ech base64, dohpath), null (empty). */
  value: unknown
  /** As dig prints it: `alpn="h2,h3"`, `no-default-alpn`, `key65000="x"`. */
  text: string
  /** Wire bytes of the value, lower-case hex (what encode writes back). */
  raw: string
  /** What a strict client would reject in this value (RFC section cited); empty when fine. */
  problems: string[]
  /** ech only: the ECHConfigList read into its configs (public name, HPKE suites), when it parses. */
  ech?: EchConfig[]
}

/** Bytes inside a quoted string as dig prints them: `"` and `\` escaped, others outside 0x20–0x7e as \DDD. */
export function escapeQuoted(bytes: Iterable<number>): string {
  let s = ''
  for (const b of bytes) {
    if (b === 0x22 || b === 0x5c) s += '\\' + String.fromCharCode(b)
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b)
    else s += '\\' + String(b).padStart(3, '0')
  }
  return s
}

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')

/** Reads one value; a value that is not what its key needs is shown in the generic form with the problem said. */
export function decodeSvcParam(key: number, value: Uint8Array): SvcParam {
  const name = svcKeyName(key)
  const problems: string[] = []
  const generic = (): string => (value.length === 0 ? digKeyName(key) : `${digKeyName(key)}="${escapeQuoted(value)}"`)
  const done = (decoded: unknown, text: string): SvcParam => ({ key, name, value: decoded, text, raw: hex(value), problems })
  const bad = (why: string): SvcParam => {
    problems.push(why)
    return done(null, generic())
  }
  if (value.length === 0 && key !== 2 && key !== 8 && key < 7) {
    return bad(`${name} needs a value; this one is empty (RFC 9460 §${key === 0 ? '8' : '7'}).`)
  }
  switch (key) {
    case 0: {
      if (value.length % 2 !== 0) return bad(`mandatory is a list of 2-octet keys; ${value.length} octets is not (RFC 9460 §8).`)
      const keys: number[] = []
      for (let i = 0; i < value.length; i += 2) keys.push(((value[i] as number) << 8) | (value[i + 1] as number))
      if (keys.includes(0)) problems.push('mandatory lists itself; it MUST NOT (RFC 9460 §8).')
      for (let i = 1; i < keys.length; i++) {
        if ((keys[i] as number) <= (keys[i - 1] as number)) {
          problems.push('mandatory keys must be in strictly increasing order, without repeats (RFC 9460 §8).')
          break
        }
      }
      return done(keys.map(svcKeyName), `mandatory=${keys.map(digKeyName).join(',')}`)
    }
    case 1: {
      const ids: Uint8Array[] = []
      for (let i = 0; i < value.length; ) {
        const n = value[i] as number
        if (n === 0) return bad('An ALPN ID is empty; each needs 1 to 255 octets (RFC 9460 §7.1.1).')
        if (i + 1 + n > value.length) return bad(`An ALPN ID claims ${n} octets past the end of the value (RFC 9460 §7.1.1).`)
        ids.push(value.subarray(i + 1, i + 1 + n))
        i += 1 + n
      }
      // Two layers of escaping (RFC 9460 Appendix A.1): `,` and `\` inside an ID, then the quoted string's own.
      const listed = ids.map((id) => escapeQuoted(Array.from(id).flatMap((b) => (b === 0x2c || b === 0x5c ? [0x5c, b] : [b]))))
      return done(ids.map((id) => new TextDecoder().decode(id)), `alpn="${listed.join(',')}"`)
    }
    case 2:
      if (value.length !== 0) return bad('no-default-alpn has no value; this one has one (RFC 9460 §7.1.1).')
      return done(null, 'no-default-alpn')
    case 3:
      if (value.length !== 2) return bad(`port is 2 octets; this one is ${value.length} (RFC 9460 §7.2).`)
      return done(((value[0] as number) << 8) | (value[1] as number), `port=${((value[0] as number) << 8) | (value[1] as number)}`)
    case 4:
    case 6: {
      const size = key === 4 ? 4 : 16
      if (value.length % size !== 0) return bad(`${name} is a list of ${size}-octet addresses; ${value.length} octets is not (RFC 9460 §7.3).`)
      const list: string[] = []
      for (let i = 0; i < value.length; i += size) {
        const a = addressFromBytes(value.subarray(i, i + size))
        if (a.ok) list.push(formatAddress(a.value))
      }
      return done(list, `${name}=${list.join(',')}`)
    }
    case 5: {
      const param = done(toBase64(value), `ech=${toBase64(value)}`)
      try {
        param.ech = readEchConfigList(value)
        if (!param.ech.some((c) => c.version === 0xfe0d)) problems.push('The ECHConfigList has no config of the version clients support (0xfe0d, draft-ietf-tls-esni §4).')
      } catch (e) {
        problems.push(`The ECHConfigList does not parse: ${e instanceof Error ? e.message : String(e)} (draft-ietf-tls-esni §4).`)
      }
      return param
    }
    case 7: {
      const path = new TextDecoder('utf-8', { fatal: false }).decode(value)
      if (!path.startsWith('/')) problems.push('dohpath must be a relative URI template starting with "/" (RFC 9461 §5).')
      if (!/\{\?(?:[^}]*,)?dns(?:,[^}]*)?\}/.test(path)) problems.push('dohpath must contain the "dns" variable, e.g. /dns-query{?dns} (RFC 9461 §5).')
      return done(path, generic())
    }
    case 8:
      if (value.length !== 0) problems.push('ohttp has no value; this one has one (RFC 9540 §4).')
      return done(null, generic())
    default:
      return done(value.length === 0 ? null : new TextDecoder('utf-8', { fatal: false }).decode(value), generic())
  }
}

/** What a strict client would reject about the whole set of params (RFC 9460 §2.2, §2.4, §7.1.1, §8). */
export function checkSvcParams(priority: number, params: readonly SvcParam[]): string[] {
  const problems: string[] = []
  if (priority === 0 && params.length > 0) {
    problems.push('AliasMode (priority 0) records carry no SvcParams; clients ignore these (RFC 9460 §2.4.2).')
  }
  for (let i = 1; i < params.length; i++) {
    const prev = (params[i - 1] as SvcParam).key
    const key = (params[i] as SvcParam).key
    if (key === prev) problems.push(`The key ${svcKeyName(key)} appears twice; each key may appear once (RFC 9460 §2.2).`)
    else if (key < prev) problems.push(`The keys are not in increasing order (${svcKeyName(key)} after ${svcKeyName(prev)}); clients treat the record as malformed (RFC 9460 §2.2).`)
  }
  const present = new Set(params.map((p) => p.key))
  if (present.has(2) && !present.has(1)) problems.push('no-default-alpn without alpn leaves no protocol to use (RFC 9460 §7.1.1).')
  const mandatory = params.find((p) => p.key === 0)
  if (mandatory && Array.isArray(mandatory.value)) {
    const raw = mandatory.raw
    for (let i = 0; i + 4 <= raw.length; i += 4) {
      const k = parseInt(raw.slice(i, i + 4), 16)
      if (k !== 0 && !present.has(k)) problems.push(`mandatory lists ${svcKeyName(k)}, which the record does not have (RFC 9460 §8).`)
    }
  }
  for (const p of params) problems.push(...p.problems)
  return problems
}

const malformed = (why: string): WirebenchError => new WirebenchError('INVALID_INPUT', `${why} (RFC 9460 §2.1).`)

/** Zone-file escapes (`\DDD`, `\X`) undone, as bytes (RFC 1035 §5.1). */
function unescape(text: string): number[] {
  const out: number[] = []
  const enc = new TextEncoder()
  for (let i = 0; i < text.length; ) {
    const c = text[i] as string
    if (c === '\\') {
      const d = text.slice(i + 1, i + 4)
      if (/^[0-9]{3}$/.test(d)) {
        if (Number(d) > 255) throw malformed(`"\\${d}" is not a byte`)
        out.push(Number(d))
        i += 4
      } else {
        if (i + 1 >= text.length) throw malformed('A value ends with a lone backslash')
        out.push(...enc.encode(text[i + 1] as string))
        i += 2
      }
    } else {
      out.push(...enc.encode(c))
      i++
    }
  }
  return out
}

/** Splits a value-list on unescaped commas, undoing `\,` and `\\` (RFC 9460 Appendix A.1). */
function splitValueList(bytes: number[]): number[][] {
  const items: number[][] = [[]]
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number
    if (b === 0x5c && i + 1 < bytes.length) items[items.length - 1]!.push(bytes[++i] as number)
    else if (b === 0x2c) items.push([])
    else items[items.length - 1]!.push(b)
  }
  return items
}

export function keyFromName(name: string): number {
  const lower = name.toLowerCase()
  for (const [k, n] of Object.entries(SVC_PARAM_NAMES)) if (n === lower) return Number(k)
  const m = /^key(\d{1,5})$/.exec(lower)
  if (m && Number(m[1]) <= 65535) return Number(m[1])
  throw malformed(`"${name}" is not a SvcParamKey: use a registered name or keyNNNNN`)
}

const ascii = (bytes: number[]): string => String.fromCharCode(...bytes)

/** One value from its zone-file text (escapes already undone) to wire bytes. */
function encodeValue(key: number, value: number[] | null): Uint8Array {
  const name = svcKeyName(key)
  if (value === null) {
    if (key === 2 || key === 8 || key > 8) return new Uint8Array(0)
    throw malformed(`${name} needs a value`)
  }
  switch (key) {
    case 0: {
      const keys = splitValueList(value).map((k) => keyFromName(ascii(k)))
      keys.sort((a, b) => a - b)
      return Uint8Array.from(keys.flatMap((k) => [k >> 8, k & 0xff]))
    }
    case 1:
      return Uint8Array.from(
        splitValueList(value).flatMap((id) => {
          if (id.length === 0 || id.length > 255) throw malformed('Each ALPN ID needs 1 to 255 octets')
          return [id.length, ...id]
        })
      )
    case 2:
      throw malformed('no-default-alpn takes no value')
    case 3: {
      const t = ascii(value)
      if (!/^\d{1,5}$/.test(t) || Number(t) > 65535) throw malformed(`port "${t}" is not a number from 0 to 65535`)
      return Uint8Array.of(Number(t) >> 8, Number(t) & 0xff)
    }
    case 4:
    case 6: {
      const parts = ascii(value).split(',')
      return Uint8Array.from(
        parts.flatMap((p) => {
          const a = parseAddress(p.trim())
          if (!a.ok || (a.value.version === 4) !== (key === 4)) throw malformed(`"${p}" is not an IPv${key === 4 ? 4 : 6} address for ${name}`)
          return Array.from(addressToBytes(a.value))
        })
      )
    }
    case 5:
      return fromBase64(ascii(value))
    default:
      return Uint8Array.from(value)
  }
}

/** `key=value key="quoted value" key` (zone-file syntax) → params in wire order (sorted by key). */
export function parseSvcParams(text: string): { key: number; bytes: Uint8Array }[] {
  const out: { key: number; bytes: Uint8Array }[] = []
  let i = 0
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] as string)) i++
    if (i >= text.length) break
    let keyText = ''
    while (i < text.length && text[i] !== '=' && !/\s/.test(text[i] as string)) keyText += text[i++]
    let value: number[] | null = null
    if (text[i] === '=') {
      i++
      let raw = ''
      if (text[i] === '"') {
        i++
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '\\') raw += text[i++]
          raw += text[i++] ?? ''
        }
        if (text[i] !== '"') throw malformed(`The value of ${keyText} is missing its closing quote`)
        i++
      } else {
        while (i < text.length && !/\s/.test(text[i] as string)) {
          if (text[i] === '\\') raw += text[i++]
          raw += text[i++] ?? ''
        }
      }
      value = unescape(raw)
    }
    const key = keyFromName(keyText)
    if (out.some((p) => p.key === key)) throw malformed(`${svcKeyName(key)} appears twice`)
    out.push({ key, bytes: encodeValue(key, value) })
  }
  return out.sort((a, b) => a.key - b.key)
}
