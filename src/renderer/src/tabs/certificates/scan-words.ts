// How the scan report words what the engine gives it: a fix split into its words and the configuration lines to
// paste, a source without its URL. Pure, so it is tested without a page.

/**
 * A fix as words and the lines to paste: text in backticks is configuration (an nginx or Apache line) and becomes a
 * code block; the words between ("nginx:", "· Apache:") label the block below them. A fix without backticks that
 * spans lines is configuration as a whole.
 */
export function fixParts(fix: string): { text?: string; code?: string }[] {
  const pieces = fix.split('`')
  if (pieces.length < 3) return /\n/.test(fix) ? [{ code: fix }] : [{ text: `Fix: ${fix}` }]
  const parts: { text?: string; code?: string }[] = []
  pieces.forEach((piece, i) => {
    if (i % 2 === 1) return void parts.push({ code: piece })
    const words = piece.replace(/^\s*[·;,]\s*/, '').trim()
    if (words) parts.push({ text: i === 0 ? `Fix: ${words}` : words })
  })
  return parts
}

/** A source without its URL (kept in the tooltip): the guide's name and section are what a reader scans for. */
export const shortSource = (source: string): string => source.replace(/,?\s*https?:\/\/[^\s,]+/g, '').trim()
