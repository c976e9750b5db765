// The Certificates tab's state in one external store (opened items, selection, section, a pending "verify this",
// the roots the user chose to trust — Verify and From a server both use them), so it survives tab switches; the vault's keys are main's, listed through app/held. Sections read it all through
// useCertStore().
import { useMemo } from 'react'
import type { CertificateInfo, GeneratedKeyInfo } from '../../../../shared/x509/types'
import { heldStore, refreshHeld } from '../../app/held'
import { createStore, useStore } from '../../app/store'
import { newUid, type Entry } from './model'

export type Section = 'open' | 'verify' | 'server' | 'generate'

/** A root the user trusts in this window, on top of the stores they chose (Mozilla's, the OS's). */
export interface TrustedRoot {
  fingerprint256: string
  subject: string
  pem: string
}

export const certificatesStore = createStore({
  entries: [] as Entry[],
  selected: null as number | null,
  section: 'open' as Section,
  /** The latest "verify this" request; `seq` tells a new request from one already handled. */
  verifyRequest: null as { uid: number; seq: number } | null,
  trustedRoots: [] as TrustedRoot[]
})

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
  verifyRequest: { uid: number; seq: number } | null
  trustedRoots: TrustedRoot[]
  /** Trusts a root (once, by fingerprint) for Verify and From a server. */
  trustRoot(root: TrustedRoot): void
  untrustRoot(fingerprint256: string): void
}

const set = certificatesStore.set

export const certActions = {
  select: (uid: number | null) => set({ selected: uid }),
  add(added: Entry[], select = true) {
    if (added.length === 0) return
    set((s) => ({ ...s, entries: [...s.entries, ...added], selected: select ? added[0]!.uid : s.selected }))
  },
  addCertificates(certs: CertificateInfo[], source: string): number[] {
    const byFp = new Map<string, number>()
    for (const e of certificatesStore.get().entries) if (e.item.kind === 'certificate') byFp.set(e.item.certificate.fingerprintSha256, e.uid)
    const fresh: Entry[] = []
    const uids = certs.map((certificate) => {
      const known = byFp.get(certificate.fingerprintSha256)
      if (known !== undefined) return known
      const entry: Entry = { uid: newUid(), source, item: { kind: 'certificate', certificate } }
      byFp.set(certificate.fingerprintSha256, entry.uid)
      fresh.push(entry)
      return entry.uid
    })
    if (fresh.length > 0) set((s) => ({ ...s, entries: [...s.entries, ...fresh] }))
    return uids
  },
  remove: (uid: number) => set((s) => ({ ...s, entries: s.entries.filter((e) => e.uid !== uid), selected: s.selected === uid ? null : s.selected })),
  clear: () => set({ entries: [], selected: null, verifyRequest: null }),
  refreshVault: () => void refreshHeld(),
  show: (section: Section) => set({ section }),
  verify: (uid: number) => set((s) => ({ ...s, section: 'verify', verifyRequest: { uid, seq: (s.verifyRequest?.seq ?? 0) + 1 } })),
  trustRoot: (root: TrustedRoot) =>
    set((s) => (s.trustedRoots.some((r) => r.fingerprint256 === root.fingerprint256) ? s : { ...s, trustedRoots: [...s.trustedRoots, root] })),
  untrustRoot: (fingerprint256: string) => set((s) => ({ ...s, trustedRoots: s.trustedRoots.filter((r) => r.fingerprint256 !== fingerprint256) }))
}

/** The tab's state and actions for a section; re-renders when any of it changes. */
export function useCertStore(): CertStore {
  const state = useStore(certificatesStore, (s) => s)
  const vault = useStore(heldStore, (s) => s.keys)
  return useMemo(() => ({ ...state, ...certActions, vault }), [state, vault])
}
