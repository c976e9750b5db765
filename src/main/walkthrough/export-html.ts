// The walkthrough as ONE self-contained HTML page a learner can open anywhere (issue 12, Export): inline style and
// script, no URL of any kind, a CSP that forbids loading anything. Everything recorded came from the network (a
// server's header, a certificate's subject), so every string is HTML-escaped and the script never reads page text as
// markup; sizes are capped so a huge walkthrough still gives a page a browser opens.
import type { Finding } from '../../shared/findings'
import type { Span } from '../../shared/dissect/span'
import type { OsiLayer, WalkCalculation, WalkLane, WalkStep, Walkthrough } from '../../shared/walkthrough/model'
import { PAGE_CSP, PAGE_CSS, PAGE_SCRIPT } from './export-html-assets'

export interface HtmlLimits {
  /** Bytes shown per hex dump (a step's bytes, its wire bytes); the rest is counted, "showing X of Y". */
  stepBytes: number
  /** Fields listed per step. */
  stepFields: number
  /** The whole page in UTF-8 bytes: past it, steps keep their words but lose their bytes, then are left out. */
  pageBytes: number
}

export const HTML_LIMITS: HtmlLimits = { stepBytes: 64 * 1024, stepFields: 4000, pageBytes: 20 * 1024 * 1024 }

/** Rows in the sequence diagram (each ~0.7 KB, so the diagram alone stays a few MB). */
const SEQUENCE_ROWS = 5000
const LAYERS: readonly OsiLayer[] = ['application', 'presentation', 'session', 'transport', 'network', 'link']
const LANE_X: Record<WalkLane, number> = { client: 8, resolver: 50, server: 92 }
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text or attribute value, escaped; control and bidi-override characters (which can disguise text) become U+FFFD. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(CONTROL, '\ufffd').replace(/[&<>"']/g, (c) => ESCAPES[c]!)
}

const num = (n: unknown): number => (typeof n === 'number' && Number.isFinite(n) ? n : 0)
const ms = (n: unknown): string => `${num(n).toFixed(num(n) < 10 ? 2 : 1)} ms`
const count = (n: number): string => n.toLocaleString('en-US')
const utf8Length = (s: string): number => Buffer.byteLength(s, 'utf8')

/** The step's hex (lenient: whitespace dropped, a trailing odd digit dropped), at most `cap` bytes decoded. */
function hexBytes(hex: string | undefined, cap: number): { bytes: Uint8Array; total: number; bad: boolean } {
  const clean = (hex ?? '').replace(/\s+/g, '')
  if (/[^0-9a-fA-F]/.test(clean)) return { bytes: new Uint8Array(0), total: 0, bad: true }
  const total = Math.floor(clean.length / 2)
  const bytes = new Uint8Array(Math.min(total, cap))
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16)
  return { bytes, total, bad: false }
}

/** Rows of 16: offset, hex (one space between bytes, so byte i is at 3i) and ASCII — the layout the script marks. */
function hexDump(hex: string | undefined, lim: HtmlLimits, label: string, fields: boolean): string {
  const { bytes, total, bad } = hexBytes(hex, lim.stepBytes)
  if (bad) return `<p class="cap">The ${esc(label)} are not valid hex and are not shown.</p>`
  if (total === 0) return ''
  const rows: string[] = []
  for (let o = 0; o < bytes.length; o += 16) {
    let h = ''
    let a = ''
    for (let i = o; i < Math.min(o + 16, bytes.length); i++) {
      const b = bytes[i]!
      h += (i > o ? ' ' : '') + b.toString(16).padStart(2, '0')
      a += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.'
    }
    // A short last row is padded after its bytes (the script counts from the row's start), so ASCII stays aligned.
    rows.push(`<div class="r"><span>${o.toString(16).padStart(8, '0')}</span><span>${h.padEnd(47)}</span><span>${esc(a)}</span></div>`)
  }
  const shown = bytes.length < total ? `showing ${count(bytes.length)} of ${count(total)} bytes` : `${count(total)} bytes`
  return (
    `<h3>${esc(label[0]!.toUpperCase() + label.slice(1))} <span class="muted${bytes.length < total ? ' cap' : ''}">(${shown})</span></h3>` +
    `<div class="hex"${fields ? ` data-n="${bytes.length}"` : ''}>${rows.join('')}</div>`
  )
}

/** The span tree as the CLI's flat field list, depth kept for indentation; clicking a row marks its bytes. */
function fieldTable(spans: readonly Span[] | undefined, lim: HtmlLimits): string {
  const rows: string[] = []
  let total = 0
  const walk = (list: readonly Span[], depth: number): void => {
    for (const s of list) {
      total++
      if (rows.length < lim.stepFields) {
        const o = Math.max(0, Math.trunc(num(s.offset)))
        const l = Math.max(0, Math.trunc(num(s.length)))
        rows.push(
          `<tr class="f" tabindex="0" data-o="${o}" data-l="${l}"><td class="mono">${o}</td><td class="mono">${l}</td>` +
            `<td style="padding-left:${6 + Math.min(depth, 16) * 14}px">${esc(s.name)}${s.explain ? `<div class="ex">${esc(s.explain)}</div>` : ''}</td><td class="val">${esc(s.value)}</td></tr>`
        )
      }
      if (depth < 64 && s.children?.length) walk(s.children, depth + 1)
    }
  }
  walk(spans ?? [], 0)
  if (!total) return ''
  const capped = rows.length < total ? ` <span class="cap">(showing ${count(rows.length)} of ${count(total)} fields)</span>` : ''
  return (
    `<div><h3>Fields${capped}</h3><div class="fields"><table class="ft"><colgroup><col style="width:7ch"><col style="width:7ch"><col><col style="width:36%"></colgroup><thead><tr><th>offset</th><th>length</th><th>field</th><th>value</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table></div></div>`
  )
}

function findingList(findings: readonly Finding[] | undefined): string {
  if (!findings?.length) return ''
  const items = findings.map((f) => `<li><span class="${esc(f.severity)}">${esc(f.severity)}</span> <code>${esc(f.code)}</code> ${esc(f.message)}${f.source ? ` <span class="muted">(${esc(f.source)})</span>` : ''}</li>`)
  return `<h3>Findings</h3><ul class="notes">${items.join('')}</ul>`
}

function calculation(c: WalkCalculation): string {
  const verdict = c.verified === undefined ? '' : c.verified ? ' <span class="ok">✓ matches the wire</span>' : ' <span class="error">✗ does not match the wire</span>'
  const lines = c.lines.map((l) => `<tr><td>${esc(l.label)}</td><td class="v">${esc(l.value)}</td><td class="muted">${esc(l.note)}</td></tr>`)
  return `<div class="calc"><strong>${esc(c.title)}</strong> <span class="muted">${esc(c.source)}</span>${verdict}<table><tbody>${lines.join('')}</tbody></table></div>`
}

function pem(b64: string): string {
  const body = String(b64).replace(/[^A-Za-z0-9+/=]/g, '')
  return `-----BEGIN CERTIFICATE-----\n${(body.match(/.{1,64}/g) ?? []).join('\n')}\n-----END CERTIFICATE-----`
}

/** One step's panel; `withBytes` false keeps its words and drops hex and fields (the page's size cap). */
function stepHtml(s: WalkStep, index: number, lim: HtmlLimits, withBytes: boolean): string {
  const osi = LAYERS.map((l) => `<li${l === s.layer ? ' class="on" aria-current="true"' : ''}>${l}</li>`).join('')
  const parts = [
    `<details class="step" id="step-${index + 1}"><summary><span class="mono">+${esc(ms(s.startMs))}</span>`,
    `<strong>${esc(s.title)}</strong><span class="tag">${esc(s.direction)}</span><span class="tag">${esc(s.layer)}</span>`,
    `<span class="tag">${esc(s.kind)}</span><span class="muted">${esc(ms(s.durationMs))}</span>${s.decrypted ? '<span class="tag ok">decrypted</span>' : ''}</summary>`,
    `<div class="body"><div class="cols"><ol class="osi" title="OSI layer">${osi}</ol><div>`,
    `<p>${esc(s.explain)}</p>${s.source ? `<p class="muted">Source: ${esc(s.source)}</p>` : ''}`,
    s.decrypted ? '<p class="ok">These bytes are the plaintext, decrypted here with the key log’s secrets; the record as sent is below.</p>' : '',
    `</div></div>`,
    findingList(s.findings)
  ]
  if (s.textbook?.length) parts.push(`<h3>Compared with the textbook (RFC 8448)</h3><ul class="notes">${s.textbook.map((t) => `<li>${esc(t)}</li>`).join('')}</ul>`)
  if (s.calculations?.length) parts.push(`<h3>The calculation</h3>${s.calculations.map(calculation).join('')}`)
  if (withBytes) {
    const dump = hexDump(s.bytesHex, lim, s.decrypted ? 'plaintext bytes' : 'bytes', true)
    const table = fieldTable(s.spans, lim)
    if (dump || table) parts.push(`<div class="cols"><div>${dump}</div>${table}</div>`)
    if (s.wireHex) parts.push(`<details><summary>As on the wire (encrypted)</summary>${hexDump(s.wireHex, lim, 'record bytes', false)}</details>`)
    if (s.certificatesBase64?.length) {
      const certs = s.certificatesBase64.slice(0, 16).map((c, i) => `<p class="muted">${i === 0 ? 'Leaf' : `Certificate ${i + 1}`}</p><pre>${esc(pem(c))}</pre>`)
      parts.push(`<details><summary>${s.certificatesBase64.length} certificate(s), PEM, leaf first (open them in Wirebench’s Certificates tab or with openssl x509 -text)</summary>${certs.join('')}</details>`)
    }
  } else {
    parts.push('<p class="cap">This step’s bytes are left out to keep the page under its size limit; the JSON export has them.</p>')
  }
  parts.push('</div></details>')
  return parts.join('')
}

/** The sequence diagram: one row per step, an arrow between lanes, a bar with start and duration to scale. */
function sequence(w: Walkthrough): string {
  const total = Math.max(num(w.totalMs), ...w.steps.map((s) => num(s.startMs) + num(s.durationMs)), 0.001)
  const lanes = (['client', 'resolver', 'server'] as const).map((l) => `<span style="left:${LANE_X[l]}%">${l}</span>`).join('')
  const guides = (['client', 'resolver', 'server'] as const).map((l) => `<div class="lane" style="left:${LANE_X[l]}%"></div>`).join('')
  const rows = w.steps.slice(0, SEQUENCE_ROWS).map((s, i) => {
    const a = LANE_X[s.from] ?? LANE_X.client
    const b = LANE_X[s.to] ?? LANE_X.client
    const mark = a === b ? `<div class="dot" style="left:${a}%"></div>` : `<div class="arrow ${a < b ? 'ltr' : 'rtl'}" style="left:${Math.min(a, b)}%;width:${Math.abs(a - b)}%"></div>`
    const left = Math.min(100, (Math.max(0, num(s.startMs)) / total) * 100)
    const width = Math.min(100 - left, (Math.max(0, num(s.durationMs)) / total) * 100)
    return (
      `<a class="seq-row" href="#step-${i + 1}"><span class="mono">+${esc(ms(s.startMs))}</span><span class="seq-title">${esc(s.title)}</span>` +
      `<div class="lanes">${guides}${mark}</div><div class="scale" title="${esc(ms(s.durationMs))}"><span class="bar" style="left:${left.toFixed(2)}%;width:${width.toFixed(2)}%"></span></div></a>`
    )
  })
  return (
    `<div class="seq"><div class="seq-head"><span>start</span><span>step</span><div class="lane-names">${lanes}</div><span>time, 0 to ${esc(ms(total))}</span></div>` +
    `${rows.join('')}</div>${w.steps.length > SEQUENCE_ROWS ? `<p class="cap">The diagram shows the first ${count(SEQUENCE_ROWS)} of ${count(w.steps.length)} steps.</p>` : ''}`
  )
}

function overview(w: Walkthrough): string {
  const rows: [string, string][] = [
    ['Recorded', `${esc(new Date(num(w.startedAt)).toISOString())}, ${esc(ms(w.totalMs))} in all, ${w.steps.length} steps`],
    ['Connection', `${esc(w.local.address)} port ${esc(w.local.port)} → ${esc(w.remote.address)} port ${esc(w.remote.port)}`]
  ]
  if (w.dns) {
    rows.push(['DNS', `asked ${esc(w.dns.resolver)} over ${esc(w.dns.transport)}; addresses ${esc(w.dns.addresses.join(', ') || 'none')}; chose ${esc(w.dns.chosen)}: ${esc(w.dns.why)}`])
  }
  if (w.tls) {
    const t = w.tls
    const extra = [t.alpn ? `ALPN ${esc(t.alpn)}` : 'no ALPN', t.group ? `key exchange ${esc(t.group)}` : '', t.helloRetry ? 'after a HelloRetryRequest' : '', t.resumed ? 'resumed' : '']
    rows.push(['TLS', `${esc(t.version)}, ${esc(t.cipher)}; ${extra.filter(Boolean).join('; ')}`])
    rows.push(['Decrypted', t.decrypted ? '<span class="ok">yes, every record, with this session’s key log</span>' : `<span class="warning">no</span>${t.decryptNote ? `: ${esc(t.decryptNote)}` : ''}`])
  }
  if (w.http) rows.push(['HTTP', `${esc(w.http.version)} ${esc(w.http.status)} ${esc(w.http.statusWords)}`])
  rows.push(['Capture', `${w.capture === 'packets' ? 'packets (tcpdump saw this connection)' : 'socket level only'}. ${esc(w.captureNote)}`])
  return `<dl class="summary">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>${findingList(w.findings)}`
}

/** The page. Pure: the same walkthrough gives the same string. */
export function walkthroughHtml(w: Walkthrough, limits: Partial<HtmlLimits> = {}): string {
  const lim: HtmlLimits = { ...HTML_LIMITS, ...limits }
  const head =
    `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}">` +
    `<meta name="referrer" content="no-referrer"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>Walkthrough: ${esc(w.url)}</title><style>${PAGE_CSS}</style></head><body>` +
    `<h1>${esc(w.url)}</h1><p class="muted">A real request recorded step by step by Wirebench: every byte as it crossed the wire, ` +
    `each field explained with the RFC it comes from. Click a field to see its bytes; keys n and p move between steps.</p>` +
    overview(w) +
    `<h2>Sequence</h2>${sequence(w)}` +
    `<h2>Steps</h2><div class="tools"><button type="button" data-all="open">Expand all</button><button type="button" data-all="close">Collapse all</button></div>`
  const keylog = w.keylog
    ? `<h2>Key log</h2><details><summary>This session’s secrets in SSLKEYLOGFILE format (they decrypt only this recorded session)</summary><pre>${esc(w.keylog.slice(0, 256 * 1024))}</pre></details>`
    : ''
  const tail = `<p class="muted">Exported by Wirebench. Walkthrough ${esc(w.id)}.</p><script>${PAGE_SCRIPT}</script></body></html>\n`
  const parts = [head]
  let used = utf8Length(head) + utf8Length(tail) + utf8Length(keylog) + 512
  // Every step keeps its words first (room is set aside for the words of all the steps after it); bytes go to the
  // earliest steps while room is left. Only when the words alone pass the cap are the last steps left out.
  const words = w.steps.map((s, i) => stepHtml(s, i, lim, false))
  const wordSizes = words.map(utf8Length)
  let wordsAfter = wordSizes.reduce((a, b) => a + b, 0)
  let left = 0
  let bare = 0
  let full = true
  w.steps.forEach((s, i) => {
    wordsAfter -= wordSizes[i]!
    if (left) return void left++
    // Once one step's bytes did not fit, the rest go without theirs (no time spent rendering bytes to throw away).
    const whole = full ? stepHtml(s, i, lim, true) : ''
    const wholeSize = full ? utf8Length(whole) : Infinity
    full &&= used + wholeSize + wordsAfter <= lim.pageBytes
    const [html, size] = full ? [whole, wholeSize] : [words[i]!, wordSizes[i]!]
    if (!full) bare++
    if (used + size > lim.pageBytes) {
      bare--
      return void left++
    }
    parts.push(html)
    used += size
  })
  if (bare || left) {
    const cap = lim.pageBytes >= 1024 * 1024 ? `${count(Math.round(lim.pageBytes / 1024 / 1024))} MB` : `${count(Math.round(lim.pageBytes / 1024))} KB`
    const why = `The page is kept under ${cap}:` + (bare ? ` ${count(bare)} step(s) are shown without their bytes` : '') + (left ? `${bare ? ' and' : ''} the last ${count(left)} step(s) are left out` : '')
    parts.push(`<p class="cap">${esc(why)}; the JSON export has everything.</p>`)
  }
  parts.push(keylog, tail)
  return parts.join('')
}
