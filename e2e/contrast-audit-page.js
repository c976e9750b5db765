// The contrast audit that runs inside the page (plain JavaScript: the e2e project has no DOM types), evaluated by
// contrast-audit.ts; it returns [{ text, where, fg, bg, ratio, need }] for every text under the WCAG AA bar.
/* global document, getComputedStyle, matchMedia, Node, HTMLInputElement, HTMLTextAreaElement, HTMLSelectElement, SVGElement */
/**
 * Runs in the page, so it is self-contained. What WCAG 1.4.3 exempts is skipped and only that: text of a disabled
 * control (":disabled" or aria-disabled) and hidden text (aria-hidden decoration, zero size, visibility hidden).
 * Status colours, badges, buttons and links are not exempt and are checked like any other text.
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars -- contrast-audit.ts appends the call
function auditInPage() {
  const canvas = document.createElement('canvas')
  canvas.width = canvas.height = 1
  const ctx = canvas.getContext('2d', { willReadFrequently: true })
  const cache = new Map()
  /** Any CSS colour (rgb(), color(srgb …) from color-mix, names) to [r, g, b, a], read back through a canvas. */
  const rgba = (css) => {
    const hit = cache.get(css)
    if (hit) return hit
    ctx.clearRect(0, 0, 1, 1)
    ctx.fillStyle = '#000'
    ctx.fillStyle = css
    ctx.fillRect(0, 0, 1, 1)
    const d = ctx.getImageData(0, 0, 1, 1).data
    const out = [d[0], d[1], d[2], d[3] / 255]
    cache.set(css, out)
    return out
  }
  const over = (top, under) => {
    const a = top[3]
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat(1)
  }
  const lum = (c) => {
    const ch = c.slice(0, 3).map((v) => {
      const s = v / 255
      return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
    })
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2]
  }
  const ratioOf = (a, b) => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x)
    return (hi + 0.05) / (lo + 0.05)
  }
  const hex = (c) => '#' + c.slice(0, 3).map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')
  const canvasBase = rgba(getComputedStyle(document.documentElement).colorScheme.includes('dark') && matchMedia('(prefers-color-scheme: dark)').matches ? '#121212' : '#ffffff')

  /** The colour an element's box shows: its ancestors' backgrounds painted bottom up, each through its opacity. */
  const backgroundOf = (el) => {
    const chain = []
    for (let e = el; e; e = e.parentElement) chain.push(e)
    let bg = canvasBase
    for (const e of chain.reverse()) {
      const style = getComputedStyle(e)
      const c = rgba(style.backgroundColor)
      if (c[3] > 0) bg = over([c[0], c[1], c[2], c[3] * Number(style.opacity)], bg)
    }
    return bg
  }
  const opacityOf = (el) => {
    let o = 1
    for (let e = el; e; e = e.parentElement) o *= Number(getComputedStyle(e).opacity)
    return o
  }
  const describe = (el) => {
    const parts = []
    for (let e = el; e && parts.length < 3 && e !== document.body; e = e.parentElement) {
      const cls = typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\s+/).join('.') : ''
      parts.unshift(e.tagName.toLowerCase() + cls)
    }
    return parts.join(' > ')
  }

  const misses = []
  const judge = (el, text, colour, style) => {
    const bg = backgroundOf(el)
    const c = rgba(colour)
    const fg = over([c[0], c[1], c[2], c[3] * opacityOf(el)], bg)
    const size = parseFloat(style.fontSize)
    const bold = Number(style.fontWeight) >= 700
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5
    const ratio = ratioOf(fg, bg)
    if (ratio < need) misses.push({ text: text.slice(0, 40), where: describe(el), fg: hex(fg), bg: hex(bg), ratio: Math.round(ratio * 100) / 100, need })
  }
  const shown = (el, style) => {
    if (style.visibility !== 'visible' || el.closest('[aria-hidden="true"]')) return false
    const r = el.getBoundingClientRect()
    return r.width > 0 && r.height > 0
  }
  const disabled = (el) => el.matches(':disabled') || !!el.closest(':disabled, [aria-disabled="true"]')

  for (const el of Array.from(document.body.querySelectorAll('*'))) {
    if (el.closest('option, script, style, canvas')) continue
    const style = getComputedStyle(el)
    if (!shown(el, style) || disabled(el)) continue
    if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
      if (['checkbox', 'radio', 'range', 'color', 'hidden', 'file'].includes(el.type)) continue
      if (el.value) judge(el, el.value, style.color, style)
      else if (el.placeholder) judge(el, `placeholder: ${el.placeholder}`, getComputedStyle(el, '::placeholder').color, style)
      continue
    }
    if (el instanceof HTMLSelectElement) {
      judge(el, el.selectedOptions[0]?.text ?? '', style.color, style)
      continue
    }
    const own = Array.from(el.childNodes)
      .filter((n) => n.nodeType === Node.TEXT_NODE)
      .map((n) => n.textContent ?? '')
      .join('')
      .trim()
    if (!own) continue
    judge(el, own, el instanceof SVGElement ? style.fill : style.color, style)
  }
  return misses
}
