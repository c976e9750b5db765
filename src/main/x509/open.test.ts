// openFile on every format OpenSSL writes: PEM bundles with text around them, DER, PKCS#7, PKCS#12 (modern and
// -legacy), CSRs, CRLs and all the private/public key wrappings. Files are made by the openssl CLI from
// material our generator produced, so both sides are exercised.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { WirebenchError } from '../../shared/errors'
import { exportKey } from './export'
import { createPki, generateKeyPair } from './issue'
import { openFile } from './open'
import { TempDir, openssl } from '../testing/x509'
import type { GeneratedKeyPair, OpenResult, OpenedItem, PkiResult } from './types'

let tmp: TempDir
let pki: PkiResult
let rsa: GeneratedKeyPair
let ec: GeneratedKeyPair

function ssl(args: string[]): void {
  const r = openssl(args)
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr}`)
}

const read = (name: string): Uint8Array => new Uint8Array(readFileSync(join(tmp.path, name)))
const p = (name: string): string => join(tmp.path, name)
const kinds = (r: OpenResult): string[] => r.items.map((i) => i.kind)

function certItems(r: OpenResult): Extract<OpenedItem, { kind: 'certificate' }>[] {
  return r.items.filter((i): i is Extract<OpenedItem, { kind: 'certificate' }> => i.kind === 'certificate')
}

function keyItem(r: OpenResult): Extract<OpenedItem, { kind: 'privateKey' }> {
  const k = r.items.find((i) => i.kind === 'privateKey')
  if (!k || k.kind !== 'privateKey') throw new Error('no key')
  return k
}

function thrown(fn: () => unknown): WirebenchError {
  try {
    fn()
  } catch (err) {
    if (err instanceof WirebenchError) return err
    throw new Error(`expected a WirebenchError, got ${String(err)}`)
  }
  throw new Error('expected an error')
}

beforeAll(async () => {
  tmp = new TempDir()
  ;[pki, rsa, ec] = await Promise.all([
    createPki({ leaf: { subject: { commonName: 'open.example.test' }, names: ['open.example.test', '127.0.0.1'] } }),
    generateKeyPair('rsa2048'),
    generateKeyPair('p256')
  ])
  writeFileSync(p('leaf.pem'), pki.leaf.certPem)
  writeFileSync(p('leaf.key'), pki.leaf.keyPem as string)
  writeFileSync(p('chain.pem'), pki.intermediate.certPem + pki.root.certPem)
  writeFileSync(p('full.pem'), pki.fullChainPem)
  writeFileSync(p('rsa.pem'), rsa.privateKeyPem)
  writeFileSync(p('ec.pem'), ec.privateKeyPem)
  ssl(['x509', '-in', p('leaf.pem'), '-outform', 'DER', '-out', p('leaf.der')])
  ssl(['crl2pkcs7', '-nocrl', '-certfile', p('full.pem'), '-out', p('chain.p7b')])
  ssl(['crl2pkcs7', '-nocrl', '-certfile', p('full.pem'), '-outform', 'DER', '-out', p('chain.p7c')])
  const p12 = ['pkcs12', '-export', '-in', p('leaf.pem'), '-inkey', p('leaf.key'), '-certfile', p('chain.pem'), '-name', 'my server']
  ssl([...p12, '-passout', 'pass:s3cret', '-out', p('modern.p12')])
  ssl([...p12, '-legacy', '-passout', 'pass:s3cret', '-out', p('legacy.p12')])
  ssl([...p12, '-passout', 'pass:', '-out', p('empty.p12')])
  ssl(['pkey', '-in', p('rsa.pem'), '-traditional', '-out', p('rsa-pkcs1.pem')])
  ssl(['pkey', '-in', p('ec.pem'), '-traditional', '-out', p('ec-sec1.pem')])
  ssl(['pkey', '-in', p('ec.pem'), '-traditional', '-outform', 'DER', '-out', p('ec-sec1.der')])
  ssl(['pkcs8', '-topk8', '-nocrypt', '-in', p('rsa.pem'), '-outform', 'DER', '-out', p('rsa-pkcs8.der')])
  ssl(['pkcs8', '-topk8', '-in', p('ec.pem'), '-v2', 'aes-256-cbc', '-passout', 'pass:pw1234', '-out', p('ec-enc.pem')])
  ssl(['pkcs8', '-topk8', '-in', p('ec.pem'), '-v2', 'aes-256-cbc', '-passout', 'pass:pw1234', '-outform', 'DER', '-out', p('ec-enc.der')])
  ssl(['rsa', '-in', p('rsa.pem'), '-aes256', '-traditional', '-passout', 'pass:pw1234', '-out', p('rsa-legacy-enc.pem')])
  ssl(['pkey', '-in', p('ec.pem'), '-pubout', '-out', p('ec-pub.pem')])
  ssl(['pkey', '-in', p('ec.pem'), '-pubout', '-outform', 'DER', '-out', p('ec-pub.der')])
  ssl(['rsa', '-in', p('rsa.pem'), '-RSAPublicKey_out', '-out', p('rsa-pub-pkcs1.pem')])
  ssl(['req', '-new', '-key', p('ec.pem'), '-subj', '/C=DE/O=Example/CN=csr.example.test', '-addext', 'subjectAltName=DNS:csr.example.test,IP:10.0.0.1', '-out', p('req.csr')])
  // a CRL with one revoked certificate, from a minimal `openssl ca` setup
  writeFileSync(p('index.txt'), '')
  writeFileSync(p('crlnumber'), '1000\n')
  writeFileSync(p('ca.cnf'), `[ca]\ndefault_ca = d\n[d]\ndatabase = ${p('index.txt')}\ncrlnumber = ${p('crlnumber')}\ndefault_md = sha256\ndefault_crl_days = 30\n`)
  writeFileSync(p('root.pem'), pki.root.certPem)
  writeFileSync(p('root.key'), pki.root.keyPem as string)
  writeFileSync(p('int.pem'), pki.intermediate.certPem)
  ssl(['ca', '-config', p('ca.cnf'), '-revoke', p('int.pem'), '-keyfile', p('root.key'), '-cert', p('root.pem')])
  ssl(['ca', '-config', p('ca.cnf'), '-gencrl', '-keyfile', p('root.key'), '-cert', p('root.pem'), '-out', p('root.crl')])
})

afterAll(() => tmp.remove())

describe('openFile: certificates and containers', () => {
  it('opens a PEM bundle with text around and between the blocks', () => {
    const text = `Here is the chain you asked for:\n\nsubject=CN = open.example.test\n${pki.leaf.certPem}\nand the rest\n${pki.intermediate.certPem}${pki.root.certPem}\n-- \nregards`
    const r = openFile(Buffer.from(text), { name: 'chain.txt' })
    expect(r.format).toBe('pem')
    expect(r.name).toBe('chain.txt')
    expect(certItems(r).map((c) => c.certificate.subject.commonName)).toEqual(['open.example.test', 'Wirebench Test Intermediate CA', 'Wirebench Test Root CA'])
    expect(certItems(r)[0]?.origin).toMatchObject({ container: 'pem', pemBlock: 1, line: 4 })
  })

  it('opens a DER certificate by content, whatever the name', () => {
    const r = openFile(read('leaf.der'), { name: 'not-a-cert.txt' })
    expect(r.format).toBe('der')
    expect(certItems(r)[0]?.certificate.fingerprintSha256).toBe(pki.leaf.certificate.fingerprintSha256)
  })

  it('opens bare base64 (DER pasted without armour)', () => {
    const r = openFile(Buffer.from(Buffer.from(read('leaf.der')).toString('base64')))
    expect(r.format).toBe('base64')
    expect(certItems(r)).toHaveLength(1)
  })

  it('opens PKCS#7 in PEM and DER', () => {
    for (const name of ['chain.p7b', 'chain.p7c']) {
      const r = openFile(read(name))
      expect(r.format).toBe(name.endsWith('p7b') ? 'pem' : 'pkcs7')
      expect(certItems(r).map((c) => c.origin.container)).toEqual(['pkcs7', 'pkcs7', 'pkcs7'])
      expect(certItems(r).map((c) => c.certificate.fingerprintSha256)).toEqual([
        pki.leaf.certificate.fingerprintSha256,
        pki.intermediate.certificate.fingerprintSha256,
        pki.root.certificate.fingerprintSha256
      ])
    }
  })

  it('opens a modern (AES-256, SHA-256 MAC) PKCS#12 with its password', () => {
    const r = openFile(read('modern.p12'), { password: 's3cret' })
    expect(r.format).toBe('pkcs12')
    expect(r.status).toBe('ok')
    expect(certItems(r)).toHaveLength(3)
    const key = keyItem(r)
    expect(key.key.format).toBe('pkcs12')
    expect(key.key.encryption).toMatch(/PBES2.*hmacWithSHA256.*aes-256-cbc/)
    expect(key.key.matches).toEqual([certItems(r).find((c) => c.certificate.subject.commonName === 'open.example.test')?.index])
    expect(certItems(r)[0]?.origin.friendlyName).toBe('my server')
  })

  it('opens a -legacy (3DES/RC2-40, SHA-1 MAC) PKCS#12', () => {
    const r = openFile(read('legacy.p12'), { password: 's3cret' })
    expect(certItems(r)).toHaveLength(3)
    expect(keyItem(r).key.encryption).toMatch(/TripleDES/)
    expect(keyItem(r).key.publicKey?.spkiSha256).toBe(pki.leaf.certificate.publicKey.spkiSha256)
  })

  it('asks for a PKCS#12 password instead of failing, and names a wrong one', () => {
    for (const name of ['modern.p12', 'legacy.p12']) {
      const r = openFile(read(name))
      expect(r.status).toBe('needsPassword')
      expect(r.items).toEqual([])
      const err = thrown(() => openFile(read(name), { password: 'wrong' }))
      expect(err.code).toBe('WRONG_PASSWORD')
      expect(err.message).toMatch(/password is wrong/)
    }
  })

  it('opens a PKCS#12 with an empty password without asking', () => {
    const r = openFile(read('empty.p12'))
    expect(r.status).toBe('ok')
    expect(certItems(r)).toHaveLength(3)
  })

  it('opens a CSR with its requested SANs and checks its signature', () => {
    const r = openFile(read('req.csr'))
    const csr = r.items[0]
    expect(csr?.kind).toBe('csr')
    if (csr?.kind !== 'csr') return
    expect(csr.csr.subject.text).toBe('C=DE, O=Example, CN=csr.example.test')
    expect(csr.csr.subjectAltNames).toEqual([
      { type: 'dns', value: 'csr.example.test' },
      { type: 'ip', value: '10.0.0.1' }
    ])
    expect(csr.csr.signatureValid).toBe(true)
    expect(csr.csr.publicKey.spkiSha256).toBe(ec.publicKey.spkiSha256)
  })

  it('opens a CRL', () => {
    const r = openFile(read('root.crl'))
    const crl = r.items[0]
    expect(crl?.kind).toBe('crl')
    if (crl?.kind !== 'crl') return
    expect(crl.crl.issuer.commonName).toBe('Wirebench Test Root CA')
    expect(crl.crl.crlNumber).toBe('4096')
    expect(crl.crl.revokedCount).toBe(1)
    expect(crl.crl.revoked[0]?.serial).toBe(pki.intermediate.certificate.serial)
  })
})

describe('openFile: keys', () => {
  const cases: [string, string, string][] = [
    ['PKCS#8 PEM', 'rsa.pem', 'pkcs8'],
    ['PKCS#1 PEM', 'rsa-pkcs1.pem', 'pkcs1'],
    ['SEC1 PEM', 'ec-sec1.pem', 'sec1'],
    ['SEC1 DER', 'ec-sec1.der', 'sec1'],
    ['PKCS#8 DER', 'rsa-pkcs8.der', 'pkcs8']
  ]
  for (const [what, file, format] of cases) {
    it(`describes a ${what} private key without revealing it`, () => {
      const r = openFile(read(file))
      const key = keyItem(r)
      expect(key.key.format).toBe(format)
      expect(key.key.encrypted).toBe(false)
      const expected = file.startsWith('rsa') ? rsa.publicKey : ec.publicKey
      expect(key.key.publicKey).toEqual(expected)
      // no key material in what crosses IPC: neither PEM text nor any stretch of the key's bytes
      const json = JSON.stringify(r)
      expect(json).not.toContain('-----BEGIN')
      const der = file.endsWith('.der') ? read(file) : Buffer.from(readFileSync(p(file), 'latin1').replace(/-----[^-]+-----|\s/g, ''), 'base64')
      const b64 = Buffer.from(der).toString('base64')
      for (let i = 0; i + 24 < b64.length; i += 40) expect(json).not.toContain(b64.slice(i, i + 24))
      expect(json).not.toContain(Buffer.from(der).toString('hex').slice(40, 80).toUpperCase())
    })
  }

  it('describes key algorithms and sizes', () => {
    expect(rsa.publicKey).toMatchObject({ algorithm: 'RSA', bits: 2048, exponent: 65537 })
    expect(ec.publicKey).toMatchObject({ algorithm: 'EC', bits: 256, curve: 'P-256' })
  })

  for (const file of ['ec-enc.pem', 'ec-enc.der', 'rsa-legacy-enc.pem']) {
    it(`handles encrypted key ${file}: locked, then opened, then a wrong password`, () => {
      const locked = openFile(read(file))
      expect(locked.status).toBe('needsPassword')
      expect(keyItem(locked).key).toMatchObject({ encrypted: true, locked: true })
      expect(keyItem(locked).key.publicKey).toBeUndefined()
      expect(keyItem(locked).key.encryption).toMatch(file.includes('legacy') ? /AES-256-CBC/ : /PBES2.*aes-256-cbc/)
      const open = openFile(read(file), { password: 'pw1234' })
      expect(open.status).toBe('ok')
      expect(keyItem(open).key.locked).toBe(false)
      expect(keyItem(open).key.publicKey?.spkiSha256).toBe((file.startsWith('rsa') ? rsa : ec).publicKey.spkiSha256)
      expect(thrown(() => openFile(read(file), { password: 'nope' })).code).toBe('WRONG_PASSWORD')
    })
  }

  it('describes public keys (SPKI PEM/DER, PKCS#1)', () => {
    for (const file of ['ec-pub.pem', 'ec-pub.der', 'rsa-pub-pkcs1.pem']) {
      const item = openFile(read(file)).items[0]
      expect(item?.kind).toBe('publicKey')
      if (item?.kind === 'publicKey') expect(item.key).toEqual(file.startsWith('rsa') ? rsa.publicKey : ec.publicKey)
    }
  })

  it('links a key to its certificate in a mixed PEM file', () => {
    const r = openFile(Buffer.from(pki.leaf.certPem + (pki.leaf.keyPem as string) + pki.intermediate.certPem))
    expect(kinds(r)).toEqual(['certificate', 'privateKey', 'certificate'])
    expect(keyItem(r).key.matches).toEqual([0])
  })

  it('exports a key from a PKCS#12 only when asked, encrypted so OpenSSL reads it', () => {
    const r = openFile(read('modern.p12'), { password: 's3cret' })
    const pem = exportKey(read('modern.p12'), { password: 's3cret', index: keyItem(r).index, format: 'pem', passphrase: 'export-pw' }) as string
    expect(pem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/)
    const check = openssl(['pkey', '-passin', 'pass:export-pw', '-pubout'], pem)
    expect(check.status, check.stderr).toBe(0)
    expect(thrown(() => exportKey(read('modern.p12'), { index: 0, format: 'pem' })).code).toBe('PASSWORD_REQUIRED')
  })
})
