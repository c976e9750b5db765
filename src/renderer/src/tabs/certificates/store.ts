// The tab's shared state, handed to the sections through a context: the opened list, the selection, the vault's
// key ids and a way to move between sections.
import { createContext, useContext } from 'react'
import type { GeneratedKeyInfo } from '../../../../shared/x509/types'
import type { CertificateInfo } from '../../../../shared/x509/types'
import type { Entry } from './model'

export type Section = 'open' | 'verify' | 'server' | 'generate'

export interface CertStore {
  entries: Entry[]
  selected: number | null
  select(uid: number | null): void
  /** Appends entries (duplicates kept: a bundle may repeat a certificate) and optionally selects the first. */
  add(entries: Entry[], select?: boolean): void
  /** Adds certificates not already in the list (by fingerprint); returns the uid of each, new or existing. */
  addCertificates(certs: CertificateInfo[], source: string): number[]
  remove(uid: number): void
  clear(): void
  vault: GeneratedKeyInfo[]
  refreshVault(): void
  section: Section
  show(section: Section): void
  /** Open Verify with this certificate as the leaf, and verify it at once. */
  verify(uid: number): void
  /** The latest such request; `seq` tells a new request from one already handled. */
  verifyRequest: { uid: number; seq: number } | null
}

export const CertStoreContext = createContext<CertStore | null>(null)

export function useCertStore(): CertStore {
  const store = useContext(CertStoreContext)
  if (!store) throw new Error('useCertStore outside CertificatesTab')
  return store
}
