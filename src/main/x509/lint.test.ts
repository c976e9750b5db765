// Lint rules on certificates built to break them, each finding carrying its source document.
import { generateKeyPairSync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { implicitPrimitive, seq } from '../../shared/x509/der'
import { findPemBlocks } from '../../shared/x509/pem'
import { parseCertificate } from './certificate'
import { createCertificate } from './issue'
import { lintCertificate } from './lint'
import { DAY } from '../testing/x509'
import type { CreateCertificateOptions } from './issue'
import type { LintFinding } from './types'

async function lint(options: CreateCertificateOptions, now = Date.now()): Promise<LintFinding[]> {
  const c = await createCertificate(options)
  return lintCertificate(parseCertificate(findPemBlocks(c.certPem)[0]?.der as Uint8Array), now)
}

const ids = (f: LintFinding[]): string[] => f.map((x) => x.code)
const base: CreateCertificateOptions = { subject: { commonName: 'lint.example.test' }, names: ['lint.example.test'], days: 90 }

describe('lintCertificate', () => {
  it('finds nothing wrong with a sensible server certificate', async () => {
    expect(await lint(base)).toEqual([])
  })

  it('flags SHA-1 signatures (CA/B Forum BR)', async () => {
    const f = await lint({ ...base, key: 'rsa2048', signatureHash: 'sha1', issuer: undefined, preset: 'server' }).then((x) => x)
    // self-signed: only a notice; issued by a CA: an error
    expect(ids(f)).toContain('SHA1_SELF_SIGNATURE')
    const ca = await createCertificate({ subject: 'CN=CA', preset: 'rootCA', key: 'rsa2048' })
    const issued = await lint({ ...base, signatureHash: 'sha1', issuer: { certPem: ca.certPem, keyPem: ca.keyPem as string } })
    const sha1 = issued.find((x) => x.code === 'SHA1_SIGNATURE')
    expect(sha1).toMatchObject({ severity: 'error', source: 'CA/B Forum BR §7.1.3.2' })
    expect(sha1?.message).toMatch(/SHA-1/)
  })

  it('flags RSA keys under 2048 bits', async () => {
    const small = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string
    const f = await lint({ ...base, key: { privateKeyPem: small } })
    expect(f.find((x) => x.code === 'RSA_KEY_TOO_SMALL')).toMatchObject({ source: 'CA/B Forum BR §6.1.5' })
  })

  it('flags a TLS server certificate valid for more than 398 days, but not a CA', async () => {
    expect(ids(await lint({ ...base, days: 399 }))).toContain('VALIDITY_TOO_LONG')
    // the BR count both ends inclusively: 398 days from notBefore is 398 days and one second
    expect(ids(await lint({ ...base, days: 398 }))).toContain('VALIDITY_TOO_LONG')
    expect(ids(await lint({ ...base, days: 397 }))).not.toContain('VALIDITY_TOO_LONG')
    expect(ids(await lint({ subject: 'CN=Root', preset: 'rootCA', days: 3650 }))).not.toContain('VALIDITY_TOO_LONG')
  })

  it('flags a server certificate without SAN, and a CN missing from the SAN', async () => {
    const noSan = await lint({ subject: { commonName: 'nosan.example.test' }, names: [] })
    expect(noSan.find((x) => x.code === 'NO_SAN')?.source).toMatch(/BR §7\.1\.2\.7\.12/)
    const cnMissing = await lint({ subject: { commonName: 'cn.example.test' }, names: ['other.example.test'] })
    expect(cnMissing.find((x) => x.code === 'CN_NOT_IN_SAN')).toMatchObject({ severity: 'warning', source: 'CA/B Forum BR §7.1.4.3' })
    // CN given as an IP literal matches an IP SAN
    expect(ids(await lint({ subject: { commonName: '192.0.2.1' }, names: ['192.0.2.1'] }))).not.toContain('CN_NOT_IN_SAN')
  })

  it('flags a CA without keyCertSign (RFC 5280)', async () => {
    const f = await lint({ subject: 'CN=Bad CA', preset: 'rootCA', keyUsage: ['digitalSignature', 'cRLSign'] })
    expect(f.find((x) => x.code === 'CA_WITHOUT_KEY_CERT_SIGN')?.source).toBe('RFC 5280 §4.2.1.3, §4.2.1.9')
  })

  it('flags a CA certificate without Key Usage (RFC 5280 §4.2.1.3), not one with it', async () => {
    // preset 'none' with a path length: Basic Constraints CA:TRUE and no Key Usage extension at all
    const f = await lint({ subject: 'CN=No KU CA', preset: 'none', pathLength: 1, days: 365 })
    expect(f.find((x) => x.code === 'CA_WITHOUT_KEY_USAGE')).toMatchObject({ severity: 'error', source: 'RFC 5280 §4.2.1.3' })
    expect(f.find((x) => x.code === 'CA_WITHOUT_KEY_USAGE')?.message).toMatch(/MUST include it/)
    expect(ids(await lint({ subject: 'CN=Good CA', preset: 'rootCA' }))).not.toContain('CA_WITHOUT_KEY_USAGE')
    expect(ids(await lint(base))).not.toContain('CA_WITHOUT_KEY_USAGE')
  })

  it('flags a Common Name over 64 characters (RFC 5280 ub-common-name), counting characters not bytes', async () => {
    const long = 'a'.repeat(60) + '.test'
    const f = await lint({ subject: { commonName: long }, names: [long] })
    expect(f.find((x) => x.code === 'CN_TOO_LONG')).toMatchObject({ severity: 'error', source: 'RFC 5280 Appendix A (ub-common-name = 64)' })
    expect(f.find((x) => x.code === 'CN_TOO_LONG')?.message).toMatch(/65 characters long; RFC 5280 allows at most 64/)
    const exactly64 = 'b'.repeat(59) + '.test'
    expect(ids(await lint({ subject: { commonName: exactly64 }, names: [exactly64] }))).not.toContain('CN_TOO_LONG')
    // 64 characters of three UTF-8 bytes each is still 64 characters
    expect(ids(await lint({ subject: 'CN=' + 'é'.repeat(64), preset: 'rootCA' }))).not.toContain('CN_TOO_LONG')
  })

  it('flags negative, zero and over-long serials (RFC 5280 §4.1.2.2)', async () => {
    const negative = await lint({ ...base, serialHex: 'FF0102030405060708' })
    expect(negative.find((x) => x.code === 'SERIAL_NEGATIVE')?.source).toBe('RFC 5280 §4.1.2.2')
    const long = await lint({ ...base, serialHex: '01' + '23'.repeat(20) })
    expect(long.find((x) => x.code === 'SERIAL_TOO_LONG')?.message).toMatch(/21 octets/)
    expect(ids(await lint({ ...base, serialHex: '00' }))).toContain('SERIAL_ZERO')
    expect(ids(await lint({ ...base, serialHex: '7F' + '11'.repeat(19) }))).not.toContain('SERIAL_TOO_LONG')
  })

  it('flags expired and not-yet-valid certificates relative to the given time', async () => {
    const f = await lint({ ...base, notBefore: new Date(Date.now() - 100 * DAY), days: 30 })
    expect(f.find((x) => x.code === 'EXPIRED')?.message).toMatch(/70 days ago/)
    const future = await lint({ ...base, notBefore: new Date(Date.now() + 2 * DAY), days: 30 })
    expect(ids(future)).toContain('NOT_YET_VALID')
    expect(ids(await lint({ ...base, days: 30 }, Date.now() + 40 * DAY))).toContain('EXPIRED')
  })

  it('flags wildcards clients will not match', async () => {
    // our generator refuses such names, so the SAN is written by hand
    const san = seq(implicitPrimitive(2, new TextEncoder().encode('lint.example.test')), implicitPrimitive(2, new TextEncoder().encode('f*.example.test')))
    const f = await lint({ ...base, names: [], extraExtensions: [{ oid: '2.5.29.17', critical: false, valueHex: Buffer.from(san).toString('hex') }] })
    expect(f.find((x) => x.code === 'BAD_WILDCARD')?.message).toContain('f*.example.test')
  })
})
