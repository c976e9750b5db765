// How `wirebench http` prints an exchange: the issue's JSON document (and nothing else), or for people a status line
// in RFC 9110's words, the headers, a small timing waterfall and the body (text, cut with a note).
import type { Http2Exchange, HttpRawResult, HttpTimings } from '../../shared/contract/http'

/** Body characters printed for people; --json carries up to the engine's cap. */
export const HUMAN_BODY_CHARS = 16 * 1024

const PHASES = ['dnsMs', 'connectMs', 'tlsMs', 'firstByteMs', 'totalMs'] as const

type Phases = Record<(typeof PHASES)[number], number | null>

const phases = (t: HttpTimings | Record<keyof HttpTimings, number | null>): Phases =>
  Object.fromEntries(PHASES.map((k) => [k, t[k]])) as Phases

/**
 * Server-controlled text made safe for a terminal: C0 controls (ESC starts escape sequences that can rewrite the
 * screen or the title), DEL and C1 controls (U+009B is a one-character CSI) shown as \xNN; `keep` lists those left as
 * they are (tab, and line breaks in a body).
 */
export function termSafe(text: string, keep = '\t'): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => (keep.includes(c) ? c : c === '\u001b' ? '\\e' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`))
}

/**
 * The issue's document: request, response, timings, remote, local, tls (and repeat when asked), plus what a script
 * needs to judge it: complete, findings, statusWords, interim 1xx responses.
 */
export function jsonDoc(r: HttpRawResult): Record<string, unknown> {
  const res = r.response
  return {
    request: { raw: r.request.raw, ...(r.request.rawBase64 ? { rawBase64: r.request.rawBase64 } : {}) },
    response: {
      httpVersion: res.httpVersion,
      status: res.status,
      reason: res.reason,
      statusWords: res.statusWords,
      ...(res.statusLine !== undefined ? { statusLine: res.statusLine } : {}),
      ...(res.interim?.length ? { interim: res.interim.map((h) => ({ status: h.status, headers: h.headers })) } : {}),
      headers: res.headers,
      bodyLength: res.bodyLength,
      // The body shown (all of it, or its first bodyShownBytes); one too large to hold is also saved with -o FILE.
      ...(res.body !== undefined ? { body: res.body } : { bodyBase64: res.bodyBase64 ?? '' }),
      ...(res.bodyCharset ? { bodyCharset: res.bodyCharset } : {}),
      bodyShownBytes: res.bodyShownBytes,
      ...(res.bodyFile ? { bodyFile: res.bodyFile } : {})
    },
    complete: res.complete,
    findings: r.findings.map((f) => ({ severity: f.severity, code: f.code, message: f.message, ...(f.source ? { source: f.source } : {}) })),
    timings: phases(r.timings),
    remote: r.remote,
    local: r.local,
    // The issue's shape: version, cipher, ALPN (the chain and verdict stay in the engine's result and the tab).
    tls: r.tls ? { version: r.tls.version, cipher: r.tls.cipher, alpn: r.tls.alpn, ...(r.tls.resumed ? { resumed: true } : {}) } : null,
    ...(r.repeat ? { repeat: { n: r.repeat.n, p50: phases(r.repeat.p50), p95: phases(r.repeat.p95) } } : {}),
    // HTTP/2: every frame both ways (without their bytes, to stay readable), the peer's SETTINGS and HPACK's tables.
    ...(r.http2 ? { http2: { streamId: r.http2.streamId, settings: r.http2.settings, frames: r.http2.frames.map(({ rawBase64: _bytes, ...f }) => f), dynamicTable: r.http2.dynamicTable } } : {})
  }
}

/** Frames printed for people; --json has them all. */
export const HUMAN_FRAMES = 200

/** The frame list, one frame a line (time, direction, type, stream, flags, summary), with each header's HPACK form. */
export function frameLines(h: Http2Exchange): string[] {
  const lines = [`HTTP/2 frames (stream ${h.streamId}; → sent, ← received):`]
  for (const f of h.frames.slice(0, HUMAN_FRAMES)) {
    const summary = f.summary.startsWith(f.type) ? f.summary.slice(f.type.length).trim() : f.summary
    lines.push(`  ${ms(f.atMs).padStart(8)} ms ${f.dir === 'sent' ? '→' : '←'} ${f.type.padEnd(13)} stream ${String(f.streamId).padEnd(3)} ${(f.flags.join(',') || '-').padEnd(22)} ${summary}`)
    for (const x of f.headers ?? []) lines.push(`${' '.repeat(16)}${x.name}: ${x.value.length > 80 ? `${x.value.slice(0, 80)}…` : x.value}   [${x.representation}]`)
  }
  if (h.frames.length > HUMAN_FRAMES) lines.push(`  … ${h.frames.length - HUMAN_FRAMES} more frames (--json lists them all)`)
  const table = (side: 'sent' | 'received', size: number): string[] => {
    const rows = h.dynamicTable[side]
    return [`HPACK dynamic table, ${side === 'sent' ? 'our encoder' : "the server's encoder"} (${rows.length} entr${rows.length === 1 ? 'y' : 'ies'}, ${size} octets; RFC 7541 §2.3.2):`, ...rows.map((e, i) => `  [${62 + i}] ${e.name}: ${e.value}`)]
  }
  return [...lines, ...table('sent', h.dynamicTable.sentSize), ...table('received', h.dynamicTable.receivedSize)]
}

const ms = (v: number | null): string => (v === null ? '—' : v < 10 ? v.toFixed(2) : v.toFixed(1))

/** Each phase as a bar offset by the phases before it, so where the time went is seen at a glance. */
export function waterfall(t: HttpTimings, width = 40): string[] {
  const rows: [string, number | null][] = [
    ['DNS', t.dnsMs],
    ['TCP connect', t.connectMs],
    ['TLS handshake', t.tlsMs],
    ['request sent', t.sentMs],
    ['first byte', t.firstByteMs],
    ['download', t.downloadMs]
  ]
  const total = Math.max(t.totalMs, 1e-6)
  let at = 0
  const lines = rows.map(([name, v]) => {
    const start = Math.round((at / total) * width)
    const len = v === null ? 0 : Math.max(v > 0 ? 1 : 0, Math.round((v / total) * width))
    at += v ?? 0
    const bar = v === null ? '' : `${' '.repeat(Math.min(start, width))}${'█'.repeat(Math.min(len, Math.max(0, width - start) || 1))}`
    return `  ${name.padEnd(14)}${ms(v).padStart(9)} ms  ${v === null ? '(did not happen)' : bar}`
  })
  return [...lines, `  ${'total'.padEnd(14)}${ms(t.totalMs).padStart(9)} ms`]
}

/** For people: every server-controlled line passes through termSafe (the body keeps its line breaks). */
export function human(r: HttpRawResult): string[] {
  return [...summaryLines(r).map((l) => termSafe(l)), ...bodyLines(r).map((l) => termSafe(l.replace(/\r(?!\n)/g, '\\r'), '\t\n\r'))]
}

function summaryLines(r: HttpRawResult): string[] {
  const res = r.response
  const lines: string[] = []
  for (const h of res.interim ?? []) {
    lines.push(`${h.status} ${h.reason || '(interim response)'}${h.headers.length ? ':' : ''}`)
    for (const [n, v] of h.headers) lines.push(`  ${n}: ${v}`)
  }
  const said = res.reason && res.reason !== res.statusWords ? `   (the server wrote "${res.reason}")` : ''
  if (res.statusLine !== undefined && !res.status) lines.push(`${res.statusLine}   (not a valid status line: no three-digit status code, RFC 9112 §4)`)
  else lines.push(`${res.httpVersion} ${res.status} ${res.statusWords}${said}`)
  for (const [n, v] of res.headers) lines.push(`${n}: ${v}`)
  lines.push('')
  const where = `${r.remote.address}:${r.remote.port} (from ${r.local.address}:${r.local.port})`
  lines.push(r.tls ? `Connected to ${where} over ${r.tls.version}, ${r.tls.cipher}, ALPN ${r.tls.alpn ?? 'none'}` : `Connected to ${where} in clear text`)
  lines.push('Timings:', ...waterfall(r.timings))
  if (r.http2) lines.push(...frameLines(r.http2))
  if (r.repeat) {
    const p = r.repeat
    lines.push(`Repeated ${p.n} times (${p.mode}, ${p.connections} connection${p.connections === 1 ? '' : 's'}):`)
    lines.push(`  ${''.padEnd(14)}${'p50'.padStart(9)}    ${'p95'.padStart(9)}`)
    for (const k of ['dnsMs', 'connectMs', 'tlsMs', 'firstByteMs', 'downloadMs', 'totalMs'] as const) lines.push(`  ${k.replace(/Ms$/, '').padEnd(14)}${ms(p.p50[k]).padStart(9)} ms ${ms(p.p95[k]).padStart(9)} ms`)
  }
  const notable = r.findings.filter((f) => f.severity === 'error' || f.severity === 'warning')
  if (notable.length) lines.push('Findings:', ...notable.map((f) => `  ${f.severity}: ${f.message}${f.source ? ` (${f.source})` : ''}`))
  if (!res.complete) lines.push('The response is not complete (see the findings).')
  return lines
}

function bodyLines(r: HttpRawResult): string[] {
  const res = r.response
  const lines: string[] = ['']
  if (res.decoded.length) lines.push(`[body decoded from ${res.decoded.join(', then ')}: ${res.bodyLength} bytes]`)
  if (res.bodyFile) lines.push(`[body of ${res.bodyLength} bytes saved to ${res.bodyFile}]`)
  else if (res.body !== undefined) {
    if (res.bodyCharset) lines.push(`[text decoded as ${res.bodyCharset}, the charset Content-Type names]`)
    lines.push(res.body.length > HUMAN_BODY_CHARS ? res.body.slice(0, HUMAN_BODY_CHARS) : res.body.replace(/\n$/, ''))
    if (res.body.length > HUMAN_BODY_CHARS || res.bodyShownBytes < res.bodyLength) lines.push(`[body truncated: the first ${Math.min(res.body.length, HUMAN_BODY_CHARS)} characters of ${res.bodyLength} bytes shown; --json holds up to ${res.bodyShownBytes} bytes]`)
  } else if (res.bodyLength) lines.push(`[${res.bodyLength} bytes of binary body not shown; --json gives it as bodyBase64]`)
  return lines
}
