// The Web PKI key rules (BR §6.1.5, §6.1.6, §7.1.3.1; RFC 3279, RFC 5480, RFC 8410) and unreadable keys, each with
// a key the test makes (node:crypto, openssl for explicit curves, or hand-written SPKI bytes for broken keys).
import { type KeyObject, generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { nullValue, oid, seq, uintBytes } from '../../shared/x509/der'
import { OID } from '../../shared/x509/oids'
import { TempDir, openssl } from '../testing/x509'
import { leafExtensions, rawCertificate, rawCertificateDer, spkiDer, spkiOfKey, testCaRootDer } from '../testing/x509-raw'
import { encodePem } from '../../shared/x509/pem'
import { buildName } from './build-name'
import { parseCertificate } from './certificate'
import { profileIssues, unreadableKey } from './profile'
import type { ChainIssue } from './types'

const leaf = { depth: 0, isLeaf: true, isAnchor: false, purpose: 'server' as const }
const anchor = { depth: 2, isLeaf: false, isAnchor: true, purpose: 'server' as const }

function issuesFor(spki: Uint8Array, role = leaf, opts = {}): ChainIssue[] {
  return profileIssues(rawCertificate({ spki, extensions: leafExtensions() }), role, opts)
}
const codes = (issues: ChainIssue[], severity: ChainIssue['severity'] = 'error'): string[] => issues.filter((i) => i.severity === severity).map((i) => i.code)
const generate = generateKeyPairSync as unknown as (type: string, options: object) => { privateKey: KeyObject }
const keyOf = (type: string, options: object = {}): Uint8Array => spkiOfKey(generate(type, options).privateKey)

const rsaAlgorithm = seq(oid(OID.rsaEncryption), nullValue())
let realRsa: Uint8Array | undefined
/** One real 2048-bit key per file: generating RSA keys is the slow part of these tests. */
function realRsaSpki(): Uint8Array {
  realRsa ??= keyOf('rsa', { modulusLength: 2048 })
  return realRsa
}

/** An RSA SPKI with a modulus of exactly `size` bits (odd, high bit set) and any exponent; OpenSSL loads such keys. */
function rsaSpki(size: number, exponent: number[] = [1, 0, 1], algorithm = rsaAlgorithm): Uint8Array {
  const n = new Uint8Array(Math.ceil(size / 8)).fill(0xc5)
  n[0] = size % 8 === 0 ? 0xc5 : 1 << ((size % 8) - 1)
  n[n.length - 1] = 0xc7
  return spkiDer(algorithm, seq(uintBytes(n), uintBytes(new Uint8Array(exponent))))
}

describe('RSA keys (BR §6.1.5, §6.1.6, §7.1.3.1.1)', () => {
  it('accepts a 2048-bit key with exponent 65537', () => {
    expect(issuesFor(realRsaSpki())).toEqual([])
    expect(issuesFor(rsaSpki(4096))).toEqual([])
  })

  it('refuses a 1024-bit key as WEAK_KEY, naming the size and the BR section', () => {
    const issues = issuesFor(rsaSpki(1024))
    const weak = issues.find((i) => i.code === 'WEAK_KEY')
    expect(weak).toMatchObject({ severity: 'error', source: 'CA/B Forum BR §6.1.5', depth: 0 })
    expect(weak?.message).toMatch(/1024-bit RSA key.*2048/)
  })

  it('refuses a 2049-bit modulus: at least 2048 is not enough, it must be a multiple of 8', () => {
    expect(codes(issuesFor(rsaSpki(2049)))).toEqual(['RSA_MODULUS_NOT_MULTIPLE_OF_8'])
    expect(codes(issuesFor(rsaSpki(2056)))).toEqual([])
    expect(codes(issuesFor(rsaSpki(2047)))).toEqual(['WEAK_KEY', 'RSA_MODULUS_NOT_MULTIPLE_OF_8'])
  })

  it('refuses an even or too-small public exponent and notes 3 as outside the recommended range', () => {
    expect(codes(issuesFor(rsaSpki(2048, [4])))).toContain('RSA_BAD_EXPONENT')
    expect(codes(issuesFor(rsaSpki(2048, [1])))).toContain('RSA_BAD_EXPONENT')
    const three = issuesFor(rsaSpki(2048, [3]))
    expect(codes(three)).toEqual([])
    expect(codes(three, 'warning')).toEqual(['RSA_EXPONENT_OUT_OF_RANGE'])
  })

  it('requires NULL parameters in rsaEncryption (RFC 3279 §2.3.1)', () => {
    expect(codes(issuesFor(rsaSpki(2048, [1, 0, 1], seq(oid(OID.rsaEncryption)))))).toContain('RSA_PARAMETERS_NOT_NULL')
  })

  it('refuses an RSA key labelled id-RSASSA-PSS (BR §7.1.3.1.1)', () => {
    const issues = issuesFor(rsaSpki(2048, [1, 0, 1], seq(oid(OID.rsassaPss))))
    expect(issues.find((i) => i.code === 'FORBIDDEN_KEY_ALGORITHM')?.source).toBe('CA/B Forum BR §7.1.3.1.1')
  })
})

describe('EC keys (BR §6.1.5, RFC 5480 §2.1.1)', () => {
  it('accepts P-256 and P-384', () => {
    expect(issuesFor(keyOf('ec', { namedCurve: 'P-256' }))).toEqual([])
    expect(issuesFor(keyOf('ec', { namedCurve: 'P-384' }))).toEqual([])
  })

  it('notes P-521 with a warning: the BRs allow it, the browser root programs do not', () => {
    const issues = issuesFor(keyOf('ec', { namedCurve: 'P-521' }))
    expect(codes(issues)).toEqual([])
    expect(codes(issues, 'warning')).toEqual(['EC_CURVE_P521'])
  })

  it('refuses P-192, P-224 and secp256k1 as FORBIDDEN_CURVE, naming the curve', () => {
    for (const [curve, shown] of [['prime192v1', 'P-192'], ['secp224r1', 'P-224'], ['secp256k1', 'secp256k1']]) {
      const issue = issuesFor(keyOf('ec', { namedCurve: curve })).find((i) => i.code === 'FORBIDDEN_CURVE')
      expect(issue?.message).toContain(shown)
    }
  })

  it('refuses explicit curve parameters (openssl -param_enc explicit) and absent parameters', () => {
    const dir = new TempDir()
    try {
      const key = dir.file('')
      expect(openssl(['ecparam', '-name', 'prime256v1', '-param_enc', 'explicit', '-genkey', '-noout', '-out', key]).status).toBe(0)
      const pub = openssl(['ec', '-in', key, '-pubout', '-outform', 'DER', '-param_enc', 'explicit'])
      expect(pub.status).toBe(0)
      const issue = issuesFor(new Uint8Array(pub.raw)).find((i) => i.code === 'EXPLICIT_CURVE')
      expect(issue).toMatchObject({ severity: 'error', source: 'RFC 5480 §2.1.1; CA/B Forum BR §7.1.3.1.2' })
    } finally {
      dir.remove()
    }
    const point = new Uint8Array(65).fill(1)
    expect(codes(issuesFor(spkiDer(seq(oid(OID.ecPublicKey)), point)))).toContain('EXPLICIT_CURVE')
  })

  it('calls a point that is not on the curve MALFORMED_KEY, and unreadableKey says why', () => {
    const point = new Uint8Array(65)
    point[0] = 4
    point[64] = 7
    const cert = rawCertificate({ spki: spkiDer(seq(oid(OID.ecPublicKey), oid('1.2.840.10045.3.1.7')), point), extensions: leafExtensions() })
    expect(unreadableKey(cert)).toMatch(/cannot be loaded/)
    expect(codes(profileIssues(cert, leaf))).toEqual(['MALFORMED_KEY'])
  })
})

describe('other algorithms', () => {
  it('refuses DSA', () => {
    const issue = issuesFor(keyOf('dsa', { modulusLength: 1024, divisorLength: 160 })).find((i) => i.code === 'FORBIDDEN_KEY_ALGORITHM')
    expect(issue?.message).toMatch(/DSA key of 1024 bits/)
  })

  it('refuses Ed25519 unless the caller allows it; refuses Ed448 and X25519 always', () => {
    const ed = keyOf('ed25519')
    expect(codes(issuesFor(ed))).toEqual(['FORBIDDEN_KEY_ALGORITHM'])
    expect(issuesFor(ed, leaf, { allowEd25519: true })).toEqual([])
    expect(codes(issuesFor(keyOf('ed448')))).toEqual(['FORBIDDEN_KEY_ALGORITHM'])
    expect(codes(issuesFor(keyOf('x25519')))).toEqual(['FORBIDDEN_KEY_ALGORITHM'])
  })

  it('applies the key rules to trust anchors too, but not the structural rules', () => {
    // a v1 root with a 1024-bit key, no extensions at all: only the key is wrong for the Web PKI
    const root = rawCertificate({ version: 1, selfSigned: false, spki: rsaSpki(1024), subject: seq() })
    expect(codes(profileIssues(root, anchor))).toEqual(['WEAK_KEY'])
  })
})

describe('unreadableKey', () => {
  it('is undefined for a good key', () => {
    expect(unreadableKey(rawCertificate({ spki: realRsaSpki() }))).toBeUndefined()
    expect(unreadableKey(rawCertificate())).toBeUndefined()
  })

  it('says why a malformed RSA key cannot be used, and the certificate still opens', () => {
    const algorithm = rsaAlgorithm
    // RSAPublicKey with a third field, with a negative modulus, and not a SEQUENCE at all
    const threeFields = spkiDer(algorithm, seq(uintBytes(new Uint8Array(256).fill(0xc5)), uintBytes(new Uint8Array([1, 0, 1])), uintBytes(new Uint8Array([1]))))
    const negative = spkiDer(algorithm, seq(new Uint8Array([0x02, 0x02, 0x80, 0x01]), uintBytes(new Uint8Array([1, 0, 1]))))
    const notSeq = spkiDer(algorithm, new Uint8Array([0x04, 0x02, 0xde, 0xad]))
    for (const [spki, why] of [[threeFields, /3 fields/], [negative, /negative/], [notSeq, /malformed/]] as const) {
      const cert = rawCertificate({ spki, extensions: leafExtensions() })
      expect(unreadableKey(cert)).toMatch(why)
      const issue = profileIssues(cert, leaf).find((i) => i.code === 'MALFORMED_KEY')
      expect(issue).toMatchObject({ severity: 'error', depth: 0 })
    }
  })

  it('refuses key-agreement-only and unknown algorithms', () => {
    expect(unreadableKey(rawCertificate({ spki: keyOf('x25519') }))).toMatch(/key agreement only/)
    expect(unreadableKey(rawCertificate({ spki: spkiDer(seq(oid('1.2.3.4.5')), new Uint8Array([1, 2, 3])) }))).toMatch(/unknown/)
  })

  it('refuses an RSA modulus past the work bound without trying it', () => {
    const huge = spkiDer(seq(oid(OID.rsaEncryption), nullValue()), seq(uintBytes(new Uint8Array(2100).fill(0xab)), uintBytes(new Uint8Array([1, 0, 1]))))
    expect(unreadableKey(rawCertificate({ spki: huge }))).toMatch(/16384 bits/)
  })

  it('never throws on a hostile key, and answers fast', () => {
    const t0 = performance.now()
    const junk = spkiDer(seq(oid(OID.rsaEncryption), nullValue()), new Uint8Array(5000).fill(0x30))
    const cert = rawCertificate({ spki: junk })
    expect(typeof unreadableKey(cert)).toBe('string')
    expect(profileIssues(cert, leaf).some((i) => i.code === 'MALFORMED_KEY')).toBe(true)
    expect(performance.now() - t0).toBeLessThan(3_000)
  })
})

describe('next to openssl verify', () => {
  it('is deliberately stricter than OpenSSL on RSA key sizes, and notes the CN rule', () => {
    const dir = new TempDir()
    try {
      const root = dir.file(encodePem(testCaRootDer(), 'CERTIFICATE'))
      const der = rawCertificateDer({ subject: buildName({ commonName: 'other.example.com' }), spki: rsaSpki(2049), extensions: leafExtensions() })
      const r = openssl(['verify', '-CAfile', root, '-purpose', 'sslserver', dir.file(encodePem(der, 'CERTIFICATE'))])
      expect(r.status, r.stderr).toBe(0)
      // OpenSSL checks neither BR §6.1.5's multiple-of-8 rule nor BR §7.1.4.3's CN rule. The key rule is enforced by
      // root programs: Wirebench refuses what openssl verify accepts. The CN rule is an issuance rule no client
      // enforces (a CN is never matched when there is a SAN): Wirebench shows it as a warning.
      const issues = profileIssues(parseCertificate(der), leaf)
      expect(codes(issues)).toEqual(['RSA_MODULUS_NOT_MULTIPLE_OF_8'])
      expect(codes(issues, 'warning')).toContain('CN_NOT_IN_SAN')
    } finally {
      dir.remove()
    }
  })
})
