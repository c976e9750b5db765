// Generation and export, checked by OpenSSL: keys of every type, self-signed development certificates, a PKI in
// one step, CSRs both ways, mTLS client certificates, PKCS#12 that OpenSSL 3 opens without -legacy, encrypted keys.
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WirebenchError } from '../../shared/errors'
import { KEY_ALGORITHMS } from '../../shared/x509/key-algorithms'
import { CERTIFICATE_PRESETS, selfSignedPresets } from '../../shared/x509/presets'
import { certificatesToPkcs7, chainBundle, encryptPrivateKey, exportPkcs12, writePrivateKey } from './export'
import {
  createClientCertificate,
  createCsr,
  createLocalhostCertificate,
  createPki,
  createSelfSigned,
  generateKeyPair,
  keyMatches,
  signCsr
} from './issue'
import { openFile } from './open'
import { TempDir, asIssuer, openssl } from '../testing/x509'
import type { KeyAlgorithm, PkiResult } from './types'

let tmp: TempDir
let pki: PkiResult

beforeAll(async () => {
  tmp = new TempDir()
  pki = await createPki({ leaf: { subject: { commonName: 'pki.example.test' }, names: ['pki.example.test', '127.0.0.1'] } })
})

afterAll(() => tmp.remove())

function ok(args: string[], input?: string | Uint8Array): string {
  const r = openssl(args, input)
  expect(r.status, `openssl ${args.join(' ')}: ${r.stderr}`).toBe(0)
  return r.stdout + r.stderr
}

describe('generateKeyPair', () => {
  const expected: Record<KeyAlgorithm, RegExp> = {
    rsa2048: /Private-Key: \(2048 bit, 2 primes\)/,
    rsa3072: /Private-Key: \(3072 bit, 2 primes\)/,
    rsa4096: /Private-Key: \(4096 bit, 2 primes\)/,
    p256: /Private-Key: \(256 bit\)[\s\S]*NIST CURVE: P-256/,
    p384: /Private-Key: \(384 bit\)[\s\S]*NIST CURVE: P-384/,
    ed25519: /ED25519 Private-Key/
  }
  for (const alg of Object.keys(expected) as KeyAlgorithm[]) {
    it(`makes ${alg} keys OpenSSL reads`, { timeout: 60_000 }, async () => {
      const k = await generateKeyPair(alg)
      expect(ok(['pkey', '-noout', '-text'], k.privateKeyPem)).toMatch(expected[alg])
      expect(k.publicKey.algorithm).toBe(alg.startsWith('rsa') ? 'RSA' : alg === 'ed25519' ? 'Ed25519' : 'EC')
      // the label the page and the CLI show for this choice names the key that was made
      expect(KEY_ALGORITHMS[alg].label).toContain(k.publicKey.curve ?? (k.publicKey.algorithm === 'RSA' ? `RSA ${k.publicKey.bits}` : k.publicKey.algorithm))
    })
  }
})

describe('certificates', () => {
  const EKU_OIDS: Record<string, string> = { serverAuth: '1.3.6.1.5.5.7.3.1', clientAuth: '1.3.6.1.5.5.7.3.2' }
  for (const preset of selfSignedPresets) {
    it(`makes what the "${CERTIFICATE_PRESETS[preset].label}" profile promises: CA flag, extended key usage, default validity`, async () => {
      const info = CERTIFICATE_PRESETS[preset]
      const c = (await createSelfSigned({ subject: { commonName: `${preset}.example.test` }, preset })).certificate
      expect(c.isCA).toBe(info.ca)
      const eku = c.extensions.find((e) => e.name === 'Extended Key Usage')?.value
      const purposes = eku?.type === 'extKeyUsage' ? eku.purposes.map((p) => p.oid) : []
      expect(purposes).toEqual((info.extKeyUsage ?? []).map((n) => EKU_OIDS[n]))
      const days = (Date.parse(c.validity.notAfter) - Date.parse(c.validity.notBefore)) / 86_400_000
      expect(days).toBe(info.defaultDays)
    })
  }

  it('makes a self-signed development certificate with names and IPs', async () => {
    const c = await createSelfSigned({ subject: { commonName: 'dev.local' }, names: ['dev.local', 'localhost', '127.0.0.1', '::1'], days: 10 })
    const file = tmp.file(c.certPem)
    expect(ok(['x509', '-in', file, '-noout', '-checkhost', 'localhost'])).toMatch(/does match certificate/)
    expect(ok(['x509', '-in', file, '-noout', '-checkip', '::1'])).toMatch(/does match certificate/)
    expect(c.certificate.validity.totalDays).toBe(10)
    expect(c.certificate.selfSigned).toBe(true)
    expect(ok(['verify', '-no-CApath', '-no-CAstore', '-CAfile', file, '-purpose', 'sslserver', file])).toMatch(/OK/)
  })

  it('makes a root, an intermediate and a leaf that OpenSSL verifies', () => {
    const root = tmp.file(pki.root.certPem)
    const inter = tmp.file(pki.intermediate.certPem)
    const leaf = tmp.file(pki.leaf.certPem)
    expect(ok(['verify', '-no-CApath', '-no-CAstore', '-CAfile', root, '-untrusted', inter, '-verify_hostname', 'pki.example.test', '-purpose', 'sslserver', leaf])).toMatch(/OK/)
    expect(pki.chainPem).toBe(pki.leaf.certPem + pki.intermediate.certPem)
    expect(pki.intermediate.certificate.extensions.find((e) => e.name === 'Basic Constraints')?.value).toEqual({ type: 'basicConstraints', ca: true, pathLength: 0 })
  })

  it('makes an mTLS client certificate', async () => {
    const c = await createClientCertificate({ commonName: 'alice', email: 'alice@example.test', issuer: asIssuer(pki.intermediate), days: 30 })
    const args = ['verify', '-no-CApath', '-no-CAstore', '-CAfile', tmp.file(pki.root.certPem), '-untrusted', tmp.file(pki.intermediate.certPem)]
    expect(ok([...args, '-purpose', 'sslclient', tmp.file(c.certPem)])).toMatch(/OK/)
    expect(openssl([...args, '-purpose', 'sslserver', tmp.file(c.certPem)]).status).not.toBe(0)
    expect(c.certificate.subjectAltNames).toEqual([{ type: 'email', value: 'alice@example.test' }])
  })

  it('refuses an issuer whose key does not match its certificate', async () => {
    const other = await generateKeyPair('p256')
    await expect(createClientCertificate({ commonName: 'x', issuer: { certPem: pki.root.certPem, keyPem: other.privateKeyPem } })).rejects.toThrow(/does not match/)
  })

  it('makes the throwaway localhost certificate a TLS server uses, which OpenSSL accepts for localhost and both loopbacks', async () => {
    const local = await createLocalhostCertificate(3)
    const r = openFile(Buffer.from(local.certPem + local.keyPem))
    const cert = r.items[0]
    expect(cert?.kind === 'certificate' && cert.certificate.subjectAltNames.map((n) => n.value)).toEqual(['localhost', '127.0.0.1', '::1'])
    expect(keyMatches({ privateKeyPem: local.keyPem, certificateOrCsrPem: local.certPem }).matches).toBe(true)
    const file = tmp.file(local.certPem)
    for (const check of [['-verify_hostname', 'localhost'], ['-verify_ip', '127.0.0.1'], ['-verify_ip', '::1']]) {
      expect(openssl(['verify', '-CAfile', file, '-purpose', 'sslserver', ...check, file]).status).toBe(0)
    }
    expect(openssl(['verify', '-CAfile', file, '-verify_hostname', 'example.com', file]).status).not.toBe(0)
  })

  it('refuses a preset or key type outside the shared tables, in words', async () => {
    await expect(createSelfSigned({ subject: 'CN=x', preset: 'bogus' as never })).rejects.toThrow(/Unknown preset "bogus" \(use server, client/)
    await expect(generateKeyPair('rsa1024' as never)).rejects.toThrow(/Unknown key type "rsa1024" \(use rsa2048, rsa3072/)
  })
})

describe('CSRs', () => {
  it('makes a CSR with SANs that OpenSSL verifies, and signs it into a certificate', async () => {
    const csr = await createCsr({ subject: 'C=NL, O=Example B.V., CN=csr.example.test', names: ['csr.example.test', 'www.csr.example.test', '10.9.8.7'], key: 'p384' })
    const text = ok(['req', '-noout', '-verify', '-text'], csr.csrPem)
    expect(text).toMatch(/verify OK/)
    expect(text).toMatch(/DNS:csr\.example\.test, DNS:www\.csr\.example\.test, IP Address:10\.9\.8\.7/)
    const cert = await signCsr({ csrPem: csr.csrPem, issuer: asIssuer(pki.intermediate), days: 30 })
    expect(cert.certificate.subject.text).toBe('C=NL, O=Example B.V., CN=csr.example.test')
    expect(cert.certificate.subjectAltNames.map((n) => n.value)).toEqual(['csr.example.test', 'www.csr.example.test', '10.9.8.7'])
    expect(keyMatches({ privateKeyPem: csr.keyPem as string, certificateOrCsrPem: cert.certPem })).toMatchObject({ matches: true, otherKind: 'certificate' })
    expect(keyMatches({ privateKeyPem: csr.keyPem as string, certificateOrCsrPem: csr.csrPem })).toMatchObject({ matches: true, otherKind: 'csr' })
    expect(keyMatches({ privateKeyPem: pki.leaf.keyPem as string, certificateOrCsrPem: cert.certPem }).matches).toBe(false)
    const args = ['verify', '-no-CApath', '-no-CAstore', '-CAfile', tmp.file(pki.root.certPem), '-untrusted', tmp.file(pki.intermediate.certPem)]
    expect(ok([...args, '-verify_hostname', 'www.csr.example.test', tmp.file(cert.certPem)])).toMatch(/OK/)
  })

  it('signs a CSR made by OpenSSL and refuses a tampered one', async () => {
    const key = await generateKeyPair('rsa2048')
    const csrPem = ok(['req', '-new', '-key', tmp.file(key.privateKeyPem), '-subj', '/CN=ossl.example.test', '-addext', 'subjectAltName=DNS:ossl.example.test'])
    const cert = await signCsr({ csrPem, issuer: asIssuer(pki.intermediate), preset: 'serverClient' })
    expect(cert.certificate.publicKey.spkiSha256).toBe(key.publicKey.spkiSha256)
    expect(cert.certificate.extensions.find((e) => e.name === 'Extended Key Usage')?.value).toMatchObject({ purposes: [{ oid: '1.3.6.1.5.5.7.3.1' }, { oid: '1.3.6.1.5.5.7.3.2' }] })
    // flip one byte of the subject inside the signed part: the proof of possession fails
    const der = Buffer.from(csrPem.replace(/-----[^-]+-----|\s/g, ''), 'base64')
    const cn = der.indexOf('ossl.example.test')
    der[cn] = 'X'.charCodeAt(0)
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----\n`
    const err = await signCsr({ csrPem: tampered, issuer: asIssuer(pki.intermediate) }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(WirebenchError)
    expect((err as WirebenchError).code).toBe('INVALID_CSR')
  })
})

describe('export', () => {
  it('writes PKCS#12 that OpenSSL 3 opens without -legacy, and that we open again', () => {
    const p12 = exportPkcs12({ certificates: [pki.leaf.certPem, pki.intermediate.certPem, pki.root.certPem], keyPem: pki.leaf.keyPem as string, password: 'hunter22', friendlyName: 'pki leaf' })
    const file = tmp.file(p12, 'out.p12')
    const info = ok(['pkcs12', '-in', file, '-passin', 'pass:hunter22', '-info', '-noout'])
    expect(info).toMatch(/MAC: sha256, Iteration 2048/)
    expect(info).toMatch(/PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/)
    const certs = ok(['pkcs12', '-in', file, '-passin', 'pass:hunter22', '-nokeys'])
    expect(certs.match(/BEGIN CERTIFICATE/g)).toHaveLength(3)
    expect(certs).toMatch(/friendlyName: pki leaf/)
    const key = ok(['pkcs12', '-in', file, '-passin', 'pass:hunter22', '-nocerts', '-nodes'])
    expect(key).toMatch(/BEGIN PRIVATE KEY/)
    expect(openssl(['pkcs12', '-in', file, '-passin', 'pass:wrong', '-info', '-noout']).status).not.toBe(0)
    const back = openFile(p12, { password: 'hunter22' })
    expect(back.items.map((i) => i.kind)).toEqual(['certificate', 'certificate', 'certificate', 'privateKey'])
    const k = back.items[3]
    expect(k?.kind === 'privateKey' && k.key.matches).toEqual([0])
  })

  it('encrypts private keys with AES-256-CBC (PKCS#8) and writes them with mode 0600', async () => {
    const pem = encryptPrivateKey(pki.leaf.keyPem as string, 'correct horse')
    expect(pem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/)
    expect(ok(['asn1parse'], pem)).toMatch(/aes-256-cbc/)
    expect(ok(['pkey', '-passin', 'pass:correct horse', '-noout'], pem)).toBe('')
    const path = join(tmp.path, 'key.pem')
    await writePrivateKey(path, pem)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    // an existing file is never overwritten (issue 8: keys are written exclusively)
    await expect(writePrivateKey(path, 'other')).rejects.toMatchObject({ code: 'EEXIST' })
    expect(ok(['pkey', '-in', path, '-passin', 'pass:correct horse', '-noout'])).toBe('')
    expect(() => encryptPrivateKey(pki.leaf.keyPem as string, 'abc')).toThrow(/at least 4/)
  })

  it('bundles chains as PEM and PKCS#7', () => {
    const bundle = chainBundle([pki.leaf.certPem, pki.intermediate.certPem + pki.root.certPem])
    expect(bundle).toBe(pki.fullChainPem)
    const p7 = certificatesToPkcs7([bundle])
    const printed = ok(['pkcs7', '-inform', 'DER', '-print_certs', '-noout'], p7)
    expect(printed.match(/subject=/g)).toHaveLength(3)
  })
})
