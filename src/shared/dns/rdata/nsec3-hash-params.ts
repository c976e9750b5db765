// The hash parameters NSEC3 and NSEC3PARAM both open with (RFC 5155 §3.2, §4.2): algorithm, flags, iterations and
// salt, read, written and parsed once for both.
import type { ByteReader, ByteWriter } from '../../bytes'
import { toHex } from '../../bytes'
import { hexToBytes, intField } from '../dnssec/presentation'

export interface HashParams {
  hashAlgorithm: number
  flags: number
  iterations: number
  salt: Uint8Array
}

export function readHashParams(r: ByteReader): HashParams {
  const hashAlgorithm = r.u8('hash algorithm')
  const flags = r.u8('flags')
  const iterations = r.u16('iterations')
  const saltLength = r.u8('salt length')
  return { hashAlgorithm, flags, iterations, salt: r.take(saltLength, 'salt') }
}

export function writeHashParams(w: ByteWriter, fields: Record<string, unknown>): void {
  const salt = hexToBytes(String(fields.salt ?? ''))
  w.u8(Number(fields.hashAlgorithm)).u8(Number(fields.flags)).u16(Number(fields.iterations)).u8(salt.length).bytes(salt)
}

/** The first four presentation words: "alg flags iterations salt|-". */
export function parseHashParams(w: string[]): { hashAlgorithm: number; flags: number; iterations: number; salt: string } {
  return {
    hashAlgorithm: intField(w[0], 255, 'The hash algorithm'),
    flags: intField(w[1], 255, 'The flags'),
    iterations: intField(w[2], 65535, 'The iterations'),
    salt: w[3] === '-' ? '' : toHex(hexToBytes(w[3]!), '')
  }
}
