// The Connections forms' fields checked in the page, so a mistake is named in the field's own unit and words
// ("0.05 seconds") before the contract's schema, which speaks milliseconds and field paths, ever sees it.

/** A field's text read as a number, or the sentence that says what is wrong with it. */
export type Checked = { ok: true; value: number } | { ok: false; message: string }

const DECIMAL_WHOLE = /^\d+$/
const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/

/** A port as typed: decimal digits only, since Number("0x50") is 80 and "1e3" is 1000 — not what a user meant. */
export function checkPort(text: string, { listen }: { listen: boolean }): Checked {
  const t = text.trim()
  if (t === '') return { ok: false, message: listen ? 'Type a port (0 lets the OS choose a free one).' : 'Type the port to connect to, 1 to 65535.' }
  if (/^0[xob]/i.test(t)) {
    const meant = Number(t)
    const as = Number.isFinite(meant) ? ` (as a number, ${t} would be port ${meant})` : ''
    return { ok: false, message: `"${t}" is not a decimal number: type ports in decimal${as}.` }
  }
  if (!DECIMAL_WHOLE.test(t)) return { ok: false, message: `"${t}" is not a port: a port is a whole number from ${listen ? 0 : 1} to 65535, in decimal digits.` }
  const port = Number(t)
  if (port > 65535) return { ok: false, message: 'A port is a whole number from 0 to 65535.' }
  if (port === 0 && !listen) return { ok: false, message: 'Port 0 cannot be connected to; use 1 to 65535.' }
  return { ok: true, value: port }
}

/** A time typed in seconds, 0 meaning off; what goes to main is whole milliseconds. */
export function checkSeconds(text: string, name: string): Checked {
  const t = text.trim()
  if (!DECIMAL.test(t)) return { ok: false, message: `${name}: type a number of seconds, such as 30 or 0.5 (0 turns it off).` }
  const seconds = Number(t)
  if (seconds === 0) return { ok: true, value: 0 }
  if (seconds < 0.1) return { ok: false, message: `${name}: ${t} s is too short; use at least 0.1 seconds, or 0 to turn it off.` }
  if (seconds > 86_400) return { ok: false, message: `${name}: at most 86400 seconds (one day); 0 turns it off.` }
  return { ok: true, value: Math.round(seconds * 1000) }
}

/** A whole count within bounds, named in its unit ("bytes", "connections"). */
export function checkCount(text: string, name: string, unit: string, min: number, max: number): Checked {
  const t = text.trim()
  if (!DECIMAL_WHOLE.test(t)) return { ok: false, message: `${name}: type a whole number of ${unit}, from ${min} to ${max}.` }
  const n = Number(t)
  if (n < min || n > max) return { ok: false, message: `${name}: from ${min} to ${max} ${unit}.` }
  return { ok: true, value: n }
}

/** What a field shows under itself: nothing while it is empty and untouched by a submit, else its message. */
export function fieldMessage(checked: Checked, text: string, submitted = false): string | null {
  if (checked.ok) return null
  return text.trim() === '' && !submitted ? null : checked.message
}

