// What a scan offers: the registry's suites sorted into the lists each protocol version may carry (RFC 5246 §A.5,
// RFC 8446 §B.4), in an order servers are used to (strong and common first), cut into hellos of at most
// MAX_SUITES_PER_HELLO; the groups, curves and signature schemes offered; one set of key shares per scan.
import { generateKeyPairSync } from 'node:crypto'
import { CIPHER_SUITES } from '../../../shared/tls/cipher-suites'
import type { ProtocolName } from '../../../shared/tls/scan-model'

/** Long suite lists trip old servers and push the hello past one record; two hellos cover the registry. */
export const MAX_SUITES_PER_HELLO = 180

/** Signalling values, never negotiated: the empty renegotiation_info SCSV (RFC 5746 §3.3) and TLS_FALLBACK_SCSV (RFC 7507). */
export const EMPTY_RENEGOTIATION_SCSV = 0x00ff
export const FALLBACK_SCSV = 0x5600

export const TLS13_SUITES = [0x1302, 0x1303, 0x1301, 0x1304, 0x1305]

/** AEAD and SHA-2 MAC suites were defined for TLS 1.2 (RFC 5246 §1.2, RFC 5288, RFC 5289); earlier versions cannot use them. */
const TLS12_ONLY = /_GCM_|_CCM|CHACHA20|POLY1305|_SHA256$|_SHA384$|_GOSTR|_MGM_|_SM4_/

function rank(name: string, openssl: boolean): number {
  let r = 0
  if (/^TLS_ECDHE_(ECDSA|RSA)_/.test(name)) r += 0
  else if (/^TLS_DHE_(RSA|DSS)_/.test(name)) r += 10
  else if (/^TLS_RSA_WITH/.test(name)) r += 20
  else if (/^TLS_(ECDH|DH)_/.test(name)) r += 30
  else r += 40
  if (/_GCM_|CHACHA20/.test(name)) r += 0
  else if (/_CCM/.test(name)) r += 2
  else if (/_CBC_/.test(name)) r += 4
  else r += 6
  if (!openssl) r += 100
  if (/_anon_|_NULL_|EXPORT|_PSK_|_SRP_|KRB5/.test(name)) r += 200
  return r
}

function sortedSuites(filter: (name: string) => boolean): number[] {
  const rows: { code: number; r: number }[] = []
  for (const [code, s] of CIPHER_SUITES) {
    if (s.tls13 || code === 0x0000 || code === EMPTY_RENEGOTIATION_SCSV || code === FALLBACK_SCSV) continue
    if (!filter(s.iana)) continue
    rows.push({ code, r: rank(s.iana, s.openssl !== undefined) })
  }
  return rows.sort((a, b) => a.r - b.r || a.code - b.code).map((x) => x.code)
}

const TLS12_LIST = sortedSuites(() => true)
const LEGACY_LIST = sortedSuites((name) => !TLS12_ONLY.test(name))

/** Every registry suite the version can negotiate, in offer order. */
export function suitesFor(p: ProtocolName): number[] {
  if (p === 'TLSv1.3') return [...TLS13_SUITES]
  return p === 'TLSv1.2' ? [...TLS12_LIST] : [...LEGACY_LIST]
}

export function chunk<T>(list: T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size))
  return out
}

/** Every elliptic curve and finite-field group (RFC 8422 §5.1.1, RFC 7919 §2), offered in TLS 1.2 hellos. */
export const TLS12_CURVES = [
  0x001d, 0x0017, 0x0018, 0x0019, 0x001e, 0x001a, 0x001b, 0x001c, 0x0016, 0x0015, 0x0014, 0x0013, 0x0012, 0x0011, 0x0010, 0x000f, 0x000e, 0x000d, 0x000c, 0x000b, 0x000a, 0x0009,
  0x0008, 0x0007, 0x0006, 0x0005, 0x0004, 0x0003, 0x0002, 0x0001
]
export const FFDHE_GROUPS = [0x0100, 0x0101, 0x0102, 0x0103, 0x0104]

/** TLS 1.3 groups: ECDHE, the brainpool TLS 1.3 curves, FFDHE, and the post-quantum hybrids (draft-ietf-tls-ecdhe-mlkem). */
export const TLS13_GROUPS = [0x11ec, 0x001d, 0x0017, 0x0018, 0x0019, 0x001e, 0x11eb, 0x11ed, 0x6399, 0x001f, 0x0020, 0x0021, 0x0200, 0x0201, 0x0202, ...FFDHE_GROUPS]

export const X25519 = 0x001d
export const SECP256R1 = 0x0017

/** Signature schemes offered when asking which ones the server signs with (RFC 8446 §4.2.3, RFC 5246 §7.4.1.4.1). */
export const SIGNATURE_SCHEMES = [
  0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b, 0x0401, 0x0501, 0x0601, 0x081a, 0x081b, 0x081c, 0x0303, 0x0301, 0x0302, 0x0203,
  0x0201, 0x0202, 0x0402, 0x0502, 0x0602, 0x0101, 0x0102, 0x0103
]

export interface KeyShares {
  x25519: Uint8Array
  secp256r1: Uint8Array
}

/** Real public keys, one pair per scan: a server may check that a share is a valid point (RFC 8446 §4.2.8.2). */
export function makeKeyShares(): KeyShares {
  const x = generateKeyPairSync('x25519').publicKey.export({ format: 'der', type: 'spki' })
  const p = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'der', type: 'spki' })
  // SPKI ends with the raw key: 32 bytes for X25519, the 65-byte uncompressed point for P-256
  return { x25519: new Uint8Array(x.subarray(x.length - 32)), secp256r1: new Uint8Array(p.subarray(p.length - 65)) }
}
