// The PKCS#12 KDF hashes its own digest thousands of times. A node:crypto call per round costs about 2 µs of
// object and binding overhead for one block of work, so SHA-1 and SHA-256 rounds run here on plain integers
// (about ten times faster); other hashes keep node:crypto.
import { createHash } from 'node:crypto'

const SHA256_K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be,
  0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa,
  0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85,
  0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
  0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
  0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
])
const SHA256_IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
const SHA1_IV = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0]

function toWords(bytes: Uint8Array, count: number): Int32Array {
  const w = new Int32Array(count)
  for (let i = 0; i < count; i++) w[i] = ((bytes[i * 4]! << 24) | (bytes[i * 4 + 1]! << 16) | (bytes[i * 4 + 2]! << 8) | bytes[i * 4 + 3]!) | 0
  return w
}

function toBytes(words: Int32Array): Uint8Array {
  const out = new Uint8Array(words.length * 4)
  for (let i = 0; i < words.length; i++) {
    const v = words[i]!
    out[i * 4] = v >>> 24
    out[i * 4 + 1] = (v >>> 16) & 0xff
    out[i * 4 + 2] = (v >>> 8) & 0xff
    out[i * 4 + 3] = v & 0xff
  }
  return out
}

/** `rounds` more times SHA-1 of a 20-byte digest: each round is one padded block. */
function iterateSha1(digest: Uint8Array, rounds: number): Uint8Array {
  const h = toWords(digest, 5)
  const w = new Int32Array(80)
  for (let r = 0; r < rounds; r++) {
    w.set(h, 0)
    w[5] = 0x80000000 | 0
    w.fill(0, 6, 15)
    w[15] = 160
    for (let t = 16; t < 80; t++) {
      const x = w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!
      w[t] = (x << 1) | (x >>> 31)
    }
    let a = SHA1_IV[0]! | 0, b = SHA1_IV[1]! | 0, c = SHA1_IV[2]! | 0, d = SHA1_IV[3]! | 0, e = SHA1_IV[4]! | 0
    for (let t = 0; t < 80; t++) {
      let f: number
      let k: number
      if (t < 20) {
        f = (b & c) | (~b & d)
        k = 0x5a827999
      } else if (t < 40) {
        f = b ^ c ^ d
        k = 0x6ed9eba1
      } else if (t < 60) {
        f = (b & c) | (b & d) | (c & d)
        k = 0x8f1bbcdc | 0
      } else {
        f = b ^ c ^ d
        k = 0xca62c1d6 | 0
      }
      const tmp = (((a << 5) | (a >>> 27)) + f + e + k + w[t]!) | 0
      e = d
      d = c
      c = (b << 30) | (b >>> 2)
      b = a
      a = tmp
    }
    h[0] = (SHA1_IV[0]! + a) | 0
    h[1] = (SHA1_IV[1]! + b) | 0
    h[2] = (SHA1_IV[2]! + c) | 0
    h[3] = (SHA1_IV[3]! + d) | 0
    h[4] = (SHA1_IV[4]! + e) | 0
  }
  return toBytes(h)
}

/** `rounds` more times SHA-256 of a 32-byte digest: each round is one padded block. */
function iterateSha256(digest: Uint8Array, rounds: number): Uint8Array {
  const h = toWords(digest, 8)
  const w = new Int32Array(64)
  for (let r = 0; r < rounds; r++) {
    w.set(h, 0)
    w[8] = 0x80000000 | 0
    w.fill(0, 9, 15)
    w[15] = 256
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15]!, y = w[t - 2]!
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)
      w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) | 0
    }
    let a = SHA256_IV[0]! | 0, b = SHA256_IV[1]! | 0, c = SHA256_IV[2]! | 0, d = SHA256_IV[3]! | 0
    let e = SHA256_IV[4]! | 0, f = SHA256_IV[5]! | 0, g = SHA256_IV[6]! | 0, hh = SHA256_IV[7]! | 0
    for (let t = 0; t < 64; t++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
      const t1 = (hh + S1 + ((e & f) ^ (~e & g)) + SHA256_K[t]! + w[t]!) | 0
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
      const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0
      hh = g
      g = f
      f = e
      e = (d + t1) | 0
      d = c
      c = b
      b = a
      a = (t1 + t2) | 0
    }
    h[0] = (SHA256_IV[0]! + a) | 0
    h[1] = (SHA256_IV[1]! + b) | 0
    h[2] = (SHA256_IV[2]! + c) | 0
    h[3] = (SHA256_IV[3]! + d) | 0
    h[4] = (SHA256_IV[4]! + e) | 0
    h[5] = (SHA256_IV[5]! + f) | 0
    h[6] = (SHA256_IV[6]! + g) | 0
    h[7] = (SHA256_IV[7]! + hh) | 0
  }
  return toBytes(h)
}

/** hash(hash(...hash(first))) with `iterations` hashes in all, where the first is of `first` itself. */
export function iteratedHash(hash: string, first: Uint8Array[], iterations: number): Uint8Array {
  const start = createHash(hash)
  for (const part of first) start.update(part)
  const digest = new Uint8Array(start.digest())
  if (iterations <= 1) return digest
  if (hash === 'sha1') return iterateSha1(digest, iterations - 1)
  if (hash === 'sha256') return iterateSha256(digest, iterations - 1)
  let a: Uint8Array = digest
  for (let r = 1; r < iterations; r++) a = createHash(hash).update(a).digest()
  return a
}
