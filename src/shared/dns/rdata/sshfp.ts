// SSHFP (RFC 4255, RFC 6594): an SSH host key's fingerprint published in DNS, so `ssh -o VerifyHostKeyDNS` can check
// a host key without trust on first use. dig prints `4 2 7F5A…` (hex upper-case in 56-digit groups, see tlsa.ts).
import type { RdataCodec } from './codec'
import { WirebenchError } from '../../errors'
import { parseHex } from '../../bytes'
import { digHex } from './tlsa'

const ALGORITHM: Record<number, string> = { 1: 'RSA', 2: 'DSA', 3: 'ECDSA', 4: 'Ed25519', 6: 'Ed448' }
const ALGORITHM_RFC: Record<number, string> = { 1: 'RFC 4255', 2: 'RFC 4255', 3: 'RFC 6594', 4: 'RFC 7479', 6: 'RFC 8709' }
const FP_TYPE: Record<number, string> = { 1: 'SHA-1', 2: 'SHA-256' }
const FP_LENGTH: Record<number, number> = { 1: 20, 2: 32 }

export const SSHFP_CODEC: RdataCodec = {
  type: 'SSHFP',
  code: 44,
  explain: 'The fingerprint of an SSH host key, for checking it without trust on first use (RFC 4255).',
  decode(r, length, ctx) {
    const start = r.pos
    if (length < 2) throw new WirebenchError('DNS_MALFORMED', `SSHFP RDATA is at least 2 octets; this one has ${length} (RFC 4255 §3.1).`)
    const algorithm = r.u8('algorithm')
    const fingerprintType = r.u8('fingerprint type')
    const fp = r.take(length - 2, 'fingerprint')
    const algorithmName = ALGORITHM[algorithm] ?? 'unassigned'
    const typeName = FP_TYPE[fingerprintType] ?? 'unassigned'
    ctx.span('Algorithm', start, 1, `${algorithm} (${algorithmName})`, `The host key's algorithm (${ALGORITHM_RFC[algorithm] ?? 'RFC 4255 §3.1.1'}).`)
    ctx.span('Fingerprint type', start + 1, 1, `${fingerprintType} (${typeName})`, 'The hash over the host key blob (RFC 4255 §3.1.2, RFC 6594 §4.1).')
    ctx.span('Fingerprint', start + 2, fp.length, digHex(fp), 'Hash of the public key blob as SSH sends it (RFC 4255 §3.1.3).')
    const problems: string[] = []
    const want = FP_LENGTH[fingerprintType]
    if (want !== undefined && fp.length !== want) problems.push(`A ${typeName} fingerprint is ${want} octets; this one has ${fp.length} (RFC 6594 §4.1).`)
    if (fingerprintType === 1) problems.push('SHA-1 fingerprints are weak; publish SHA-256 (type 2) as well (RFC 6594 §4.1).')
    return {
      fields: { algorithm, algorithmName, fingerprintType, fingerprintTypeName: typeName, fingerprint: digHex(fp).replace(/ /g, ''), problems },
      data: `${algorithm} ${fingerprintType} ${digHex(fp)}`
    }
  },
  encode(fields, w) {
    w.u8(Number(fields.algorithm)).u8(Number(fields.fingerprintType)).bytes(parseHex(String(fields.fingerprint ?? '')))
  },
  parse(text) {
    const [a, t, ...rest] = text.trim().split(/\s+/)
    if (![a, t].every((x) => x !== undefined && /^\d{1,3}$/.test(x))) {
      throw new WirebenchError('INVALID_INPUT', 'SSHFP is: algorithm fingerprint-type hex, e.g. 4 2 7F5A… (RFC 4255 §3.2).')
    }
    return { algorithm: Number(a), fingerprintType: Number(t), fingerprint: rest.join('').toUpperCase() }
  }
}
