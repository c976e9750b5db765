// Bad input: every failure is a WirebenchError with a clear message, nothing hangs, nothing grows without
// bound. Ends with a fast-check property that mutates valid DER of every kind we open.
import { randomBytes } from 'node:crypto'
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { WirebenchError } from '../../shared/errors'
import { decode } from '../../shared/x509/asn1'
import { findPemBlocks } from '../../shared/x509/pem'
import { asn1Tree } from './asn1-tree'
import { certificatesToPkcs7, exportPkcs12 } from './export'
import { inspectCertificate } from './inspect'
import { createCsr, createPki } from './issue'
import { MAX_INPUT_BYTES, openFile } from './open'
import { verifyChain } from './verify'
import type { PkiResult } from './types'

let pki: PkiResult
let certDer: Uint8Array
const seeds: { name: string; der: Uint8Array }[] = []

function thrown(fn: () => unknown): WirebenchError {
  try {
    fn()
  } catch (err) {
    if (err instanceof WirebenchError) return err
    throw new Error(`expected a WirebenchError, got ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`)
  }
  throw new Error('expected an error, got a result')
}

const derOf = (pem: string): Uint8Array => findPemBlocks(pem)[0]?.der as Uint8Array

beforeAll(async () => {
  pki = await createPki({ leaf: { subject: { commonName: 'bad.example.test' }, names: ['bad.example.test', '10.0.0.1'], caIssuersUrls: ['http://ca.example.test/i.cer'] } })
  certDer = derOf(pki.leaf.certPem)
  const csr = await createCsr({ subject: 'CN=csr.example.test', names: ['csr.example.test'] })
  seeds.push(
    { name: 'certificate', der: certDer },
    { name: 'CA certificate', der: derOf(pki.root.certPem) },
    { name: 'CSR', der: derOf(csr.csrPem) },
    { name: 'PKCS#7', der: certificatesToPkcs7([pki.fullChainPem]) },
    { name: 'PKCS#8 key', der: derOf(pki.leaf.keyPem as string) },
    {
      name: 'PKCS#12',
      der: exportPkcs12({ certificates: [pki.leaf.certPem], keyPem: pki.leaf.keyPem as string, password: 'pw', iterations: 16 })
    }
  )
})

describe('bad input is a clear WirebenchError', () => {
  it('truncated DER', () => {
    const err = thrown(() => openFile(certDer.subarray(0, certDer.length - 40)))
    expect(err.code).toBe('INVALID_DER')
    expect(err.message).toMatch(/looks like DER .* damaged: .*declares \d+ content bytes but only \d+ remain \(truncated\?\)/)
  })

  it('random bytes', () => {
    for (let i = 0; i < 50; i++) {
      const err = thrown(() => openFile(randomBytes(1 + (i * 37) % 4000)))
      expect(['UNSUPPORTED_FORMAT', 'INVALID_DER']).toContain(err.code)
    }
  })

  it('an empty file', () => {
    expect(thrown(() => openFile(new Uint8Array(0))).message).toBe('The file is empty.')
  })

  it('a file over 50 MB is refused before any parsing', () => {
    const big = new Uint8Array(MAX_INPUT_BYTES + 1)
    const t0 = performance.now()
    const err = thrown(() => openFile(big))
    expect(err.code).toBe('TOO_LARGE')
    expect(err.message).toMatch(/50\.0 MB; Wirebench opens files up to 50 MB/)
    expect(performance.now() - t0).toBeLessThan(50)
  })

  it('50 MB of random bytes or of a PEM-looking body is handled fast', () => {
    const random = randomBytes(MAX_INPUT_BYTES)
    random[0] = 0x30
    let t0 = performance.now()
    expect(thrown(() => openFile(random)).code).toMatch(/INVALID_DER|UNSUPPORTED_FORMAT/)
    expect(performance.now() - t0).toBeLessThan(2000)
    const pemish = Buffer.alloc(MAX_INPUT_BYTES, 'A')
    pemish.write('-----BEGIN CERTIFICATE-----\n', 0)
    pemish.write('\n-----END CERTIFICATE-----\n', MAX_INPUT_BYTES - 30)
    t0 = performance.now()
    expect(thrown(() => openFile(pemish)).code).toMatch(/INVALID_CERTIFICATE|INVALID_PEM/)
    expect(performance.now() - t0).toBeLessThan(4000)
  })

  it('a PEM with a broken base64 body says which block and line', () => {
    const lines = pki.leaf.certPem.split('\n')
    lines[3] = `${(lines[3] as string).slice(0, 10)}*${(lines[3] as string).slice(11)}`
    const err = thrown(() => openFile(Buffer.from(`intro\n${lines.join('\n')}`)))
    expect(err.code).toBe('INVALID_PEM')
    expect(err.message).toBe('PEM block 1 (CERTIFICATE, line 2) has a damaged base64 body: unexpected character "*" on line 5.')
  })

  it('a PEM block without its END line', () => {
    const err = thrown(() => openFile(Buffer.from(pki.leaf.certPem.split('-----END')[0] as string)))
    expect(err.code).toBe('INVALID_PEM')
    expect(err.message).toMatch(/has no "-----END CERTIFICATE-----" line/)
  })

  it('20,000 BEGIN lines without an END, then 10 MB of text, are read in linear time (was a minute)', () => {
    const text = '-----BEGIN CERTIFICATE-----\nAAAA\n'.repeat(20_000) + 'x'.repeat(10_000_000)
    const started = Date.now()
    const blocks = findPemBlocks(text, 20_001)
    expect(Date.now() - started).toBeLessThan(5000)
    expect(blocks).toHaveLength(20_000)
    expect(blocks.every((b) => b.error?.includes('has no "-----END CERTIFICATE-----" line'))).toBe(true)
  })

  it('a damaged block among good ones becomes an error item, the rest still opens', () => {
    const broken = pki.intermediate.certPem.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!')
    const r = openFile(Buffer.from(pki.leaf.certPem + broken + pki.root.certPem))
    expect(r.items.map((i) => i.kind)).toEqual(['certificate', 'error', 'certificate'])
    const e = r.items[1]
    expect(e?.kind === 'error' && e.error.code).toBe('INVALID_PEM')
  })

  it('a key in a CERTIFICATE block is not a certificate', () => {
    const body = (pki.leaf.keyPem as string).replace(/PRIVATE KEY/g, 'CERTIFICATE')
    const err = thrown(() => openFile(Buffer.from(body)))
    expect(err.code).toBe('INVALID_CERTIFICATE')
    expect(err.message).toMatch(/^PEM block 1 \(CERTIFICATE, line 1\): Not a valid X\.509 certificate/)
  })

  it('a wrong PKCS#12 password', () => {
    const p12 = seeds.find((s) => s.name === 'PKCS#12')?.der as Uint8Array
    const err = thrown(() => openFile(p12, { password: 'not it' }))
    expect(err.code).toBe('WRONG_PASSWORD')
    expect(openFile(p12, { password: 'pw' }).items.map((i) => i.kind)).toEqual(['certificate', 'privateKey'])
  })

  it('absurd nesting does not overflow the stack', () => {
    const depth = 100_000
    const nested = new Uint8Array(depth * 2)
    for (let i = 0; i < depth; i++) {
      nested[i * 2] = 0x30
      nested[i * 2 + 1] = 0x80 // indefinite length: each level opens another
    }
    expect(thrown(() => decode(nested)).code).toBe('INVALID_DER')
    expect(['INVALID_DER', 'UNSUPPORTED_FORMAT']).toContain(thrown(() => openFile(nested)).code)
  })

  it('caps the number of items and says so', () => {
    const many = Buffer.from(pki.leaf.certPem.repeat(12))
    const r = openFile(many, { maxItems: 10 })
    expect(r.items).toHaveLength(10)
    expect(r.truncated).toBe(true)
  })

  it('verifyChain and inspectCertificate report bad input the same way', () => {
    expect(thrown(() => verifyChain({ leaf: 'not a certificate' })).code).toBe('UNSUPPORTED_FORMAT')
    expect(thrown(() => inspectCertificate(certDer.subarray(0, 100))).code).toBe('INVALID_DER')
    expect(thrown(() => inspectCertificate(pki.leaf.certPem, { index: 3 })).code).toBe('INVALID_INPUT')
  })
})

describe('property: mutated DER never throws anything but WirebenchError and never hangs', () => {
  // positions spread evenly over the input (biased integers would mostly hit the outer header)
  const position = fc.noBias(fc.integer({ min: 0, max: 1 << 20 }))
  const rarely = <T,>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
    fc.oneof({ arbitrary: fc.constant(undefined), weight: 4 }, { arbitrary: arb, weight: 1 })
  const mutation = fc.record({
    seed: fc.nat(),
    edits: fc.array(fc.record({ at: position, value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 6 }),
    cut: rarely(position),
    insert: rarely(fc.record({ at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) })),
    password: fc.constantFrom(undefined, 'pw', 'other')
  })

  type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never

  function mutate(m: Mutation): Uint8Array {
    const seed = seeds[m.seed % seeds.length]?.der as Uint8Array
    let bytes = Uint8Array.from(seed)
    for (const e of m.edits) bytes[e.at % bytes.length] = e.value
    if (m.insert) {
      const at = m.insert.at % bytes.length
      bytes = Uint8Array.from([...bytes.subarray(0, at), ...m.insert.bytes, ...bytes.subarray(at)])
    }
    if (m.cut !== undefined) bytes = bytes.subarray(0, m.cut % bytes.length)
    return bytes
  }

  const outcomes = { ok: 0, error: 0 }

  function check(fn: () => unknown): void {
    const t0 = performance.now()
    try {
      fn()
      outcomes.ok++
    } catch (err) {
      if (!(err instanceof WirebenchError)) throw err
      expect(err.message.length).toBeGreaterThan(10)
      outcomes.error++
    }
    expect(performance.now() - t0).toBeLessThan(1500)
  }

  it('openFile', () => {
    fc.assert(
      fc.property(mutation, (m) => {
        const bytes = mutate(m)
        check(() => openFile(bytes, m.password === undefined ? {} : { password: m.password }))
      }),
      { numRuns: 2000, seed: 4242 }
    )
    // the property is not vacuous: some mutants still open (e.g. a changed signature byte), most do not
    expect(outcomes.ok).toBeGreaterThan(200)
    expect(outcomes.error).toBeGreaterThan(500)
  })

  it('asn1Tree, inspectCertificate and verifyChain', () => {
    fc.assert(
      fc.property(mutation, (m) => {
        const bytes = mutate({ ...m, seed: 0 })
        check(() => asn1Tree(bytes))
        check(() => inspectCertificate(bytes))
        check(() => verifyChain({ leaf: bytes, useMozillaRoots: false, roots: [pki.root.certPem], intermediates: [pki.intermediate.certPem], host: 'bad.example.test' }))
      }),
      { numRuns: 500, seed: 99 }
    )
  })
})
