// IP addresses as certificates carry them: 4 or 16 raw bytes (iPAddress SAN), or 8/32 bytes of address + mask
// (name constraints). Parsing is strict: no zone ids, no shorthand such as "127.1".

import { addressFromBytes, addressToBytes, formatAddress, parseAddress } from '../ip'

/** An IPv4 or IPv6 literal as its 4 or 16 bytes, or undefined when the text is not one (zones are refused). */
export function parseIP(text: string): Uint8Array | undefined {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text
  const parsed = parseAddress(bare)
  if (!parsed.ok || (parsed.value.version === 6 && parsed.value.zone !== null)) return undefined
  return addressToBytes(parsed.value)
}

/** RFC 5952 text for 4 or 16 bytes; other lengths as hex. */
export function formatIP(bytes: Uint8Array): string {
  const address = addressFromBytes(bytes)
  return address.ok ? formatAddress(address.value) : Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(':')
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
