// Opening the same certificate twice: one list row, the existing one named, keys re-pointed at it.
import { describe, expect, it } from 'vitest'
import type { CertificateInfo } from '../../../../shared/x509/types'
import type { Entry } from './model'
import { dedupeOpened } from './open-dedupe'

function cert(uid: number, fingerprintSha256: string, cn: string, source = 'a.pem', keyId?: string): Entry {
  const name = { rdns: [], text: `CN=${cn}`, rfc4514: `CN=${cn}`, commonName: cn }
  const certificate = { fingerprintSha256, subject: name, issuer: name } as unknown as CertificateInfo
  return { uid, source, item: { kind: 'certificate', certificate }, keyId }
}

describe('dedupeOpened', () => {
  it('drops certificates already in the list and names the entry the user already has', () => {
    const existing = [cert(1, 'AA', 'leaf.test', 'first.pem'), cert(2, 'BB', 'Lab Root')]
    const { fresh, already } = dedupeOpened(existing, [cert(10, 'AA', 'leaf.test', 'again.pem'), cert(11, 'CC', 'other.test')])
    expect(fresh.map((e) => e.uid)).toEqual([11])
    expect(already).toEqual([{ uid: 1, title: 'leaf.test', source: 'first.pem' }])
  })

  it('keeps a repeat inside one file (a bundle that repeats a certificate is worth seeing)', () => {
    const { fresh, already } = dedupeOpened([], [cert(10, 'AA', 'x'), cert(11, 'AA', 'x')])
    expect(fresh).toHaveLength(2)
    expect(already).toEqual([])
  })

  it('points a new key at the listed copy, and hands over the key id when the listed copy had none', () => {
    const key: Entry = {
      uid: 12,
      source: 'again.p12',
      item: { kind: 'privateKey', key: { format: 'pkcs8', encrypted: false, locked: false, matches: [] } as never },
      keyId: 'k9',
      matchUids: [10]
    }
    const { fresh, keyIdFor } = dedupeOpened([cert(1, 'AA', 'leaf.test')], [cert(10, 'AA', 'leaf.test', 'again.p12', 'k9'), key])
    expect(fresh).toEqual([{ ...key, matchUids: [1] }])
    expect(keyIdFor).toEqual(new Map([[1, 'k9']]))
  })
})
