// What `wirebench dns` makes of its arguments before asking anything: dig's free word order (type before or after
// the name), flags that belong to a mode, and the contract's option bounds said in the flags the user typed.
import { queryOptionsInput, type QueryOptionsInput } from '../../shared/contract/dns'
import { typeCode } from '../../shared/dns/types'
import { UsageError, type Values } from './kit'

/** The flag behind each option, its unit and where its bound comes from: errors name what the user typed. */
const OPTION_FLAGS: Record<string, { flag: string; unit: string; source?: string }> = {
  udpSize: { flag: '--bufsize', unit: 'bytes', source: 'RFC 6891 §6.2.5' },
  retries: { flag: '--retries', unit: 'more tries' },
  padding: { flag: '--padding', unit: 'bytes to pad to', source: 'RFC 7830, RFC 8467' },
  timeoutMs: { flag: '--timeout', unit: 'ms per try' },
  clientSubnet: { flag: '--subnet', unit: 'characters', source: 'RFC 7871' }
}

/** The contract's checks of the options, said in flags ("--bufsize is at most 65535 bytes (RFC 6891 §6.2.5)"). */
export function checkOptions(options: QueryOptionsInput): void {
  const parsed = queryOptionsInput.safeParse(options)
  if (parsed.success) return
  const words = parsed.error.issues.slice(0, 3).map((i) => {
    const f = OPTION_FLAGS[String(i.path[0])]
    if (!f) return `${i.path.map(String).join('.')}: ${i.message}`
    const source = f.source ? ` (${f.source})` : ''
    const issue = i as { code: string; maximum?: number | bigint; minimum?: number | bigint }
    if (issue.code === 'too_big') return `${f.flag} is at most ${issue.maximum} ${f.unit}${source}`
    if (issue.code === 'too_small') return `${f.flag} is at least ${issue.minimum} ${f.unit}${source}`
    return `${f.flag} takes a whole number of ${f.unit}`
  })
  throw new UsageError(words.join('; '))
}

/** A record type mnemonic (or TYPEnnn, or ALL) as dig recognises one before the name; a bare number is a name. */
function isTypeWord(word: string): boolean {
  if (/^\d+$/.test(word)) return false
  if (word.toUpperCase() === 'ALL') return true
  try {
    typeCode(word)
    return true
  } catch {
    return false
  }
}

/** dig's order is free: `dig AAAA www.example` asks the same as `dig www.example AAAA`. */
export function nameAndTypes(words: string[]): { name?: string; types: string[] } {
  const first = words[0]
  if (first !== undefined && isTypeWord(first)) {
    const at = words.findIndex((w, i) => i > 0 && !isTypeWord(w))
    if (at > 0) return { name: words[at], types: words.filter((_, i) => i !== at) }
  }
  return { name: words[0], types: words.slice(1) }
}

export function needs(values: Values, flag: string, modes: string[]): void {
  if (values[flag] !== undefined && !modes.some((m) => values[m])) {
    throw new UsageError(`--${flag} is used only with ${modes.map((m) => `--${m}`).join(' or ')}`)
  }
}
