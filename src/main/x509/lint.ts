// Certificate lint: each rule is a table entry with the document it comes from, so a finding can always say
// "because RFC 5280 §x" or "because the CA/B Forum Baseline Requirements §y".
import { bytesEqual } from '../../shared/x509/asn1'
import { OID } from '../../shared/x509/oids'
import { normalizeHost, isBadWildcard } from '../../shared/x509/names'
import { parseIP } from '../../shared/x509/ip'
import { type ParsedCertificate, extensionValue, isCA, isSelfSigned, subjectAltNames } from './certificate'
import type { LintFinding } from './types'

const DAY = 86_400_000

interface LintRule {
  code: string
  severity: LintFinding['severity']
  source: string
  /** Returns the finding's message when the rule fires. */
  check(cert: ParsedCertificate, now: number): string | undefined
}

/** A TLS server certificate: not a CA, and meant for serverAuth (or carrying host names with no EKU at all). */
export function isTlsServerCertificate(cert: ParsedCertificate): boolean {
  if (isCA(cert)) return false
  const eku = extensionValue(cert, OID.extKeyUsage, 'extKeyUsage')
  if (eku) return eku.purposes.some((p) => p.oid === OID.serverAuth)
  return subjectAltNames(cert).some((n) => n.type === 'dns' || n.type === 'ip')
}

const RULES: LintRule[] = [
  {
    code: 'EXPIRED',
    severity: 'error',
    source: 'RFC 5280 §4.1.2.5',
    check: (c, now) => (now > c.notAfter ? `Expired on ${new Date(c.notAfter).toISOString()} (${Math.floor((now - c.notAfter) / DAY)} days ago).` : undefined)
  },
  {
    code: 'NOT_YET_VALID',
    severity: 'error',
    source: 'RFC 5280 §4.1.2.5',
    check: (c, now) => (now < c.notBefore ? `Not valid until ${new Date(c.notBefore).toISOString()}.` : undefined)
  },
  {
    code: 'SHA1_SIGNATURE',
    severity: 'error',
    source: 'CA/B Forum BR §7.1.3.2',
    check: (c) => {
      if (c.signatureAlgorithm.info.hash !== 'sha1' && c.signatureAlgorithm.info.hash !== 'md5') return undefined
      const what = c.signatureAlgorithm.info.hash === 'md5' ? 'MD5' : 'SHA-1'
      // a root's self-signature is never relied on, so there it is only worth a mention
      return isSelfSigned(c)
        ? undefined
        : `Signed with ${what} (${c.signatureAlgorithm.info.name}); browsers reject ${what} signatures since 2017.`
    }
  },
  {
    code: 'SHA1_SELF_SIGNATURE',
    severity: 'info',
    source: 'CA/B Forum BR §7.1.3.2',
    check: (c) =>
      (c.signatureAlgorithm.info.hash === 'sha1' || c.signatureAlgorithm.info.hash === 'md5') && isSelfSigned(c)
        ? 'Self-signed with a weak hash; harmless for a trusted root (its self-signature is not checked), not for anything else.'
        : undefined
  },
  {
    code: 'RSA_KEY_TOO_SMALL',
    severity: 'error',
    source: 'CA/B Forum BR §6.1.5',
    check: (c) =>
      (c.publicKey.algorithm === 'RSA' || c.publicKey.algorithm === 'RSA-PSS') && (c.publicKey.bits ?? 0) < 2048
        ? `RSA key of ${c.publicKey.bits} bits; at least 2048 bits are required.`
        : undefined
  },
  {
    code: 'VALIDITY_TOO_LONG',
    severity: 'warning',
    source: 'CA/B Forum BR §6.3.2',
    check: (c) => {
      if (!isTlsServerCertificate(c)) return undefined
      // BR validity counts both ends inclusively, hence the extra second
      const days = (c.notAfter - c.notBefore + 1000) / DAY
      return days > 398 ? `Valid for ${Math.floor(days)} days; publicly trusted TLS server certificates may last at most 398 days.` : undefined
    }
  },
  {
    code: 'NO_SAN',
    severity: 'error',
    source: 'CA/B Forum BR §7.1.2.7.12; RFC 6125 §6.4.4',
    check: (c) => {
      if (isCA(c) || c.extensions.has(OID.subjectAltName)) return undefined
      const eku = extensionValue(c, OID.extKeyUsage, 'extKeyUsage')
      if (eku && !eku.purposes.some((p) => p.oid === OID.serverAuth || p.oid === OID.anyExtendedKeyUsage)) return undefined
      return 'No Subject Alternative Name: browsers ignore the Common Name, so as a TLS server certificate this matches no host name.'
    }
  },
  {
    code: 'CN_NOT_IN_SAN',
    severity: 'warning',
    source: 'CA/B Forum BR §7.1.4.3',
    check: (c) => {
      const cn = c.subject.info.commonName
      const sans = subjectAltNames(c)
      if (!cn || isCA(c) || sans.length === 0) return undefined
      const ip = parseIP(cn)
      const found = ip
        ? sans.some((n) => n.type === 'ip' && bytesEqual(parseIP(n.value) ?? new Uint8Array(), ip))
        : sans.some((n) => n.type === 'dns' && normalizeHost(n.value) === normalizeHost(cn))
      return found ? undefined : `The Common Name "${cn}" is not among the Subject Alternative Names.`
    }
  },
  {
    code: 'BAD_WILDCARD',
    severity: 'warning',
    source: 'RFC 6125 §6.4.3',
    check: (c) => {
      const bad = subjectAltNames(c).filter((n) => n.type === 'dns' && isBadWildcard(n.value))
      return bad.length ? `Wildcard names clients will not match: ${bad.map((n) => n.value).join(', ')}.` : undefined
    }
  },
  {
    code: 'CA_WITHOUT_KEY_CERT_SIGN',
    severity: 'error',
    source: 'RFC 5280 §4.2.1.3, §4.2.1.9',
    check: (c) => {
      const ku = extensionValue(c, OID.keyUsage, 'keyUsage')
      return isCA(c) && ku && !ku.usages.includes('keyCertSign')
        ? 'A CA certificate whose Key Usage lacks keyCertSign cannot sign certificates.'
        : undefined
    }
  },
  {
    code: 'CA_WITHOUT_KEY_USAGE',
    severity: 'error',
    source: 'RFC 5280 §4.2.1.3',
    check: (c) =>
      isCA(c) && !c.extensions.has(OID.keyUsage)
        ? 'A CA certificate without Key Usage: RFC 5280 says a CA certificate whose key signs certificates MUST include it (with keyCertSign); strict validators reject it.'
        : undefined
  },
  {
    code: 'CN_TOO_LONG',
    severity: 'error',
    source: 'RFC 5280 Appendix A (ub-common-name = 64)',
    check: (c) => {
      // Characters, not bytes or UTF-16 units: the upper bound counts characters of the string type.
      const long = c.subject.info.rdns.flat().filter((a) => a.oid === '2.5.4.3' && [...a.value].length > 64)
      return long.length
        ? `The Common Name is ${[...long[0]!.value].length} characters long; RFC 5280 allows at most 64, and strict parsers (Go, some TLS stacks) refuse the certificate. Put long names in the Subject Alternative Name.`
        : undefined
    }
  },
  {
    code: 'KEY_CERT_SIGN_WITHOUT_CA',
    severity: 'error',
    source: 'RFC 5280 §4.2.1.3',
    check: (c) =>
      extensionValue(c, OID.keyUsage, 'keyUsage')?.usages.includes('keyCertSign') && !isCA(c)
        ? 'Key Usage includes keyCertSign but Basic Constraints does not say CA:TRUE.'
        : undefined
  },
  {
    code: 'CA_BASIC_CONSTRAINTS_NOT_CRITICAL',
    severity: 'warning',
    source: 'RFC 5280 §4.2.1.9',
    check: (c) => (isCA(c) && c.extensions.get(OID.basicConstraints)?.critical === false ? 'Basic Constraints on a CA certificate must be critical.' : undefined)
  },
  {
    code: 'SERIAL_NEGATIVE',
    severity: 'error',
    source: 'RFC 5280 §4.1.2.2',
    check: (c) => (c.serial.negative ? 'The serial number is negative; it must be a positive integer.' : undefined)
  },
  {
    code: 'SERIAL_ZERO',
    severity: 'error',
    source: 'RFC 5280 §4.1.2.2',
    check: (c) => (/^0+$/.test(c.serial.hex) ? 'The serial number is zero; it must be a positive integer.' : undefined)
  },
  {
    code: 'SERIAL_TOO_LONG',
    severity: 'error',
    source: 'RFC 5280 §4.1.2.2',
    check: (c) => (c.serial.octets > 20 ? `The serial number is ${c.serial.octets} octets long; at most 20 are allowed.` : undefined)
  },
  {
    code: 'SERIAL_LOW_ENTROPY',
    severity: 'info',
    source: 'CA/B Forum BR §7.1',
    check: (c) =>
      !isSelfSigned(c) && c.serial.hex.replace(/^0+/, '').length < 16
        ? 'The serial number is shorter than 64 bits; publicly trusted CAs must use at least 64 random bits.'
        : undefined
  },
  {
    code: 'SIGNATURE_ALGORITHM_MISMATCH',
    severity: 'error',
    source: 'RFC 5280 §4.1.1.2',
    check: (c) =>
      bytesEqual(c.signatureAlgorithm.raw, c.tbsSignatureAlgorithm.raw)
        ? undefined
        : 'The signature algorithm inside the signed part differs from the one outside it.'
  },
  {
    code: 'DUPLICATE_EXTENSION',
    severity: 'error',
    source: 'RFC 5280 §4.2',
    check: (c) => {
      const seen = new Set<string>()
      const dups = c.rawExtensions.filter((e) => (seen.has(e.oid) ? true : (seen.add(e.oid), false)))
      return dups.length ? `Extensions appear more than once: ${dups.map((e) => e.oid).join(', ')}.` : undefined
    }
  },
  {
    code: 'MALFORMED_EXTENSION',
    severity: 'error',
    source: 'RFC 5280 §4.2',
    check: (c) => {
      const bad = c.extensionList.filter((e) => e.value.type === 'malformed')
      return bad.length ? `Extensions that could not be decoded: ${bad.map((e) => e.name).join(', ')}.` : undefined
    }
  },
  {
    code: 'EXTENSIONS_IN_V1',
    severity: 'error',
    source: 'RFC 5280 §4.1.2.1',
    check: (c) => (c.version < 3 && c.rawExtensions.length > 0 ? 'Extensions are only allowed in version 3 certificates.' : undefined)
  }
]

export function lintCertificate(cert: ParsedCertificate, now = Date.now()): LintFinding[] {
  const out: LintFinding[] = []
  for (const rule of RULES) {
    const message = rule.check(cert, now)
    if (message) out.push({ code: rule.code, severity: rule.severity, message, source: rule.source })
  }
  return out
}
