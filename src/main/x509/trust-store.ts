// Trust anchors: Mozilla's root list as bundled in Node (tls.rootCertificates), and the operating system's bundle
// when there is a readable one. Both are parsed once and kept.
import { existsSync, readFileSync, statSync } from 'node:fs'
import * as tls from 'node:tls'
import { findPemBlocks } from '../../shared/x509/pem'
import { type ParsedCertificate, parseCertificate } from './certificate'
import type { TrustStoreInfo } from './types'

/** Where Linux distributions and macOS/BSDs keep the system bundle, most common first. */
export const SYSTEM_BUNDLE_PATHS = [
  '/etc/ssl/certs/ca-certificates.crt', // Debian, Ubuntu, Arch, Gentoo
  '/etc/pki/tls/certs/ca-bundle.crt', // Fedora, RHEL
  '/etc/ssl/ca-bundle.pem', // openSUSE
  '/etc/pki/tls/cacert.pem', // OpenELEC
  '/etc/ssl/cert.pem' // macOS (a snapshot, not the keychain), Alpine, BSDs
]

const MAX_BUNDLE_BYTES = 10 * 1024 * 1024

function parsePemList(pems: readonly string[]): ParsedCertificate[] {
  const out: ParsedCertificate[] = []
  for (const pem of pems) {
    for (const block of findPemBlocks(pem)) {
      if (block.label !== 'CERTIFICATE' || !block.der) continue
      try {
        out.push(parseCertificate(block.der))
      } catch {
        // a damaged entry in a trust bundle is skipped, not fatal
      }
    }
  }
  return out
}

let mozilla: ParsedCertificate[] | undefined
let system: { path: string; certs: ParsedCertificate[] } | null | undefined

export function mozillaRoots(): ParsedCertificate[] {
  mozilla ??= parsePemList(tls.rootCertificates)
  return mozilla
}

/** The OS bundle, or null when this system has none Wirebench can read (Windows, macOS keychain). */
export function systemRoots(): { path: string; certs: ParsedCertificate[] } | null {
  if (system !== undefined) return system
  system = null
  const getCA = (tls as unknown as { getCACertificates?: (type: string) => string[] }).getCACertificates
  if (typeof getCA === 'function') {
    // Node 22.15+ reads the OS store itself (including Windows and the macOS keychain)
    try {
      system = { path: 'operating system store (tls.getCACertificates("system"))', certs: parsePemList(getCA('system')) }
      return system
    } catch {
      system = null
    }
  }
  for (const path of SYSTEM_BUNDLE_PATHS) {
    try {
      if (!existsSync(path) || statSync(path).size > MAX_BUNDLE_BYTES) continue
      system = { path, certs: parsePemList([readFileSync(path, 'latin1')]) }
      break
    } catch {
      // unreadable: try the next location
    }
  }
  return system
}

export function trustStoreInfo(): TrustStoreInfo {
  const roots = mozillaRoots()
  const newest = roots.reduce((m, c) => Math.max(m, c.notBefore), 0)
  const sys = systemRoots()
  return {
    mozilla: {
      count: roots.length,
      nodeVersion: process.versions.node,
      nssVersion: null,
      newestRootIssued: new Date(newest).toISOString(),
      note:
        `Node ${process.versions.node} bundles Mozilla's NSS root list (certdata.txt) as of its build; process.versions ` +
        'does not name the NSS release, so Wirebench reports the count and the newest root in the bundle instead.'
    },
    system: sys ? { path: sys.path, count: sys.certs.length } : null
  }
}
