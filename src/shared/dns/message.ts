// Reads a whole DNS message (RFC 1035 §4.1) leniently: what can be read becomes records in dig's presentation
// form and a span tree over the bytes; what is odd or broken becomes a finding that says where. Only a header or
// question that cannot be read, or a compression loop, stops it (DNS_MALFORMED).
import { ByteReader } from '../bytes'
import { WirebenchError } from '../errors'
import type { Finding } from '../findings'
import type { Span } from '../dissect/span'
import { DNS_LIMITS, type DecodeLimits, type DnsEdns, type DnsFlags, type DnsMessage, type DnsQuestion, type DnsRecord } from './model'
import { readName, labelText } from './names'
import { className, opcodeName, OPCODES, rcodeName, rcodeWords, typeName } from './types'
import { codecFor } from './rdata/table'
import type { RdataContext } from './rdata/codec'
import { decodeUnknown } from './rdata/unknown'
import { decodeOption, OPTION_CODES } from './edns'
import { ttlWords } from './presentation'
import { SpanBudget } from '../dissect/span'

const SECTIONS = ['answer', 'authority', 'additional'] as const
type Section = (typeof SECTIONS)[number]
const SECTION_TITLE: Record<Section, string> = { answer: 'Answer section', authority: 'Authority section', additional: 'Additional section' }
const FLAG_BITS: [keyof DnsFlags, number, string, string][] = [
  ['qr', 15, 'QR', 'Response (1) or query (0) (RFC 1035 §4.1.1)'],
  ['aa', 10, 'AA', 'Authoritative answer: the server owns the zone (RFC 1035 §4.1.1)'],
  ['tc', 9, 'TC', 'Truncated: the answer did not fit, retry over TCP (RFC 1035 §4.1.1, RFC 7766)'],
  ['rd', 8, 'RD', 'Recursion desired by the client (RFC 1035 §4.1.1)'],
  ['ra', 7, 'RA', 'Recursion available at this server (RFC 1035 §4.1.1)'],
  ['z', 6, 'Z', 'Reserved, must be zero (RFC 1035 §4.1.1)'],
  ['ad', 5, 'AD', 'Authentic data: in a response, the resolver validated the answer with DNSSEC (RFC 4035 §3.2.3)'],
  ['cd', 4, 'CD', 'Checking disabled: the client asked for no DNSSEC validation (RFC 4035 §3.2.2)']
]

/** AD in a query claims nothing: it asks the server to report, in its answer's AD bit, whether it validated the data. */
const AD_IN_QUERY = 'Authentic data, in a query: asks the server to say in its answer whether the data was validated with DNSSEC; it claims nothing itself (RFC 6840 §5.7)'

/** What nameSpans answers when spans are off (never put in a tree). */
const NO_SPAN: Span = { offset: 0, length: 0, name: '' }

const isLoop = (e: unknown): boolean => e instanceof WirebenchError && e.detail === 'pointer-loop'
const words = (e: unknown): string => (e instanceof Error ? e.message : String(e))

export interface DecodeOptions extends Partial<DecodeLimits> {
  /** false: no byte spans (`spans` is empty) — for callers that print records, not the packet view; the records,
   *  findings and every check are the same, only the tree over the bytes is not built. Default true. */
  spans?: boolean
}

export function decodeMessage(bytes: Uint8Array, limits: DecodeOptions = {}): DnsMessage {
  try {
    return decode(bytes, { maxRecords: DNS_LIMITS.maxRecords, maxPointers: DNS_LIMITS.maxPointers, maxSpans: DNS_LIMITS.maxSpans, ...limits }, limits.spans !== false)
  } catch (e) {
    if (e instanceof WirebenchError && e.code === 'DNS_MALFORMED') throw e
    throw new WirebenchError('DNS_MALFORMED', words(e))
  }
}

function decode(bytes: Uint8Array, L: DecodeLimits, on: boolean): DnsMessage {
  if (bytes.length < 12) {
    throw new WirebenchError('DNS_MALFORMED', `The answer is ${bytes.length} bytes, too short for a DNS header (12 bytes).`)
  }
  const findings: Finding[] = []
  const budget = new SpanBudget({ maxSpans: L.maxSpans })
  const sp = (s: Span): Span | null => (on && budget.take() ? s : null)
  const push = (list: Span[], s: Span | null): void => {
    if (s) list.push(s)
  }
  const r = new ByteReader(bytes)
  const id = r.u16()
  const bits = r.u16()
  const counts = [r.u16(), r.u16(), r.u16(), r.u16()] as const
  const flags = {} as DnsFlags
  for (const [k, b] of FLAG_BITS) flags[k] = ((bits >> b) & 1) === 1
  const opcode = (bits >> 11) & 0xf
  const headerRcode = bits & 0xf
  const spans: Span[] = []
  if (on) headerSpans()
  if (flags.z) findings.push({ severity: 'warning', code: 'Z_BIT_SET', message: 'The reserved Z bit in the header is set; it must be zero (RFC 1035 §4.1.1).', source: 'RFC 1035 §4.1.1', span: { offset: 2, length: 2 } })
  // The header as a tree of fields, only when spans are asked for.
  function headerSpans(): void {
    const flagKids: Span[] = []
    for (const [k, b, name, explain] of FLAG_BITS) {
      push(flagKids, sp({ offset: 2, length: 2, name, value: flags[k] ? '1' : '0', explain: k === 'ad' && !flags.qr ? AD_IN_QUERY : explain }))
      if (k === 'qr') push(flagKids, sp({ offset: 2, length: 2, name: 'Opcode', value: `${opcode} (${opcodeName(opcode)})`, explain: OPCODES[opcode]?.words ?? 'An unassigned opcode (RFC 1035 §4.1.1, IANA DNS OpCodes).' }))
      void b
    }
    push(flagKids, sp({ offset: 2, length: 2, name: 'RCODE', value: `${headerRcode} (${rcodeName(headerRcode)})`, explain: `${rcodeWords(headerRcode)} The OPT record may add high bits (RFC 6891 §6.1.3).` }))
    const header: Span = {
      offset: 0, length: 12, name: 'Header', explain: 'The fixed 12-byte header (RFC 1035 §4.1.1)',
      children: [
        { offset: 0, length: 2, name: 'ID', value: `${id} (0x${id.toString(16).padStart(4, '0')})`, explain: 'Matches the answer to the query; random against spoofing (RFC 1035 §4.1.1, RFC 5452 §4.3)' },
        { offset: 2, length: 2, name: 'Flags', value: `0x${bits.toString(16).padStart(4, '0')}`, explain: 'QR, Opcode, AA, TC, RD, RA, Z, AD, CD and RCODE bits (RFC 1035 §4.1.1)', children: flagKids },
        ...['QDCOUNT: questions', 'ANCOUNT: answer records', 'NSCOUNT: authority records', 'ARCOUNT: additional records'].map((t, i) => ({
          offset: 4 + i * 2, length: 2, name: t.split(':')[0] as string, value: String(counts[i]), explain: `Number of${t.split(':')[1]} (RFC 1035 §4.1.1)`
        }))
      ]
    }
    budget.count += 6
    spans.push(header)
  }

  const nameSpans = (title: string, at: number, n: ReturnType<typeof readName>): Span => {
    if (!on) return NO_SPAN
    const kids: Span[] = []
    let p = at
    let i = 0
    while (p < n.end && i < n.labels.length && !(n.pointers[0] && p === n.pointers[0].offset)) {
      const l = n.labels[i++] as Uint8Array
      push(kids, sp({ offset: p, length: l.length + 1, name: 'Label', value: labelText(l), explain: 'A length byte, then 1 to 63 octets (RFC 1035 §3.1)' }))
      p += l.length + 1
    }
    const first = n.pointers[0]
    if (first && first.offset >= at && first.offset < n.end) {
      const to = readName(bytes, first.target, L).name
      push(kids, sp({ offset: first.offset, length: 2, name: 'Pointer', value: `pointer to offset ${first.target} → ${to}`, explain: 'Compression: the rest of the name is at that offset (RFC 1035 §4.1.4)' }))
    } else if (!first) push(kids, sp({ offset: n.end - 1, length: 1, name: 'Root', value: '0', explain: 'The empty root label ends the name (RFC 1035 §3.1)' }))
    return { offset: at, length: n.end - at, name: title, value: n.name, explain: 'A domain name, label by label (RFC 1035 §3.1, §4.1.4)', children: kids }
  }
  const nameAt = (at: number): ReturnType<typeof readName> => readName(bytes, at, L)

  // Questions: these must be readable, or nothing else can be placed.
  const questions: DnsQuestion[] = []
  const qStart = r.pos
  const qKids: Span[] = []
  for (let i = 0; i < counts[0]; i++) {
    const at = r.pos
    try {
      const n = nameAt(at)
      r.pos = n.end
      const type = r.u16('question type')
      const cls = r.u16('question class')
      questions.push({ name: n.name, type: typeName(type), class: className(cls) })
      if (on) push(qKids, sp({
        offset: at, length: r.pos - at, name: `Question ${n.name} ${typeName(type)}`, explain: 'QNAME, QTYPE and QCLASS (RFC 1035 §4.1.2)',
        children: [nameSpans('QNAME', at, n), { offset: n.end, length: 2, name: 'QTYPE', value: `${type} (${typeName(type)})`, explain: 'The type asked for (RFC 1035 §4.1.2)' },
          { offset: n.end + 2, length: 2, name: 'QCLASS', value: `${cls} (${className(cls)})`, explain: 'The class asked for; IN is the Internet (RFC 1035 §4.1.2)' }]
      }))
    } catch (e) {
      if (isLoop(e)) throw e
      throw new WirebenchError('DNS_MALFORMED', `Question ${i + 1} at byte ${at} cannot be read: ${words(e)}`)
    }
  }
  if (on && counts[0] > 0) spans.push({ offset: qStart, length: r.pos - qStart, name: 'Question section', explain: 'What was asked (RFC 1035 §4.1.2)', children: qKids })

  const out: Record<Section, DnsRecord[]> = { answer: [], authority: [], additional: [] }
  let edns: DnsEdns | null = null
  let total = 0
  let broken = false
  for (const [si, section] of SECTIONS.entries()) {
    const count = counts[si + 1] as number
    const start = r.pos
    const kids: Span[] = []
    let read = 0
    for (; read < count && !broken; read++) {
      if (total >= L.maxRecords) {
        findings.push({ severity: 'warning', code: 'TOO_MANY_RECORDS', message: `Only the first ${L.maxRecords} records were read; the rest were left out.` })
        broken = true
        break
      }
      const at = r.pos
      try {
        readRecord(at, section, kids)
        total++
      } catch (e) {
        if (isLoop(e)) throw e
        broken = true
        findings.push({
          severity: 'error', code: 'COUNT_MISMATCH', source: 'RFC 1035 §4.1.1',
          message: `The header promises ${count} ${section} record${count === 1 ? '' : 's'}, but record ${read + 1} at byte ${at} cannot be read (${words(e)}); only ${read} could be.`,
          span: { offset: at, length: bytes.length - at }
        })
      }
    }
    if (on && r.pos > start) spans.push({ offset: start, length: r.pos - start, name: SECTION_TITLE[section], value: `${read} record${read === 1 ? '' : 's'}`, explain: 'Resource records (RFC 1035 §4.1.3)', children: kids })
    if (broken) break
  }
  if (!broken && r.pos < bytes.length) {
    findings.push({ severity: 'warning', code: 'TRAILING_BYTES', source: 'RFC 1035 §4.1', message: `${bytes.length - r.pos} bytes follow the last record (from byte ${r.pos}); the counts in the header do not cover them.`, span: { offset: r.pos, length: bytes.length - r.pos } })
    if (on) spans.push({ offset: r.pos, length: bytes.length - r.pos, name: 'Trailing bytes', explain: 'Bytes after the records the header counts (RFC 1035 §4.1)' })
  }
  findings.push(...budget.finding())
  const ext = (edns as DnsEdns | null)?.extendedRcode ?? 0
  const rcodeCode = (ext << 4) | headerRcode
  return {
    id, opcode: opcodeName(opcode), flags, rcode: rcodeName(rcodeCode), rcodeCode, questions,
    answers: out.answer, authority: out.authority, additional: out.additional, edns, size: bytes.length, spans, findings
  }

  function readRecord(at: number, section: Section, parent: Span[]): void {
    const n = nameAt(at)
    r.pos = n.end
    const type = r.u16('record type')
    const cls = r.u16('record class')
    const ttl = r.u32('record TTL')
    const rdlength = r.u16('RDLENGTH')
    const rdataOffset = r.pos
    r.need(rdlength, `RDATA (RDLENGTH ${rdlength})`)
    r.pos += rdlength
    const t = n.end
    const fixed = (name: string, off: number, len: number, value: string, explain: string): Span | null => sp({ offset: off, length: len, name, value, explain })
    const kids: Span[] = on ? [nameSpans('Owner name', at, n)] : []
    if (type === 41) {
      readOpt(n.name, section, at, cls, ttl, rdataOffset, rdlength, kids)
      if (on) parent.push({ offset: at, length: r.pos - at, name: 'OPT pseudo-record (EDNS)', explain: 'EDNS: buffer size, extended rcode, flags and options (RFC 6891 §6.1.2)', children: kids })
      return
    }
    if (on) {
      push(kids, fixed('TYPE', t, 2, `${type} (${typeName(type)})`, 'The record type (RFC 1035 §3.2.2)'))
      push(kids, fixed('CLASS', t + 2, 2, `${cls} (${className(cls)})`, 'The class; IN is the Internet (RFC 1035 §3.2.4)'))
      push(kids, fixed('TTL', t + 4, 4, ttlWords(ttl), 'Seconds the record may be cached (RFC 1035 §3.2.1, RFC 2181 §8)'))
      push(kids, fixed('RDLENGTH', t + 8, 2, String(rdlength), 'Length of the data that follows (RFC 1035 §4.1.3)'))
    }
    if (ttl >= 0x80000000) findings.push({ severity: 'warning', code: 'TTL_TOP_BIT', source: 'RFC 2181 §8', message: `The ${typeName(type)} record for ${n.name} has a TTL of ${ttl} (top bit set); RFC 2181 §8 says to treat it as zero.`, span: { offset: t + 4, length: 4 } })
    const dataKids: Span[] = []
    const sub = new ByteReader(bytes, rdataOffset, rdataOffset + rdlength)
    const ctx: RdataContext = {
      readName(rr, field) {
        const nn = nameAt(rr.pos)
        if (nn.end > rr.end) throw new WirebenchError('DNS_MALFORMED', `The name ${field} at byte ${rr.pos} runs past the record's data.`)
        if (on) push(dataKids, sp(nameSpans(field, rr.pos, nn)))
        rr.pos = nn.end
        return nn.name
      },
      span(name, offset, length, value, explain) {
        if (!on) return
        const s = sp({ offset, length, name })
        if (s && value !== undefined) s.value = value
        if (s && explain !== undefined) s.explain = explain
        push(dataKids, s)
      }
    }
    const codec = codecFor(type)
    let decoded
    try {
      if (!codec) decoded = decodeUnknown(sub, rdlength, ctx)
      else {
        decoded = codec.decode(sub, rdlength, ctx)
        // Codecs note what a strict peer would reject but is still readable (SVCB keys out of order…): findings.
        const problems = (decoded.fields as { problems?: unknown }).problems
        if (Array.isArray(problems)) {
          for (const p of problems.slice(0, 16)) findings.push({ severity: 'warning', code: 'RDATA_PROBLEM', message: `${typeName(type)} ${n.name}: ${String(p)}`, span: { offset: rdataOffset, length: rdlength } })
        }
        if (sub.pos !== sub.end) findings.push({ severity: 'warning', code: 'RDATA_LENGTH', source: 'RFC 1035 §4.1.3', message: `The ${typeName(type)} record for ${n.name} has ${sub.end - sub.pos} bytes of data left over after its fields (at byte ${sub.pos}).`, span: { offset: sub.pos, length: sub.end - sub.pos } })
      }
    } catch (e) {
      if (isLoop(e)) throw e
      findings.push({ severity: 'error', code: 'RDATA_MALFORMED', source: /\((RFC [^)]*)\)/.exec(codec?.explain ?? '')?.[1] ?? 'RFC 1035 §4.1.3', message: `The ${typeName(type)} record for ${n.name} at byte ${at} has malformed data: ${words(e)} It is shown as bytes.`, span: { offset: rdataOffset, length: rdlength } })
      dataKids.length = 0
      decoded = decodeUnknown(new ByteReader(bytes, rdataOffset, rdataOffset + rdlength), rdlength, ctx)
    }
    if (on) push(kids, sp({ offset: rdataOffset, length: rdlength, name: 'RDATA', value: decoded.data, explain: codec?.explain ?? 'Data of a type Wirebench does not read, in RFC 3597 §5 form', children: dataKids }))
    const rec: DnsRecord = { name: n.name, type: typeName(type), typeCode: type, class: className(cls), ttl, data: decoded.data, fields: decoded.fields, offset: at, rdataOffset, rdataLength: rdlength }
    out[section].push(rec)
    if (on) push(parent, sp({ offset: at, length: r.pos - at, name: `${rec.type} ${rec.name}`, value: rec.data, explain: `${codec?.explain ?? typeName(type)} A resource record (RFC 1035 §4.1.3)`, children: kids }))
  }

  function readOpt(owner: string, section: Section, at: number, udp: number, ttl: number, off: number, len: number, kids: Span[]): void {
    const t = off - 10
    if (section !== 'additional') findings.push({ severity: 'error', code: 'OPT_NOT_ADDITIONAL', source: 'RFC 6891 §6.1.1', message: `An OPT record sits in the ${section} section at byte ${at}; it belongs only in the additional section.`, span: { offset: at, length: off + len - at } })
    if (edns) findings.push({ severity: 'error', code: 'MULTIPLE_OPT', source: 'RFC 6891 §6.1.1', message: `A second OPT record at byte ${at}: a message carries at most one (a server must answer FORMERR).`, span: { offset: at, length: off + len - at } })
    if (owner !== '.') findings.push({ severity: 'warning', code: 'OPT_NAME', source: 'RFC 6891 §6.1.2', message: `The OPT record's owner name is ${owner}; it must be the root.`, span: { offset: at, length: t - at } })
    const extendedRcode = ttl >>> 24
    const version = (ttl >>> 16) & 0xff
    const doBit = (ttl & 0x8000) !== 0
    if (on) {
      push(kids, sp({ offset: t, length: 2, name: 'TYPE', value: '41 (OPT)', explain: 'The EDNS pseudo-record (RFC 6891 §6.1.2)' }))
      push(kids, sp({ offset: t + 2, length: 2, name: 'UDP payload size', value: `${udp} bytes`, explain: 'The largest UDP answer the sender can take (RFC 6891 §6.2.3)' }))
      push(kids, sp({ offset: t + 4, length: 1, name: 'Extended RCODE', value: String(extendedRcode), explain: 'Upper 8 bits of the 12-bit rcode (RFC 6891 §6.1.3)' }))
      push(kids, sp({ offset: t + 5, length: 1, name: 'EDNS version', value: String(version), explain: 'Only version 0 is defined (RFC 6891 §6.1.3)' }))
      push(kids, sp({ offset: t + 6, length: 2, name: 'Flags', value: doBit ? 'DO' : '(none)', explain: 'DO: the sender understands DNSSEC records (RFC 3225 §3, RFC 6891 §6.1.4)' }))
      push(kids, sp({ offset: t + 8, length: 2, name: 'RDLENGTH', value: String(len), explain: 'Length of the options (RFC 6891 §6.1.2)' }))
    }
    const options = []
    const o = new ByteReader(bytes, off, off + len)
    const optKids: Span[] = []
    while (o.remaining > 0) {
      const start = o.pos
      if (o.remaining < 4) {
        findings.push({ severity: 'error', code: 'EDNS_OPTION_TRUNCATED', source: 'RFC 6891 §6.1.2', message: `An EDNS option at byte ${start} is cut off: ${o.remaining} bytes left, an option header is 4.`, span: { offset: start, length: o.remaining } })
        break
      }
      const code = o.u16()
      const olen = o.u16()
      if (olen > o.remaining) {
        findings.push({ severity: 'error', code: 'EDNS_OPTION_TRUNCATED', source: 'RFC 6891 §6.1.2', message: `The EDNS option ${code} at byte ${start} says ${olen} bytes but only ${o.remaining} remain.`, span: { offset: start, length: 4 + o.remaining } })
        break
      }
      const opt = decodeOption(code, o.take(olen))
      options.push(opt)
      if (on) push(optKids, sp({ offset: start, length: 4 + olen, name: `Option ${opt.name}`, value: opt.data, explain: `${OPTION_CODES[code]?.words ?? 'An option Wirebench does not know, shown as hex.'} Code, length, then data (RFC 6891 §6.1.2).`, headerLength: 4 }))
    }
    if (on && len > 0) push(kids, sp({ offset: off, length: len, name: 'Options', value: `${options.length} option${options.length === 1 ? '' : 's'}`, explain: 'EDNS options (RFC 6891 §6.1.2)', children: optKids }))
    if (!edns) edns = { udpSize: udp, extendedRcode, version, do: doBit, options }
  }
}
