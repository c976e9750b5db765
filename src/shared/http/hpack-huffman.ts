// The HPACK Huffman code (RFC 7541 Appendix B), kept as the 257 code lengths only: the code is canonical (codes
// assigned in order of length, then symbol), so the codes are derived here and a test checks them against the RFC.
import { WirebenchError } from '../errors'

/** Code length in bits of each symbol 0..255, then EOS (256), RFC 7541 Appendix B. */
const LENGTHS: readonly number[] = [13,23,28,28,28,28,28,28,28,24,30,28,28,30,28,28,28,28,28,28,28,28,30,28,28,28,28,28,28,28,28,28,6,10,10,12,13,6,8,11,10,10,8,11,8,6,6,6,5,5,5,6,6,6,6,6,6,6,7,8,15,6,12,10,13,6,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,7,8,7,8,13,19,13,14,6,15,5,6,5,6,5,6,6,6,5,7,7,6,6,6,5,6,7,6,5,5,6,7,7,7,7,7,15,11,14,13,28,20,22,20,20,22,22,22,23,22,23,23,23,23,23,24,23,24,24,22,23,24,23,23,23,23,21,22,23,22,23,23,24,22,21,20,22,22,23,23,21,23,22,22,24,21,22,23,23,21,21,22,21,23,22,23,23,20,22,22,22,23,22,22,23,26,26,20,19,22,23,22,25,26,26,26,27,27,26,24,25,19,21,26,27,27,26,27,24,21,21,26,26,28,27,27,27,20,24,20,21,22,21,21,23,22,22,25,25,24,24,26,23,26,27,26,26,27,27,27,27,27,28,27,27,27,27,27,26,30]

export const HUFFMAN_EOS = 256

/** Canonical codes: sorted by (length, symbol), each the previous plus one, shifted left when the length grows. */
function buildCodes(): number[] {
  const order = LENGTHS.map((_, i) => i).sort((a, b) => LENGTHS[a]! - LENGTHS[b]! || a - b)
  const codes = new Array<number>(LENGTHS.length).fill(0)
  let code = 0
  let prevLen = LENGTHS[order[0]!]!
  order.forEach((sym, k) => {
    const len = LENGTHS[sym]!
    if (k > 0) code = (code + 1) * 2 ** (len - prevLen)
    prevLen = len
    codes[sym] = code
  })
  return codes
}

export const HUFFMAN_CODES: readonly number[] = buildCodes()
export const HUFFMAN_LENGTHS = LENGTHS

// Canonical decoding: per length, the first code of that length and the symbols of that length in order.
const MAX_LEN = 30
const firstCode = new Array<number>(MAX_LEN + 1).fill(0)
const symbolsByLength: number[][] = Array.from({ length: MAX_LEN + 1 }, () => [])
for (let s = 0; s < LENGTHS.length; s++) symbolsByLength[LENGTHS[s]!]!.push(s)
for (let len = 1; len <= MAX_LEN; len++) {
  const first = symbolsByLength[len]![0]
  if (first !== undefined) firstCode[len] = HUFFMAN_CODES[first]!
}

/** The encoded length in bytes of `bytes` (to pick Huffman only when it is shorter). */
export function huffmanEncodedLength(bytes: Uint8Array): number {
  let bits = 0
  for (const b of bytes) bits += LENGTHS[b]!
  return Math.ceil(bits / 8)
}

/** Huffman-encodes octets, padding the last byte with the high bits of EOS (all ones), RFC 7541 §5.2. */
export function huffmanEncode(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(huffmanEncodedLength(bytes))
  let acc = 0 // pending bits, fewer than 8 before each symbol, so acc stays below 2^38 (exact in a double)
  let bits = 0
  let o = 0
  for (const b of bytes) {
    const len = LENGTHS[b]!
    acc = acc * 2 ** len + HUFFMAN_CODES[b]!
    bits += len
    while (bits >= 8) {
      const div = 2 ** (bits - 8)
      out[o++] = Math.floor(acc / div) & 0xff
      acc %= div
      bits -= 8
    }
  }
  if (bits > 0) out[o++] = ((acc << (8 - bits)) | (0xff >> bits)) & 0xff
  return out
}

/**
 * Decodes a Huffman string (RFC 7541 §5.2): an EOS symbol inside the string, padding longer than 7 bits, or padding
 * that is not the high bits of EOS (all ones) is a decoding error. `maxOutput` bounds the decoded length.
 */
export function huffmanDecode(bytes: Uint8Array, maxOutput: number): Uint8Array {
  const out = new Uint8Array(Math.min(maxOutput, Math.ceil((bytes.length * 8) / 5)))
  let o = 0
  let code = 0
  let len = 0
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!
    for (let bit = 7; bit >= 0; bit--) {
      code = code * 2 + ((byte >> bit) & 1)
      len++
      const syms = symbolsByLength[len]!
      const k = code - firstCode[len]!
      if (syms.length > 0 && k >= 0 && k < syms.length) {
        const sym = syms[k]!
        if (sym === HUFFMAN_EOS) throw compression('The Huffman string contains the EOS symbol, which must never be sent (RFC 7541 §5.2).')
        if (o >= out.length) throw compression(`The Huffman string decodes to more than ${maxOutput} bytes, over the limit.`)
        out[o++] = sym
        code = 0
        len = 0
      } else if (len >= MAX_LEN) {
        throw compression('The Huffman string holds a bit sequence that is not a code (RFC 7541 Appendix B).')
      }
    }
  }
  if (len > 7) throw compression(`The Huffman string ends with ${len} bits of padding; at most 7 are allowed (RFC 7541 §5.2).`)
  if (code !== 2 ** len - 1) throw compression('The Huffman padding is not the high bits of EOS (all ones), RFC 7541 §5.2.')
  return out.slice(0, o)
}

function compression(message: string): WirebenchError {
  return new WirebenchError('HPACK_COMPRESSION_ERROR', message)
}
