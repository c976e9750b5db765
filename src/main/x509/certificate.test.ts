// Our parser's fields against `openssl x509` on a corpus: 20 of the Mozilla roots Node bundles, plus generated
// certificates covering RSA, P-384, Ed25519, UTF-8 names, every SAN type and the extensions we write.
import { createHash } from 'node:crypto'
import { rootCertificates } from 'node:tls'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseIP } from '../../shared/x509/ip'
import { findPemBlocks } from '../../shared/x509/pem'
import { describeCertificate, parseCertificate } from './certificate'
import { inspectCertificate } from './inspect'
import { createCertificate, createPki } from './issue'
import { TempDir, asIssuer, openssl } from '../testing/x509'
import type { Asn1TreeNode, CertificateInfo } from './types'

let tmp: TempDir
const corpus: { label: string; pem: string }[] = []

beforeAll(async () => {
  tmp = new TempDir()
  // every 7th root: a spread of CAs, key types and name encodings, the same 20 on every run
  rootCertificates.filter((_, i) => i % 7 === 0).slice(0, 20).forEach((pem, i) => corpus.push({ label: `mozilla #${i * 7}`, pem }))
  const pki = await createPki({
    keyAlgorithm: 'p384',
    rootSubject: 'C=FR, ST=Île-de-France, O=Société Générale de Test, CN=Racine Ünïcödé',
    leaf: {
      subject: { commonName: 'svc.example.test', organization: 'Example, Inc.', country: 'US' },
      names: ['svc.example.test', '*.svc.example.test', '192.0.2.7', '2001:db8::1', 'ops@example.test', 'https://svc.example.test/'],
      ocspUrls: ['http://ocsp.example.test'],
      caIssuersUrls: ['http://ca.example.test/int.cer'],
      crlUrls: ['http://crl.example.test/int.crl'],
      policies: ['2.23.140.1.2.2'],
      mustStaple: true
    }
  })
  corpus.push({ label: 'generated P-384 root', pem: pki.root.certPem }, { label: 'generated P-384 intermediate', pem: pki.intermediate.certPem })
  corpus.push({ label: 'generated P-384 leaf', pem: pki.leaf.certPem })
  const rsa = await createCertificate({ subject: 'CN=rsa.example.test', names: ['rsa.example.test'], key: 'rsa2048', issuer: asIssuer(pki.intermediate) })
  const ed = await createCertificate({ subject: 'CN=ed.example.test, OU=Edwards', names: ['ed.example.test'], key: 'ed25519', preset: 'serverClient' })
  const sha512 = await createCertificate({ subject: 'CN=512.example.test', names: ['512.example.test'], key: 'p256', signatureHash: 'sha512' })
  corpus.push({ label: 'generated RSA', pem: rsa.certPem }, { label: 'generated Ed25519', pem: ed.certPem }, { label: 'generated P-256/SHA-512', pem: sha512.certPem })
})

afterAll(() => tmp.remove())

function info(pem: string): CertificateInfo {
  const der = findPemBlocks(pem)[0]?.der
  if (!der) throw new Error('no PEM')
  return describeCertificate(parseCertificate(der))
}

/** Fields as openssl prints them, for one certificate. */
function opensslFields(pem: string): Record<string, string> {
  const file = tmp.file(pem)
  const a = openssl(['x509', '-in', file, '-noout', '-subject', '-issuer', '-serial', '-fingerprint', '-sha256', '-dates', '-dateopt', 'iso_8601', '-nameopt', 'RFC2253,-esc_msb'])
  const b = openssl(['x509', '-in', file, '-noout', '-fingerprint', '-sha1'])
  const text = openssl(['x509', '-in', file, '-noout', '-text']).stdout
  const out: Record<string, string> = {}
  for (const line of (a.stdout + b.stdout).split('\n')) {
    const eq = line.indexOf('=')
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1)
  }
  out.sigalg = /Signature Algorithm: (\S+)/.exec(text)?.[1] ?? ''
  out.bits = /Public-Key: \((\d+) bit\)/.exec(text)?.[1] ?? (/ED25519 Public-Key/.test(text) ? '256' : '')
  out.san = /X509v3 Subject Alternative Name:.*\n\s+(.*)/.exec(text)?.[1] ?? ''
  return out
}

function normalizeOpensslSan(san: string): string[] {
  if (!san) return []
  return san.split(', ').map((entry) => {
    const [type, ...rest] = entry.split(':')
    const value = rest.join(':')
    switch (type) {
      case 'DNS':
        return `dns:${value}`
      case 'IP Address':
        return `ip:${Array.from(parseIP(value) ?? []).join('.')}`
      case 'email':
        return `email:${value}`
      case 'URI':
        return `uri:${value}`
      default:
        return `${type}:${value}`
    }
  })
}

describe('certificate fields agree with openssl x509', () => {
  it('has a corpus of at least 20 Mozilla roots and 6 generated certificates', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(26)
  })

  it('subject, issuer, serial, validity, fingerprints, SAN, key size and signature algorithm', () => {
    for (const { label, pem } of corpus) {
      const ours = info(pem)
      const ssl = opensslFields(pem)
      const ctx = `${label}: ${ours.subject.text}`
      expect(ours.subject.rfc4514, ctx).toBe(ssl.subject)
      expect(ours.issuer.rfc4514, ctx).toBe(ssl.issuer)
      expect(ours.serial, ctx).toBe(ssl.serial)
      expect(ours.fingerprintSha256, ctx).toBe(ssl['sha256 Fingerprint'])
      expect(ours.fingerprintSha1, ctx).toBe(ssl['sha1 Fingerprint'])
      expect(ours.validity.notBefore.replace('T', ' ').replace('.000Z', 'Z'), ctx).toBe(ssl.notBefore)
      expect(ours.validity.notAfter.replace('T', ' ').replace('.000Z', 'Z'), ctx).toBe(ssl.notAfter)
      expect(ours.signatureAlgorithm.name, ctx).toBe(ssl.sigalg)
      expect(String(ours.publicKey.bits), ctx).toBe(ssl.bits)
      const sans = ours.subjectAltNames.map((n) => (n.type === 'ip' ? `ip:${Array.from(parseIP(n.value) ?? []).join('.')}` : `${n.type}:${n.value}`))
      expect(sans, ctx).toEqual(normalizeOpensslSan(ssl.san ?? ''))
    }
  })

  it('computes the SPKI SHA-256 pin over the same bytes openssl exports', () => {
    for (const { label, pem } of corpus) {
      const pub = openssl(['x509', '-noout', '-pubkey'], pem).stdout
      const der = openssl(['pkey', '-pubin', '-outform', 'DER'], pub)
      expect(der.status).toBe(0)
      const pin = createHash('sha256').update(der.raw).digest('base64')
      expect(info(pem).publicKey.spkiSha256, label).toBe(pin)
    }
  })
})

describe('extensions are decoded and named', () => {
  it('decodes every extension of the generated leaf', () => {
    const leaf = info(corpus.find((c) => c.label === 'generated P-384 leaf')?.pem as string)
    const byName = Object.fromEntries(leaf.extensions.map((e) => [e.name, e]))
    expect(byName['Basic Constraints']).toMatchObject({ critical: true, value: { type: 'basicConstraints', ca: false } })
    expect(byName['Key Usage']?.value).toEqual({ type: 'keyUsage', usages: ['digitalSignature'] })
    expect(byName['Extended Key Usage']?.value).toEqual({ type: 'extKeyUsage', purposes: [{ oid: '1.3.6.1.5.5.7.3.1', name: 'TLS Web Server Authentication' }] })
    expect(byName['Subject Alternative Name']?.value).toEqual({
      type: 'subjectAltName',
      names: [
        { type: 'dns', value: 'svc.example.test' },
        { type: 'dns', value: '*.svc.example.test' },
        { type: 'ip', value: '192.0.2.7' },
        { type: 'ip', value: '2001:db8::1' },
        { type: 'email', value: 'ops@example.test' },
        { type: 'uri', value: 'https://svc.example.test/' }
      ]
    })
    expect(byName['Authority Information Access']?.value).toMatchObject({ ocsp: ['http://ocsp.example.test'], caIssuers: ['http://ca.example.test/int.cer'] })
    expect(byName['CRL Distribution Points']?.value).toEqual({ type: 'crlDistributionPoints', points: [{ fullName: [{ type: 'uri', value: 'http://crl.example.test/int.crl' }] }] })
    expect(byName['Certificate Policies']?.value).toMatchObject({ policies: [{ oid: '2.23.140.1.2.2', name: 'CA/B Forum Organization Validated' }] })
    expect(byName['TLS Feature']?.value).toEqual({ type: 'tlsFeature', features: [5], mustStaple: true })
    expect(leaf.subjectKeyId).toMatch(/^([0-9A-F]{2}:){19}[0-9A-F]{2}$/)
    expect(leaf.authorityKeyId).toBeDefined()
    expect(leaf.extensions.every((e) => e.value.type !== 'unknown' && e.value.type !== 'malformed')).toBe(true)
  })

  it('decodes name constraints and shows unknown extensions as OID + hex with their critical flag', async () => {
    const c = await createCertificate({
      subject: 'CN=NC',
      preset: 'intermediateCA',
      nameConstraints: { permitted: ['example.test', '10.0.0.0/8'], excluded: ['.bad.example.test'] },
      extraExtensions: [{ oid: '1.3.6.1.4.1.55555.7', critical: true, valueHex: '0C0568656C6C6F' }]
    })
    const nc = c.certificate.extensions.find((e) => e.name === 'Name Constraints')
    expect(nc?.value).toEqual({
      type: 'nameConstraints',
      permitted: [{ base: { type: 'dns', value: 'example.test' } }, { base: { type: 'ip', value: '10.0.0.0/8' } }],
      excluded: [{ base: { type: 'dns', value: '.bad.example.test' } }]
    })
    const unknown = c.certificate.extensions.find((e) => e.oid === '1.3.6.1.4.1.55555.7')
    expect(unknown).toMatchObject({ name: '1.3.6.1.4.1.55555.7', critical: true, hex: '0C0568656C6C6F', value: { type: 'unknown' } })
  })

  it('decodes SCTs from a real-world-shaped SCT list', async () => {
    // one SCT: v1, log id 32×0xAB, timestamp 2024-01-02T03:04:05.678Z, no extensions, sha256/ecdsa, 4-byte signature
    const ts = Date.UTC(2024, 0, 2, 3, 4, 5, 678)
    const sct = Buffer.concat([
      Buffer.from([0]),
      Buffer.alloc(32, 0xab),
      Buffer.from(ts.toString(16).padStart(16, '0'), 'hex'),
      Buffer.from([0, 0, 4, 3, 0, 4, 1, 2, 3, 4])
    ])
    const list = Buffer.concat([Buffer.from([0, sct.length + 2, 0, sct.length]), sct])
    const value = Buffer.concat([Buffer.from([0x04, list.length]), list])
    const c = await createCertificate({ subject: 'CN=sct.example.test', names: ['sct.example.test'], extraExtensions: [{ oid: '1.3.6.1.4.1.11129.2.4.2', critical: false, valueHex: value.toString('hex') }] })
    const e = c.certificate.extensions.find((x) => x.oid === '1.3.6.1.4.1.11129.2.4.2')
    expect(e?.name).toBe('CT Precertificate SCTs')
    expect(e?.value).toEqual({
      type: 'signedCertificateTimestamps',
      scts: [{ version: 1, logId: Buffer.alloc(32, 0xab).toString('base64'), timestamp: '2024-01-02T03:04:05.678Z', hashAlgorithm: 'sha256', signatureAlgorithm: 'ecdsa' }]
    })
  })

  it('reports validity relative to the given time', () => {
    const pem = corpus[0]?.pem as string
    const der = findPemBlocks(pem)[0]?.der as Uint8Array
    const cert = parseCertificate(der)
    const after = describeCertificate(cert, cert.notAfter + 10.5 * 86_400_000).validity
    expect(after).toMatchObject({ status: 'expired', daysSinceExpiry: 10, daysUntilExpiry: -11 })
    const before = describeCertificate(cert, cert.notAfter - 30 * 86_400_000).validity
    expect(before).toMatchObject({ status: 'valid', daysSinceExpiry: 0, daysUntilExpiry: 30 })
    expect(describeCertificate(cert, cert.notBefore - 1000).validity.status).toBe('notYetValid')
  })
})

describe('ASN.1 tree', () => {
  it('covers the DER with consistent byte ranges and opens encapsulated extension values', () => {
    const pem = corpus.find((c) => c.label === 'generated P-384 leaf')?.pem as string
    const { asn1, certificate } = inspectCertificate(pem)
    const der = findPemBlocks(pem)[0]?.der as Uint8Array
    expect(asn1.root.offset).toBe(0)
    expect(asn1.root.headerLength + asn1.root.length).toBe(der.length)
    const all: Asn1TreeNode[] = []
    const walk = (n: Asn1TreeNode): void => {
      all.push(n)
      let pos = n.offset + n.headerLength
      for (const c of n.children ?? []) {
        if (!n.encapsulates) expect(c.offset).toBe(pos)
        pos = c.offset + c.headerLength + c.length
      }
      if (n.children && !n.encapsulates) expect(pos).toBe(n.offset + n.headerLength + n.length)
    }
    const visit = (n: Asn1TreeNode): void => {
      walk(n)
      n.children?.forEach(visit)
    }
    visit(asn1.root)
    expect(all.length).toBe(asn1.nodeCount)
    expect(all.some((n) => n.preview === '2.5.29.17 (Subject Alternative Name)')).toBe(true)
    expect(all.some((n) => n.name === '[2]' && n.tagClass === 'context')).toBe(true) // a dNSName inside the SAN
    expect(all.some((n) => n.preview?.startsWith('1.2.840.10045.4.3.3 (ecdsa-with-SHA384)'))).toBe(true)
    // the extension byte ranges we report point at the right bytes
    const san = certificate.extensions.find((e) => e.name === 'Subject Alternative Name')
    expect(der[san?.offset as number]).toBe(0x30)
  })
})
