// RFC 5280 §4 and Baseline Requirements profile rules, each with a certificate the test builds: one that breaks the
// rule and one that keeps it. Certificates come from our issuing code (the ordinary ones) and from the raw builder
// in testing/x509-raw.ts (the odd ones our issuing code refuses to make).
import { describe, expect, it } from 'vitest'
import { implicitPrimitive, int, octets, oid, seq, tlv } from '../../shared/x509/der'
import { OID } from '../../shared/x509/oids'
import { findPemBlocks } from '../../shared/x509/pem'
import { intermediateCA, rootCA, serverCert } from '../testing/x509'
import { caExtensions, caKeyId, ext, leafExtensions, rawCertificate, spkiOfKey, testCaKey } from '../testing/x509-raw'
import { buildName } from './build-name'
import { parseCertificate } from './certificate'
import { profileIssues } from './profile'
import { mozillaRoots } from './trust-store'
import type { ChainIssue } from './types'

const leaf = { depth: 0, isLeaf: true, isAnchor: false, purpose: 'server' as const }
const mid = { depth: 1, isLeaf: false, isAnchor: false, purpose: 'server' as const }
const anchor = { depth: 2, isLeaf: false, isAnchor: true, purpose: 'server' as const }

const codes = (issues: ChainIssue[], severity: ChainIssue['severity'] = 'error'): string[] => issues.filter((i) => i.severity === severity).map((i) => i.code)
const raw = (hex: string): ext.ExtensionSpec['value'] => Uint8Array.from(Buffer.from(hex, 'hex'))
const withExt = (list: ext.ExtensionSpec[], oidToDrop: string, ...add: ext.ExtensionSpec[]): ext.ExtensionSpec[] => [...list.filter((e) => e.oid !== oidToDrop), ...add]
const pemCert = (pem: string) => parseCertificate(findPemBlocks(pem)[0]?.der as Uint8Array)
const caSpki = spkiOfKey(testCaKey())
const san = (...entries: Uint8Array[]): ext.ExtensionSpec => ({ oid: OID.subjectAltName, critical: false, value: seq(...entries) })
const dns = (name: string): Uint8Array => implicitPrimitive(2, new TextEncoder().encode(name))

describe('certificates our issuing code makes', () => {
  it('pass every profile rule as root, intermediate and leaf', async () => {
    const root = await rootCA('Profile Root')
    const inter = await intermediateCA('Profile Intermediate', root)
    const server = await serverCert('www.example.com', inter)
    expect(profileIssues(pemCert(root.certPem), anchor)).toEqual([])
    expect(profileIssues(pemCert(inter.certPem), mid)).toEqual([])
    const leafIssues = profileIssues(pemCert(server.certPem), leaf)
    expect(leafIssues.filter((i) => i.severity !== 'info')).toEqual([])
    // the subscriber SKI is only noted (RFC 5280 says SHOULD, the BRs NOT RECOMMENDED)
    expect(codes(leafIssues, 'info')).toEqual(['LEAF_SKI'])
  })

  it('the raw builder’s baseline leaf and CA are clean too', () => {
    expect(profileIssues(rawCertificate({ extensions: leafExtensions() }), leaf)).toEqual([])
    expect(profileIssues(rawCertificate({ subject: buildName({ commonName: 'Mid CA' }), spki: caSpki, extensions: caExtensions(caSpki) }), mid)).toEqual([])
  })
})

describe('key identifiers (RFC 5280 §4.2.1.1, §4.2.1.2)', () => {
  it('requires an AKI with a keyIdentifier in every certificate that is not self-signed', () => {
    expect(codes(profileIssues(rawCertificate({ extensions: withExt(leafExtensions(), OID.authorityKeyIdentifier) }), leaf))).toEqual(['MISSING_AKI'])
    const noKeyId = { oid: OID.authorityKeyIdentifier, critical: false, value: seq(implicitPrimitive(2, new Uint8Array([1]))) }
    expect(codes(profileIssues(rawCertificate({ extensions: withExt(leafExtensions(), OID.authorityKeyIdentifier, noKeyId) }), leaf))).toEqual(['AKI_WITHOUT_KEY_ID'])
    const selfSigned = rawCertificate({ selfSigned: true, extensions: withExt(leafExtensions(), OID.authorityKeyIdentifier) })
    expect(codes(profileIssues(selfSigned, leaf))).toEqual([])
  })

  it('refuses a malformed or critical AKI', () => {
    const malformed = { oid: OID.authorityKeyIdentifier, critical: false, value: raw('0500') }
    const issue = profileIssues(rawCertificate({ extensions: withExt(leafExtensions(), OID.authorityKeyIdentifier, malformed) }), leaf)
    expect(codes(issue)).toEqual(['MALFORMED_AKI'])
    expect(issue[0]?.message).toMatch(/"leaf\.example\.com"'s Authority Key Identifier cannot be read/)
    const critical = { ...ext.authorityKeyIdentifier(caKeyId()), critical: true }
    expect(codes(profileIssues(rawCertificate({ extensions: withExt(leafExtensions(), OID.authorityKeyIdentifier, critical) }), leaf))).toEqual(['AKI_CRITICAL'])
  })

  it('requires an SKI in CA certificates and refuses a malformed one anywhere', () => {
    const subject = buildName({ commonName: 'Mid CA' })
    const noSki = rawCertificate({ subject, spki: caSpki, extensions: withExt(caExtensions(caSpki), OID.subjectKeyIdentifier) })
    const issue = profileIssues(noSki, mid)
    expect(codes(issue)).toEqual(['MISSING_SKI'])
    expect(issue[0]).toMatchObject({ depth: 1, source: 'RFC 5280 §4.2.1.2' })
    const bad = { oid: OID.subjectKeyIdentifier, critical: false, value: seq() }
    expect(codes(profileIssues(rawCertificate({ subject, spki: caSpki, extensions: withExt(caExtensions(caSpki), OID.subjectKeyIdentifier, bad) }), mid))).toEqual(['MALFORMED_SKI'])
  })
})

describe('extensions (RFC 5280 §4.2)', () => {
  it('refuses two instances of one extension', () => {
    const issues = profileIssues(rawCertificate({ extensions: [...leafExtensions(), ext.extKeyUsage(['clientAuth'])] }), leaf)
    expect(codes(issues)).toEqual(['DUPLICATE_EXTENSION'])
    expect(issues[0]?.message).toMatch(/more than one .+ extension; RFC 5280 §4\.2/)
  })

  it('requires a critical Basic Constraints in an intermediate CA; only notes it for a trust anchor', () => {
    const subject = buildName({ commonName: 'Mid CA' })
    const exts = withExt(caExtensions(caSpki), OID.basicConstraints, ext.basicConstraints(true, 0, false))
    expect(codes(profileIssues(rawCertificate({ subject, spki: caSpki, extensions: exts }), mid))).toEqual(['CA_BASIC_CONSTRAINTS_NOT_CRITICAL'])
    const asAnchor = profileIssues(rawCertificate({ subject, spki: caSpki, extensions: exts }), anchor)
    expect(codes(asAnchor)).toEqual([])
    expect(codes(asAnchor, 'warning')).toEqual(['CA_BASIC_CONSTRAINTS_NOT_CRITICAL'])
  })

  it('refuses keyCertSign and CA:TRUE on the end-entity certificate', () => {
    const ku = withExt(leafExtensions(), OID.keyUsage, ext.keyUsage(['digitalSignature', 'keyCertSign']))
    expect(codes(profileIssues(rawCertificate({ extensions: ku }), leaf))).toEqual(['KEY_CERT_SIGN_WITHOUT_CA'])
    const ca = withExt(leafExtensions(), OID.basicConstraints, ext.basicConstraints(true))
    expect(codes(profileIssues(rawCertificate({ extensions: ca }), leaf))).toContain('CA_CERT_AS_END_ENTITY')
  })

  it('refuses a pathLenConstraint without CA:TRUE or without keyCertSign', () => {
    const noCa = { oid: OID.basicConstraints, critical: true, value: seq(int(0)) }
    expect(codes(profileIssues(rawCertificate({ extensions: withExt(leafExtensions(), OID.basicConstraints, noCa) }), leaf))).toEqual(['PATHLEN_WITHOUT_CA'])
    const subject = buildName({ commonName: 'Mid CA' })
    const noSign = withExt(caExtensions(caSpki), OID.keyUsage, ext.keyUsage(['cRLSign']))
    expect(codes(profileIssues(rawCertificate({ subject, spki: caSpki, extensions: noSign }), mid))).toEqual(['PATHLEN_WITHOUT_KEY_CERT_SIGN'])
  })

  it('refuses a Key Usage with no bit set', () => {
    expect(codes(profileIssues(rawCertificate({ extensions: withExt(leafExtensions(), OID.keyUsage, ext.keyUsage([])) }), leaf))).toEqual(['KEY_USAGE_EMPTY'])
  })

  it('refuses a malformed Authority Information Access and accepts a well-formed one', () => {
    const good = [...leafExtensions(), ext.authorityInfoAccess(['http://ocsp.example.com'], ['http://ca.example.com/ca.der'])]
    expect(profileIssues(rawCertificate({ extensions: good }), leaf)).toEqual([])
    const dnsLocation = { oid: OID.authorityInfoAccess, critical: false, value: seq(seq(oid(OID.ocsp), dns('ocsp.example.com'))) }
    const notSeq = { oid: OID.authorityInfoAccess, critical: false, value: octets(new Uint8Array([1])) }
    const empty = { oid: OID.authorityInfoAccess, critical: false, value: seq() }
    const relative = { oid: OID.authorityInfoAccess, critical: false, value: seq(seq(oid(OID.caIssuers), implicitPrimitive(6, new TextEncoder().encode('/ca.der')))) }
    for (const [aia, why] of [[dnsLocation, /not a uniformResourceIdentifier/], [notSeq, /SEQUENCE/], [empty, /no AccessDescription/], [relative, /absolute URI/]] as const) {
      const issue = profileIssues(rawCertificate({ extensions: [...leafExtensions(), aia] }), leaf).find((i) => i.code === 'MALFORMED_AIA')
      expect(issue?.message).toMatch(why)
    }
    const critical = { ...ext.authorityInfoAccess(['http://ocsp.example.com'], []), critical: true }
    expect(codes(profileIssues(rawCertificate({ extensions: [...leafExtensions(), critical] }), leaf))).toEqual(['AIA_CRITICAL'])
  })

  it('refuses Name Constraints in an end-entity certificate', () => {
    const nc = ext.nameConstraints({ permitted: ['example.com'] })
    expect(codes(profileIssues(rawCertificate({ extensions: [...leafExtensions(), nc] }), leaf))).toEqual(['NAME_CONSTRAINTS_IN_END_ENTITY'])
  })
})

describe('version, serial, signature algorithm (RFC 5280 §4.1)', () => {
  it('refuses a version 1 certificate used as an intermediate CA, and extensions in version 1', () => {
    const subject = buildName({ commonName: 'Old CA' })
    expect(codes(profileIssues(rawCertificate({ version: 1, subject, spki: caSpki }), mid))).toContain('V1_CA')
    expect(codes(profileIssues(rawCertificate({ version: 1, extensions: leafExtensions() }), leaf))).toContain('EXTENSIONS_IN_V1')
    expect(codes(profileIssues(rawCertificate({ version: 3, extensions: leafExtensions() }), leaf))).toEqual([])
  })

  it('refuses an explicitly encoded v1 version (DER) and unique identifiers in v1', () => {
    expect(codes(profileIssues(rawCertificate({ version: 1, explicitV1: true }), leaf))).toContain('NONCANONICAL_VERSION')
    expect(codes(profileIssues(rawCertificate({ version: 1, uniqueId: true }), leaf))).toContain('UNIQUE_ID_IN_V1')
    expect(codes(profileIssues(rawCertificate({ uniqueId: true, extensions: leafExtensions() }), leaf), 'warning')).toEqual(['UNIQUE_IDENTIFIERS'])
  })

  it('refuses zero, negative, over-long and non-minimal serials; warns under 9 octets', () => {
    const serial = (serialHex: string): ChainIssue[] => profileIssues(rawCertificate({ serialHex, extensions: leafExtensions() }), leaf)
    expect(codes(serial('00'))).toEqual(['SERIAL_ZERO'])
    expect(codes(serial('8f' + '11'.repeat(15)))).toEqual(['SERIAL_NEGATIVE'])
    expect(codes(serial('01' + '00'.repeat(20)))).toEqual(['SERIAL_TOO_LONG'])
    expect(serial('7f' + 'aa'.repeat(19))).toEqual([])
    expect(codes(serial('0001' + 'aa'.repeat(10)))).toEqual(['NONCANONICAL_SERIAL'])
    const short = serial('1234567890abcd')
    expect(codes(short)).toEqual([])
    expect(codes(short, 'warning')).toEqual(['SERIAL_LOW_ENTROPY'])
  })

  it('refuses validity times in other forms than RFC 5280 §4.1.2.5 allows, and an empty extensions field', () => {
    const t = (tag: number, text: string): Uint8Array => tlv(tag, new TextEncoder().encode(text))
    const good = seq(t(0x17, '250101000000Z'), t(0x18, '20510101000000Z'))
    expect(profileIssues(rawCertificate({ validity: good, extensions: leafExtensions() }), leaf)).toEqual([])
    const noSeconds = seq(t(0x17, '2501010000Z'), t(0x18, '20510101000000.5Z'))
    const issues = profileIssues(rawCertificate({ validity: noSeconds, extensions: leafExtensions() }), leaf)
    expect(codes(issues)).toEqual(['INVALID_TIME_ENCODING', 'INVALID_TIME_ENCODING'])
    expect(issues[0]?.message).toMatch(/notBefore "2501010000Z"/)
    const generalized2030 = seq(t(0x17, '250101000000Z'), t(0x18, '20300101000000Z'))
    expect(codes(profileIssues(rawCertificate({ validity: generalized2030, extensions: leafExtensions() }), leaf), 'warning')).toEqual(['GENERALIZED_TIME_BEFORE_2050'])
    expect(codes(profileIssues(rawCertificate({ emptyExtensions: true }), leaf))).toContain('EMPTY_EXTENSIONS')
  })

  it('refuses different signature algorithms inside and outside the signed part', () => {
    const outer = seq(oid('1.2.840.10045.4.3.3'))
    const issues = profileIssues(rawCertificate({ outerAlgorithm: outer, extensions: leafExtensions() }), leaf)
    expect(codes(issues)).toEqual(['SIGNATURE_ALGORITHM_MISMATCH'])
  })
})

describe('subject and Subject Alternative Name (RFC 5280 §4.1.2.6, §4.2.1.6)', () => {
  it('refuses an empty subject in a CA certificate', () => {
    expect(codes(profileIssues(rawCertificate({ subject: seq(), spki: caSpki, extensions: caExtensions(caSpki) }), mid))).toEqual(['EMPTY_CA_SUBJECT'])
  })

  it('requires a critical SAN when the subject is empty', () => {
    const nonCritical = rawCertificate({ subject: seq(), extensions: leafExtensions() })
    expect(codes(profileIssues(nonCritical, leaf))).toEqual(['SAN_NOT_CRITICAL'])
    const critical = withExt(leafExtensions(), OID.subjectAltName, { ...ext.subjectAltName([{ type: 'dns', value: 'leaf.example.com' }]), critical: true })
    expect(profileIssues(rawCertificate({ subject: seq(), extensions: critical }), leaf)).toEqual([])
    expect(codes(profileIssues(rawCertificate({ subject: seq(), extensions: withExt(leafExtensions(), OID.subjectAltName) }), leaf))).toEqual(['EMPTY_SUBJECT_WITHOUT_SAN'])
  })

  it('refuses a SAN with no entries', () => {
    expect(codes(profileIssues(rawCertificate({ extensions: withExt(leafExtensions(), OID.subjectAltName, san()) }), leaf))).toContain('EMPTY_SAN')
  })

  it('refuses dNSNames outside the preferred name syntax, accepting wildcards and A-labels', () => {
    const bad = ['under_score.example.com', 'a..example.com', 'trailing.example.com.', `${'a'.repeat(64)}.example.com`, `${'abcdefghi.'.repeat(26)}com`, 'f*.example.com', '*.*.example.com', '-lead.example.com', '']
    for (const name of bad) {
      const issues = profileIssues(rawCertificate({ subject: buildName({ organization: 'x' }), extensions: withExt(leafExtensions(), OID.subjectAltName, san(dns(name))) }), leaf)
      expect(codes(issues), name).toEqual([name ? 'INVALID_SAN_DNS_NAME' : 'EMPTY_SAN_ENTRY'])
      if (name) expect(issues[0]?.message).toContain(name.slice(0, 20))
    }
    const good = san(dns('*.example.com'), dns('xn--bcher-kva.example'), dns('Leaf.Example.COM'), dns('a-1.example.com'))
    expect(profileIssues(rawCertificate({ subject: buildName({ organization: 'x' }), extensions: withExt(leafExtensions(), OID.subjectAltName, good) }), leaf)).toEqual([])
  })

  it('refuses an iPAddress that is neither 4 nor 16 octets', () => {
    const five = san(implicitPrimitive(7, new Uint8Array([10, 0, 0, 1, 9])))
    expect(codes(profileIssues(rawCertificate({ subject: seq(), extensions: withExt(leafExtensions(), OID.subjectAltName, { ...five, critical: true }) }), leaf))).toEqual(['INVALID_SAN_IP'])
  })

  it('says a wildcard directly under a TLD is never matched', () => {
    const issues = profileIssues(rawCertificate({ subject: seq(), extensions: withExt(leafExtensions(), OID.subjectAltName, { ...san(dns('*.com')), critical: true }) }), leaf)
    expect(codes(issues, 'warning')).toEqual(['WILDCARD_TOO_BROAD'])
  })

  it('stays fast and brief on 2,048 bad names', () => {
    const names = Array.from({ length: 2048 }, (_, i) => dns(`bad_${i}..example.com`))
    const t0 = performance.now()
    const issues = profileIssues(rawCertificate({ subject: seq(), extensions: withExt(leafExtensions(), OID.subjectAltName, { ...san(...names), critical: true }) }), leaf)
    expect(performance.now() - t0).toBeLessThan(3_000)
    expect(issues.length).toBeLessThan(5)
    expect(issues.find((i) => i.code === 'INVALID_SAN_DNS_NAME')?.message).toMatch(/has 2048 dNSNames/)
  })
})

describe('the Common Name (BR §7.1.4.3)', () => {
  const cnLeaf = (cn: string, names: string[], purpose: 'server' | 'client' = 'server'): ChainIssue[] =>
    profileIssues(rawCertificate({ subject: buildName({ commonName: cn }), extensions: leafExtensions(names) }), { ...leaf, purpose })

  it('must be one of the SANs of a TLS server certificate (stricter than OpenSSL, as the BRs require)', () => {
    // a BR issuance rule no client enforces (clients ignore the CN when there is a SAN): a warning, not a refusal
    const issues = cnLeaf('other.example.com', ['leaf.example.com'])
    expect(codes(issues)).toEqual([])
    expect(codes(issues, 'warning')).toEqual(['CN_NOT_IN_SAN'])
    expect(issues[0]?.message).toMatch(/"other\.example\.com" is not one of its Subject Alternative Names/)
    expect(cnLeaf('leaf.example.com', ['leaf.example.com'])).toEqual([])
    expect(cnLeaf('192.0.2.1', ['leaf.example.com', '192.0.2.1'])).toEqual([])
    // BR §7.1.4.3: a character-for-character copy of the dNSName, and an IP in its RFC 5952 text
    expect(codes(cnLeaf('LEAF.example.com', ['leaf.example.com']), 'warning')).toEqual(['CN_SAN_FORM_DIFFERS'])
    expect(codes(cnLeaf('2001:DB8::1', ['2001:db8::1']), 'warning')).toEqual(['CN_SAN_FORM_DIFFERS'])
    expect(cnLeaf('2001:db8::1', ['2001:db8::1'])).toEqual([])
    // a CN that claims no host (a plain label) is still not a SAN: a warning, not an error
    expect(codes(cnLeaf('My lab server', ['leaf.example.com']))).toEqual([])
    expect(codes(cnLeaf('My lab server', ['leaf.example.com']), 'warning')).toEqual(['CN_NOT_IN_SAN'])
  })

  it('is noted when there is no SAN at all (host matching refuses it; --legacy-cn may match), and not judged for client certificates', () => {
    const noSan = rawCertificate({ subject: buildName({ commonName: 'leaf.example.com' }), extensions: withExt(leafExtensions(), OID.subjectAltName) })
    expect(codes(profileIssues(noSan, leaf))).toEqual([])
    expect(codes(profileIssues(noSan, leaf), 'warning')).toContain('CN_NOT_IN_SAN')
    expect(cnLeaf('Alice Example', ['leaf.example.com'], 'client')).toEqual([])
  })

  it('appears at most once', () => {
    const two = seq(...['a.example.com', 'b.example.com'].map((v) => buildName(`CN=${v}`).subarray(2)))
    expect(codes(profileIssues(rawCertificate({ subject: two, extensions: leafExtensions(['a.example.com', 'b.example.com']) }), leaf))).toEqual(['MULTIPLE_COMMON_NAMES'])
  })
})

describe('trust anchors', () => {
  it('the bundled Mozilla roots raise no errors as anchors', () => {
    const errors = mozillaRoots().flatMap((c) => profileIssues(c, anchor).filter((i) => i.severity === 'error').map((i) => `${i.code}: ${i.message}`))
    expect(errors).toEqual([])
  })

  it('skip the structural rules: a v1 anchor without AKI or SKI is fine when its key is', () => {
    const v1 = rawCertificate({ version: 1, subject: buildName({ commonName: 'Old Root' }), spki: caSpki })
    expect(profileIssues(v1, anchor)).toEqual([])
    expect(codes(profileIssues(v1, mid))).toContain('V1_CA')
  })
})
