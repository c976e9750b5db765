// Which public keys a Web PKI certificate may carry (CA/B Forum BR §6.1.5, §6.1.6, §7.1.3.1; RFC 3279, RFC 5480,
// RFC 8410), and whether a key can be used to verify signatures at all. These rules apply to every certificate on a
// path, trust anchors included: RFC 5280 §6.1.1 reduces an anchor to "a name and a key", and that key is exactly
// what signs the next certificate, so a weak, odd or malformed anchor key weakens the whole path (the root programs
// hold roots to the same key rules). The key is re-read here from the SPKI bytes rather than trusted from the
// description, so an exponent too long to describe or trailing bytes are still judged.
import { createPublicKey } from 'node:crypto'
import { type Asn1, Tag, decode, expect, readOid } from '../../shared/x509/asn1'
import { CURVES, OID } from '../../shared/x509/oids'
import type { ParsedCertificate } from './certificate'
import type { ChainIssue } from './types'

/** Where a rule's findings go, and how the certificate is named in them. */
export interface ProfileContext {
  depth: number
  /** The certificate as a user knows it, quoted: its CN, else its subject. */
  name: string
  out: ChainIssue[]
}

export function report(ctx: ProfileContext, severity: ChainIssue['severity'], code: string, source: string, message: string): void {
  ctx.out.push({ severity, code, message, source, depth: ctx.depth })
}

/** The largest RSA modulus verified (OpenSSL's OPENSSL_RSA_MAX_MODULUS_BITS): a work bound for hostile keys. */
export const MAX_RSA_BITS = 16_384

const RSA_ALGORITHM_ID = '300d06092a864886f70d0101010500'

interface RsaKey {
  bits: number
  modulusOdd: boolean
  exponent: bigint
  /** The AlgorithmIdentifier is exactly rsaEncryption with an explicit NULL (BR §7.1.3.1.1). */
  canonicalAlgorithm: boolean
  paramsNull: boolean
}

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')

function spkiParts(cert: ParsedCertificate): { alg: Asn1; params: Asn1 | undefined; key: Uint8Array; unusedBits: number } {
  const [alg, keyBits] = expect(decode(cert.spkiDer), Tag.sequence, 'SubjectPublicKeyInfo').children
  const kids = expect(alg, Tag.sequence, 'AlgorithmIdentifier').children
  const content = expect(keyBits, Tag.bitString, 'subjectPublicKey').content
  return { alg: alg as Asn1, params: kids[1], key: content.subarray(1), unusedBits: content[0] ?? 0 }
}

/** A DER INTEGER that must be positive and minimally encoded (X.690 §8.3.2). */
function positiveInteger(node: Asn1 | undefined, what: string): Uint8Array {
  const c = expect(node, Tag.integer, what).content
  if (c.length === 0) throw new Error(`the ${what} is empty`)
  if (((c[0] as number) & 0x80) !== 0) throw new Error(`the ${what} is negative`)
  if (c.length > 1 && c[0] === 0 && ((c[1] as number) & 0x80) === 0) throw new Error(`the ${what} is not minimally encoded`)
  if (c.every((b) => b === 0)) throw new Error(`the ${what} is zero`)
  return c[0] === 0 ? c.subarray(1) : c
}

/** RFC 8017 §A.1.1 RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }, read strictly. */
function readRsa(cert: ParsedCertificate): RsaKey {
  const { alg, params, key, unusedBits } = spkiParts(cert)
  if (unusedBits !== 0) throw new Error('the key BIT STRING has unused bits')
  const parts = expect(decode(key), Tag.sequence, 'RSAPublicKey').children
  if (parts.length !== 2) throw new Error(`RSAPublicKey has ${parts.length} fields instead of 2 (modulus, exponent)`)
  const n = positiveInteger(parts[0], 'modulus')
  const e = positiveInteger(parts[1], 'public exponent')
  const bits = (n.length - 1) * 8 + (n[0] as number).toString(2).length
  if (e.length > 512) throw new Error('the public exponent is implausibly long')
  return {
    bits,
    modulusOdd: ((n[n.length - 1] as number) & 1) === 1,
    exponent: BigInt(`0x${hex(e)}`),
    canonicalAlgorithm: hex(alg.raw) === RSA_ALGORITHM_ID,
    paramsNull: params?.isUniversal(Tag.null) === true && params.length === 0
  }
}

const unreadableCache = new WeakMap<ParsedCertificate, string | null>()

/**
 * Why this certificate's key cannot verify signatures (malformed, an unknown or key-agreement-only algorithm, an EC
 * point not on its curve, an RSA modulus past the work bound), or undefined when it can. The verifier skips such a
 * certificate as an issuer candidate and says why.
 */
export function unreadableKey(cert: ParsedCertificate): string | undefined {
  let v = unreadableCache.get(cert)
  if (v === undefined) {
    v = findUnreadable(cert) ?? null
    unreadableCache.set(cert, v)
  }
  return v ?? undefined
}

function findUnreadable(cert: ParsedCertificate): string | undefined {
  const pk = cert.publicKey
  if (pk.error) return `its ${pk.algorithm} public key is malformed (${pk.error})`
  switch (pk.oid) {
    case OID.rsaEncryption:
    case OID.rsassaPss:
    case OID.ecPublicKey:
    case OID.ed25519:
    case OID.ed448:
    case OID.dsa:
      break
    case OID.x25519:
    case OID.x448:
      return `its ${pk.algorithm} key is for key agreement only and cannot verify signatures (RFC 8410 §3)`
    default:
      return `its public key algorithm (${pk.oid}) is unknown`
  }
  if (pk.oid === OID.rsaEncryption || pk.oid === OID.rsassaPss) {
    try {
      const rsa = readRsa(cert)
      if (rsa.bits > MAX_RSA_BITS) return `its RSA modulus of ${rsa.bits} bits is larger than the ${MAX_RSA_BITS} bits Wirebench verifies with`
    } catch (err) {
      return `its RSA public key is malformed: ${err instanceof Error ? err.message : String(err)} (RFC 8017 §A.1.1)`
    }
  }
  try {
    // OpenSSL's decoder checks what we do not: an EC point on its curve, DSA domain parameters, Ed25519 length
    createPublicKey({ key: Buffer.from(cert.spkiDer), format: 'der', type: 'spki' })
  } catch (err) {
    const why = err instanceof Error ? err.message.replace(/^error:[0-9A-F]+:/i, '') : String(err)
    return `its ${pk.algorithm} public key cannot be loaded (${why})`
  }
  return undefined
}

/** The Web PKI key rules for one certificate (see the file comment for why anchors are included). */
export function keyIssues(cert: ParsedCertificate, ctx: ProfileContext, opts: { allowEd25519?: boolean } = {}): void {
  const pk = cert.publicKey
  const forbid = (what: string, source: string): void =>
    report(ctx, 'error', 'FORBIDDEN_KEY_ALGORITHM', source, `${ctx.name} has ${what}; the Web PKI allows only RSA (2048 bits or more) and ECDSA P-256 or P-384 keys (${source}).`)
  switch (pk.oid) {
    case OID.rsaEncryption:
    case OID.rsassaPss:
      if (pk.oid === OID.rsassaPss) forbid('an RSA key labelled id-RSASSA-PSS, which BR §7.1.3.1.1 forbids (RSA keys MUST use rsaEncryption)', 'CA/B Forum BR §7.1.3.1.1')
      rsaIssues(cert, ctx)
      break
    case OID.ecPublicKey:
      ecIssues(cert, ctx)
      break
    case OID.ed25519:
      if (!opts.allowEd25519) forbid('an Ed25519 key, which the Baseline Requirements do not allow (allow it explicitly where the client accepts it)', 'CA/B Forum BR §6.1.5')
      else edParamsIssue(cert, ctx)
      break
    case OID.dsa:
      forbid(`a DSA key${pk.bits ? ` of ${pk.bits} bits` : ''}; DSA is not allowed and no browser accepts it`, 'CA/B Forum BR §6.1.5')
      break
    default:
      forbid(`a ${pk.algorithm} key`, 'CA/B Forum BR §6.1.5')
      return // an unknown algorithm is unreadable by definition; one finding is enough
  }
  const why = unreadableKey(cert)
  if (why) report(ctx, 'error', 'MALFORMED_KEY', 'RFC 5280 §4.1.2.7', `${ctx.name} cannot be used: ${why}.`)
}

function rsaIssues(cert: ParsedCertificate, ctx: ProfileContext): void {
  let rsa: RsaKey
  try {
    rsa = readRsa(cert)
  } catch {
    return // MALFORMED_KEY says why
  }
  if (!rsa.paramsNull && cert.publicKey.oid === OID.rsaEncryption) {
    report(ctx, 'error', 'RSA_PARAMETERS_NOT_NULL', 'RFC 3279 §2.3.1; CA/B Forum BR §7.1.3.1.1',
      `${ctx.name}'s rsaEncryption AlgorithmIdentifier has no NULL parameters; RFC 3279 §2.3.1 says they MUST be NULL.`)
  } else if (!rsa.canonicalAlgorithm && cert.publicKey.oid === OID.rsaEncryption) {
    report(ctx, 'warning', 'NONCANONICAL_KEY_ENCODING', 'CA/B Forum BR §7.1.3.1.1',
      `${ctx.name}'s RSA AlgorithmIdentifier is not byte-for-byte 300d06092a864886f70d0101010500 as BR §7.1.3.1.1 requires.`)
  }
  if (rsa.bits < 2048) {
    report(ctx, 'error', 'WEAK_KEY', 'CA/B Forum BR §6.1.5', `${ctx.name} has a ${rsa.bits}-bit RSA key; BR §6.1.5 requires a modulus of at least 2048 bits.`)
  }
  if (rsa.bits % 8 !== 0) {
    report(ctx, 'error', 'RSA_MODULUS_NOT_MULTIPLE_OF_8', 'CA/B Forum BR §6.1.5',
      `${ctx.name}'s RSA modulus is ${rsa.bits} bits; BR §6.1.5 requires a size evenly divisible by 8.`)
  }
  if (!rsa.modulusOdd) {
    report(ctx, 'warning', 'RSA_MODULUS_EVEN', 'CA/B Forum BR §6.1.6', `${ctx.name}'s RSA modulus is even; BR §6.1.6 says it SHOULD be odd (an even modulus is trivially factored).`)
  }
  const e = rsa.exponent
  if (e < 3n || e % 2n === 0n) {
    report(ctx, 'error', 'RSA_BAD_EXPONENT', 'CA/B Forum BR §6.1.6',
      `${ctx.name}'s RSA public exponent is ${e}; BR §6.1.6 requires an odd number of 3 or more.`)
  } else if (e < 65_537n || e >= 2n ** 256n) {
    report(ctx, 'warning', 'RSA_EXPONENT_OUT_OF_RANGE', 'CA/B Forum BR §6.1.6',
      `${ctx.name}'s RSA public exponent ${e < 2n ** 64n ? e.toString() : `of ${e.toString(2).length} bits`} is outside 2^16+1 … 2^256−1, the range BR §6.1.6 recommends.`)
  }
}

function ecIssues(cert: ParsedCertificate, ctx: ProfileContext): void {
  let params: Asn1 | undefined
  try {
    params = spkiParts(cert).params
  } catch {
    return
  }
  if (!params || params.isUniversal(Tag.null)) {
    report(ctx, 'error', 'EXPLICIT_CURVE', 'RFC 5480 §2.1.1', `${ctx.name}'s EC key names no curve (${params ? 'implicitCurve NULL' : 'parameters absent'}); RFC 5480 §2.1.1 says the parameters MUST be a namedCurve.`)
    return
  }
  if (!params.isUniversal(Tag.oid)) {
    report(ctx, 'error', 'EXPLICIT_CURVE', 'RFC 5480 §2.1.1; CA/B Forum BR §7.1.3.1.2',
      `${ctx.name}'s EC key spells out its curve parameters (specifiedCurve); RFC 5480 §2.1.1 says conforming certificates MUST use a namedCurve, and a spelled-out curve can hide a weak one.`)
    return
  }
  let curveOid: string
  try {
    curveOid = readOid(params, 'namedCurve')
  } catch {
    return
  }
  const curve = CURVES[curveOid]?.name ?? curveOid
  if (curveOid === '1.2.840.10045.3.1.7' || curveOid === '1.3.132.0.34') return
  if (curveOid === '1.3.132.0.35') {
    report(ctx, 'warning', 'EC_CURVE_P521', 'CA/B Forum BR §6.1.5; Mozilla Root Store Policy §5.1',
      `${ctx.name} has a P-521 key: allowed by BR §6.1.5 but not by the Mozilla and Chrome root programs, and some clients refuse it.`)
    return
  }
  report(ctx, 'error', 'FORBIDDEN_CURVE', 'CA/B Forum BR §6.1.5',
    `${ctx.name}'s EC key is on ${curve}; BR §6.1.5 allows only NIST P-256, P-384 (and P-521).`)
}

function edParamsIssue(cert: ParsedCertificate, ctx: ProfileContext): void {
  try {
    if (spkiParts(cert).params) {
      report(ctx, 'error', 'MALFORMED_KEY', 'RFC 8410 §3', `${ctx.name}'s Ed25519 AlgorithmIdentifier has parameters; RFC 8410 §3 says they MUST be absent.`)
    }
  } catch {
    // the SPKI was read once already when the certificate was parsed; nothing more to say
  }
}
