// Issue 8 item 10, engine side: a .key file the OS hands the app reaches the page as a vault id and a description;
// certificates come as they are; a file that needs a password waits in main under an id, never as bytes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { HostileFiles } from '../testing/hostile-files'
import { openOsFile } from './os-file'
import { CertificateService } from './service'

const files = new HostileFiles()
const service = new CertificateService()
let p12: string

beforeAll(() => {
  files.manyKeys(1, 'server.key')
  p12 = files.legacyPkcs12(2048, 'bundle.p12')
}, 60_000)
afterAll(() => {
  service.dispose()
  files.remove()
})

const RAW_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/

describe('files opened by the OS', () => {
  it('a double-clicked .key file goes into the vault: the page gets its id and description, never the key', async () => {
    const fromOs = await openOsFile(service, files.path('server.key'))
    expect(fromOs.name).toBe('server.key')
    expect(fromOs.fileId).toBeUndefined()
    expect(fromOs.opened.items).toMatchObject([{ kind: 'privateKey', key: { format: 'sec1', publicKey: { curve: 'P-256' } } }])
    expect(JSON.stringify(fromOs)).not.toMatch(RAW_KEY)
    expect(fromOs).not.toHaveProperty('data')
    const keyId = fromOs.opened.keyIds[0]!
    expect(service.keyPem(keyId)).toMatch(RAW_KEY)
    expect(service.keys().map((k) => k.keyId)).toContain(keyId)
  })

  it('certificates come as they are', async () => {
    const fromOs = await openOsFile(service, files.path('cert.pem'))
    expect(fromOs.opened.items).toMatchObject([{ kind: 'certificate', certificate: { subject: { text: 'CN=hostile.test' } } }])
  })

  it('a protected PKCS#12 waits in main: the page gets a fileId, then opens it with the password', async () => {
    const fromOs = await openOsFile(service, files.path(p12))
    expect(fromOs.opened.status).toBe('needsPassword')
    expect(typeof fromOs.fileId).toBe('string')
    const wrong = await service.open({ fileId: fromOs.fileId, password: 'nope' }).catch((e: { code: string }) => e.code)
    expect(wrong).toBe('WRONG_PASSWORD')
    const opened = await service.open({ fileId: fromOs.fileId, password: 'pw' })
    expect(opened.items.map((i) => i.kind).sort()).toEqual(['certificate', 'privateKey'])
    expect(Object.values(opened.keyIds)).toHaveLength(1)
    expect(JSON.stringify(opened)).not.toMatch(RAW_KEY)
    // once opened, the held bytes are let go
    expect(await service.open({ fileId: fromOs.fileId, password: 'pw' }).catch((e: { code: string }) => e.code)).toBe('NOT_FOUND')
  })

  it('a missing file is an error value, not a crash', async () => {
    await expect(openOsFile(service, files.path('gone.pem'))).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
