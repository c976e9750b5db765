// IP addresses as certificates carry them: 4 or 16 raw bytes (iPAddress SAN), or 8/32 bytes of address + mask
// (name constraints). Parsing is strict: no zone ids, no shorthand such as "127.1".

export function parseIPv4(text: string): Uint8Array | undefined {
  const parts = text.split('.')
  if (parts.length !== 4) return undefined
  const out = new Uint8Array(4)
  for (let i = 0; i < 4; i++) {
    const p = parts[i] as string
    if (!/^(0|[1-9]\d{0,2})$/.test(p)) return undefined
    const v = Number(p)
    if (v > 255) return undefined
    out[i] = v
  }
  return out
}

export function parseIPv6(text: string): Uint8Array | undefined {
  let s = text
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1)
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.length > 45) return undefined
  let tail: Uint8Array | undefined
  const lastColon = s.lastIndexOf(':')
  if (s.includes('.')) {
    tail = parseIPv4(s.slice(lastColon + 1))
    if (!tail) return undefined
    s = s.slice(0, lastColon + 1) + '0:0'
  }
  const halves = s.split('::')
  if (halves.length > 2) return undefined
  const groups = (h: string): string[] => (h === '' ? [] : h.split(':'))
  const head = groups(halves[0] as string)
  const rest = halves.length === 2 ? groups(halves[1] as string) : []
  const total = head.length + rest.length
  if (halves.length === 1 ? total !== 8 : total > 7) return undefined
  const all = [...head, ...Array<string>(8 - total).fill('0'), ...rest]
  const out = new Uint8Array(16)
  for (let i = 0; i < 8; i++) {
    const g = all[i] as string
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined
    const v = parseInt(g, 16)
    out[i * 2] = v >> 8
    out[i * 2 + 1] = v & 0xff
  }
  if (tail) out.set(tail, 12)
  return out
}

/** An IPv4 or IPv6 literal as bytes, or undefined when the text is not an IP address. */
export function parseIP(text: string): Uint8Array | undefined {
  return parseIPv4(text) ?? (text.includes(':') ? parseIPv6(text) : undefined)
}

/** RFC 5952 text for 4 or 16 bytes; other lengths as hex. */
export function formatIP(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.')
  if (bytes.length !== 16) return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(':')
  const groups: number[] = []
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i] as number) << 8) | (bytes[i + 1] as number))
  // IPv4-mapped (::ffff:a.b.c.d)
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${Array.from(bytes.subarray(12)).join('.')}`
  }
  let bestStart = -1
  let bestLen = 0
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i
      bestLen = j - i
    }
    i = j
  }
  const hex = groups.map((g) => g.toString(16))
  if (bestStart < 0) return hex.join(':')
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`
}

/** Address/mask pairs (name constraints) as "10.0.0.0/8"; a non-contiguous mask is shown as address/mask. */
export function formatIPRange(bytes: Uint8Array): string {
  const half = bytes.length / 2
  if (half !== 4 && half !== 16) return formatIP(bytes)
  const addr = bytes.subarray(0, half)
  const mask = bytes.subarray(half)
  let prefix = 0
  let contiguous = true
  for (const b of mask) {
    for (let bit = 7; bit >= 0; bit--) {
      if (b & (1 << bit)) {
        if (!contiguous) return `${formatIP(addr)}/${formatIP(mask)}`
        prefix++
      } else contiguous = false
    }
  }
  return `${formatIP(addr)}/${prefix}`
}

/** Parses "10.0.0.0/8" or "2001:db8::/32" into address+mask bytes. */
export function parseIPRange(text: string): Uint8Array | undefined {
  const [a, p] = text.split('/')
  const addr = a === undefined ? undefined : parseIP(a)
  if (!addr) return undefined
  const bitsTotal = addr.length * 8
  const prefix = p === undefined ? bitsTotal : /^\d{1,3}$/.test(p) ? Number(p) : NaN
  if (!(prefix >= 0 && prefix <= bitsTotal)) return undefined
  const out = new Uint8Array(addr.length * 2)
  for (let i = 0; i < addr.length; i++) {
    const maskBits = Math.max(0, Math.min(8, prefix - i * 8))
    const m = maskBits === 0 ? 0 : (0xff << (8 - maskBits)) & 0xff
    out[addr.length + i] = m
    out[i] = (addr[i] as number) & m
  }
  return out
}
