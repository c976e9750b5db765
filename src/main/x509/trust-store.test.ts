// The trust stores Wirebench offers: Mozilla's (from Node) and the operating system's bundle when there is one.
import { existsSync, readFileSync } from 'node:fs'
import { rootCertificates } from 'node:tls'
import { describe, expect, it } from 'vitest'
import { SYSTEM_BUNDLE_PATHS, mozillaRoots, systemRoots, trustStoreInfo } from './trust-store'

describe('trust stores', () => {
  it('reports the Mozilla bundle honestly', () => {
    const info = trustStoreInfo()
    expect(info.mozilla.count).toBe(rootCertificates.length)
    expect(mozillaRoots()).toHaveLength(rootCertificates.length)
    expect(info.mozilla.nodeVersion).toBe(process.versions.node)
    expect(info.mozilla.nssVersion).toBeNull()
    expect(Date.parse(info.mozilla.newestRootIssued)).toBeGreaterThan(Date.UTC(2015, 0, 1))
    expect(mozillaRoots().every((c) => c.subject.key === c.issuer.key)).toBe(true)
  })

  it('reads the system bundle when the machine has one', () => {
    const path = SYSTEM_BUNDLE_PATHS.find((p) => existsSync(p))
    const sys = systemRoots()
    if (!path) {
      expect(sys).toBeNull()
      return
    }
    const blocks = (readFileSync(path, 'latin1').match(/-----BEGIN CERTIFICATE-----/g) ?? []).length
    expect(sys?.path).toBe(path)
    expect(sys?.certs.length).toBe(blocks)
    expect(trustStoreInfo().system).toEqual({ path, count: blocks })
  })
})
