// The Electron side's policy, tested without the Electron binary: which page may call main, what app:// serves,
// which OS-opened files reach the page, and the fuses the build sets.
import { execFileSync } from 'node:child_process'
import { createPrivateKey, generateKeyPairSync } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { resolveAppFile } from './app-protocol'
import { createSession } from './session'
import { APP_PAGE_URL, isTrustedPageUrl, LaunchCodes } from './security'

describe('which page may call main', () => {
  it('trusts exactly app://wirebench/index.html, not look-alikes', () => {
    expect(isTrustedPageUrl(APP_PAGE_URL, undefined)).toBe(true)
    expect(isTrustedPageUrl(`${APP_PAGE_URL}#certificates`, undefined)).toBe(true)
    for (const url of [
      'file:///tmp/evil/renderer/index.html',
      'file:///opt/Wirebench/resources/app.asar/out/renderer/index.html',
      'app://wirebench.evil/index.html',
      'app://wirebench/other.html',
      'app://wirebench/index.html?x=1',
      'http://127.0.0.1:5173/',
      'not a url'
    ]) {
      expect(isTrustedPageUrl(url, undefined), url).toBe(false)
    }
  })

  it('trusts a dev server only by its exact origin, and only when one is given', () => {
    expect(isTrustedPageUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true)
    expect(isTrustedPageUrl('http://localhost:5173.evil.example/', 'http://localhost:5173')).toBe(false)
    expect(isTrustedPageUrl('http://localhost:51730/', 'http://localhost:5173')).toBe(false)
  })
})

describe('app:// serves the built renderer and nothing else', () => {
  const dir = resolve('/opt/wirebench/out/renderer')
  it('maps paths inside the folder with the CSP header', () => {
    const index = resolveAppFile(dir, 'app://wirebench/')
    expect(index?.path).toBe(join(dir, 'index.html'))
    expect(index?.headers['Content-Security-Policy']).toContain("script-src 'self'")
    expect(resolveAppFile(dir, 'app://wirebench/assets/index.js')?.headers['Content-Type']).toContain('javascript')
  })
  it('refuses other hosts, broken escapes and ways out of the folder', () => {
    for (const url of ['app://other/index.html', 'app://wirebench/%', 'app://wirebench/..%2f..%2fetc%2fpasswd', 'app://wirebench/a%5c..%5c..%5cx', 'nonsense']) {
      expect(resolveAppFile(dir, url), url).toBeNull()
    }
  })
})

describe('OS-opened files never carry a private key to the page', () => {
  const work = mkdtempSync(join(tmpdir(), 'wirebench-keys-'))
  afterAll(() => rmSync(work, { recursive: true, force: true }))
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 })
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const ed = generateKeyPairSync('ed25519')

  it('a window session opens keys of every common kind into its vault and hands the page only ids', async () => {
    const keys: [string, Uint8Array][] = [
      ['pkcs8.pem', Buffer.from(rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }))],
      ['pkcs1.key', Buffer.from(rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }))],
      ['sec1.key', Buffer.from(ec.privateKey.export({ type: 'sec1', format: 'pem' }))],
      ['pkcs8.der', rsa.privateKey.export({ type: 'pkcs8', format: 'der' })],
      ['sec1.der', ec.privateKey.export({ type: 'sec1', format: 'der' })],
      ['ed25519.der', ed.privateKey.export({ type: 'pkcs8', format: 'der' })]
    ]
    const session = createSession(() => {}, 'electron')
    try {
      for (const [name, bytes] of keys) {
        const path = join(work, name)
        writeFileSync(path, bytes)
        const payload = JSON.stringify(await session.openOsFile(path))
        expect(payload, name).not.toContain('-----BEGIN')
        // The key's secret part, in any encoding the page could decode, is nowhere in the payload.
        const der = createPrivateKey(bytes.length && bytes[0] === 0x2d ? Buffer.from(bytes).toString() : { key: Buffer.from(bytes), format: 'der', type: name.startsWith('sec1') ? 'sec1' : 'pkcs8' })
          .export({ type: 'pkcs8', format: 'der' })
        expect(payload, name).not.toContain(der.toString('base64').slice(-48, -8))
        expect(payload, name).not.toContain(der.toString('hex').slice(-80, -16))
      }
      const vault = await session.router.call('x509.keys', {})
      expect(vault.ok && (vault.value as unknown[]).length).toBe(keys.length)
    } finally {
      await session.dispose()
    }
  })

  it('a certificate comes as it is', async () => {
    const key = join(work, 'k.pem')
    execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key])
    execFileSync('openssl', ['req', '-new', '-x509', '-key', key, '-subj', '/CN=localhost', '-days', '2', '-outform', 'DER', '-out', join(work, 'c.der')])
    const session = createSession(() => {}, 'electron')
    try {
      const file = await session.openOsFile(join(work, 'c.der'))
      expect(file.name).toBe('c.der')
      expect(file.opened.items.map((i) => i.kind)).toEqual(['certificate'])
    } finally {
      await session.dispose()
    }
  })
})

describe('launch codes', () => {
  it('open once, expire, and stay few', () => {
    const codes = new LaunchCodes()
    const a = codes.issue(1000, 0)
    expect(codes.redeem(a, 10)).toBe(true)
    expect(codes.redeem(a, 20)).toBe(false)
    expect(codes.redeem(codes.issue(1000, 0), 1000)).toBe(false)
    const first = codes.issue(60_000, 0)
    for (let i = 0; i < 20; i++) codes.issue(60_000, 0)
    expect(codes.redeem(first, 1)).toBe(false)
    expect(codes.redeem(42, 1)).toBe(false)
  })
})

describe('the build sets Electron fuses', () => {
  it('turns off run-as-node, NODE_OPTIONS and inspector flags; turns on cookie encryption and asar integrity', () => {
    const yml = readFileSync(resolve(__dirname, '../../../electron-builder.yml'), 'utf8')
    const fuses = /^electronFuses:\n((?: {2}.+\n)+)/m.exec(yml)?.[1] ?? ''
    expect(fuses).toContain('runAsNode: false')
    expect(fuses).toContain('enableCookieEncryption: true')
    expect(fuses).toContain('enableNodeOptionsEnvironmentVariable: false')
    expect(fuses).toContain('enableNodeCliInspectArguments: false')
    expect(fuses).toContain('enableEmbeddedAsarIntegrityValidation: true')
    expect(fuses).toContain('onlyLoadAppFromAsar: true')
  })
})
