// SVCB (RFC 9460 §2): where and how to reach a service — a priority (0 = AliasMode), a target name and SvcParams.
// HTTPS (https.ts) has the same RDATA, so both come from this factory. Reads leniently (bad order, bad values become
// `problems` for the UI to warn about) and refuses only bytes that cannot be read (lengths past the end).
import type { RdataCodec } from './codec'
import { ByteReader } from '../../bytes'
import { WirebenchError } from '../../errors'
import { nameToWire } from '../names'
import { checkSvcParams, decodeSvcParam, parseSvcParams, SVC_PARAM_EXPLAIN, svcKeyName, type SvcParam } from './svc-params'

const malformed = (type: string, why: string): WirebenchError => new WirebenchError('DNS_MALFORMED', `${type} RDATA: ${why} (RFC 9460 §2.2).`)

function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length >> 1)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16)
  return out
}

/** Whether the name read between start and end ended in a compression pointer (RFC 1035 §4.1.4) rather than a root label. */
function isCompressed(bytes: Uint8Array, start: number, end: number): boolean {
  for (let p = start; p < end; ) {
    const b = bytes[p] as number
    if (b === 0) return false
    if ((b & 0xc0) === 0xc0) return true
    p += b + 1
  }
  return false
}

/** The first whitespace-separated token and the rest. */
function splitFirst(text: string): [string, string] {
  const t = text.trim()
  const m = /^(\S+)\s*([\s\S]*)$/.exec(t)
  return m ? [m[1] as string, m[2] as string] : ['', '']
}

export function makeSvcbCodec(type: 'SVCB' | 'HTTPS', code: number, explain: string): RdataCodec {
  return {
    type,
    code,
    explain,
    decode(r, length, ctx) {
      const start = r.pos
      const end = start + length
      if (length < 3) throw malformed(type, `${length} octets is too short for a priority and a target name`)
      const priority = r.u16('SvcPriority')
      ctx.span(
        'SvcPriority',
        start,
        2,
        priority === 0 ? '0 (AliasMode)' : `${priority} (ServiceMode)`,
        priority === 0
          ? 'AliasMode: the service lives at the target name; look up its SVCB/HTTPS records instead (RFC 9460 §2.4.2).'
          : 'ServiceMode: lower values are preferred; the SvcParams say how to connect (RFC 9460 §2.4.3).'
      )
      const nameStart = r.pos
      const target = ctx.readName(r, 'TargetName')
      const compressed = isCompressed(r.bytes, nameStart, r.pos)
      ctx.span(
        'TargetName',
        nameStart,
        r.pos - nameStart,
        target,
        target === '.'
          ? priority === 0
            ? '"." in AliasMode: the service is not available (RFC 9460 §2.5.1).'
            : '"." in ServiceMode: connect to the owner name itself (RFC 9460 §2.5.2).'
          : 'The host to connect to (RFC 9460 §2.5); never compressed on the wire.'
      )
      if (r.pos > end) throw malformed(type, 'the target name runs past the end of the record')
      const params: SvcParam[] = []
      while (r.pos < end) {
        const off = r.pos
        if (end - off < 4) throw malformed(type, `a SvcParam at byte ${off} needs 4 octets for its key and length, ${end - off} remain`)
        const key = r.u16('SvcParamKey')
        const len = r.u16('SvcParamValue length')
        if (r.pos + len > end) throw malformed(type, `the SvcParam ${svcKeyName(key)} at byte ${off} claims ${len} octets, only ${end - r.pos} remain`)
        const param = decodeSvcParam(key, r.take(len, 'SvcParamValue'))
        params.push(param)
        const name = svcKeyName(key)
        ctx.span(`SvcParamKey`, off, 2, `${key} (${name})`, SVC_PARAM_EXPLAIN[key] ?? 'A key this version does not know; shown as keyNNNNN (RFC 9460 §2.1).')
        ctx.span(`SvcParamValue length`, off + 2, 2, `${len}`, 'Length of the value that follows (RFC 9460 §2.2).')
        const publicNames = (param.ech ?? []).map((c) => c.publicName).filter((n): n is string => n !== null)
        const echWords = publicNames.length ? `Public name (what the network sees): ${publicNames.join(', ')}.` : undefined
        if (len > 0) ctx.span(name, off + 4, len, param.text, [SVC_PARAM_EXPLAIN[key], echWords, ...param.problems].filter(Boolean).join(' '))
      }
      const problems = checkSvcParams(priority, params)
      if (compressed) problems.unshift('The TargetName is compressed; RFC 9460 §2.2 forbids it, and strict clients reject the record.')
      const text = [String(priority), target, ...params.map((p) => p.text)].join(' ')
      return {
        fields: { priority, mode: priority === 0 ? 'AliasMode' : 'ServiceMode', target, params, problems },
        data: text
      }
    },
    encode(fields, w, writeName, options) {
      w.u16(Number(fields.priority))
      // TargetName is never compressed and keeps its case in canonical form: SVCB is not in RFC 4034 §6.2's list.
      if (options.canonical) w.bytes(nameToWire(String(fields.target)))
      else writeName(w, String(fields.target))
      for (const p of (fields.params ?? []) as Pick<SvcParam, 'key' | 'raw'>[]) {
        const bytes = hexToBytes(p.raw)
        w.u16(p.key).u16(bytes.length).bytes(bytes)
      }
    },
    parse(text) {
      const [priorityText, rest] = splitFirst(text)
      const [target, paramText] = splitFirst(rest)
      if (!/^\d+$/.test(priorityText) || Number(priorityText) > 65535) {
        throw new WirebenchError('INVALID_INPUT', `"${priorityText}" is not a SvcPriority (0 to 65535, RFC 9460 §2.1).`)
      }
      if (!target) throw new WirebenchError('INVALID_INPUT', 'A TargetName is missing (use "." for the owner name, RFC 9460 §2.1).')
      const params = parseSvcParams(paramText).map((p) => decodeSvcParam(p.key, p.bytes))
      const priority = Number(priorityText)
      return { priority, mode: priority === 0 ? 'AliasMode' : 'ServiceMode', target: target.endsWith('.') ? target : `${target}.`, params, problems: checkSvcParams(priority, params) }
    }
  }
}

/** Reads a bare SvcParams block (no priority or target): for tests and for the hostile server's crafted records. */
export function svcParamsFromWire(bytes: Uint8Array): SvcParam[] {
  const r = new ByteReader(bytes)
  const out: SvcParam[] = []
  while (r.remaining > 0) {
    const key = r.u16()
    out.push(decodeSvcParam(key, r.take(r.u16())))
  }
  return out
}

/** The presentation text dig prints for a param list (keys 7+ as keyNNNNN). */
export const svcParamsText = (params: readonly SvcParam[]): string => params.map((p) => p.text).join(' ')


export const SVCB_CODEC = makeSvcbCodec(
  'SVCB',
  64,
  'Service binding: where a service (DoT, DoH, others) runs and with which parameters (RFC 9460 §2).'
)
