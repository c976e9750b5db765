// Opening a certificate that is already in the list must not list it twice: a second copy looks like a second
// certificate and makes "#3 and #7" a puzzle. Duplicates are found by SHA-256 fingerprint against what was open
// before this file; repeats inside one file are kept, because a bundle that repeats a certificate is worth seeing.
import { createStore } from '../../app/store'
import { entryTitle, type Entry } from './model'

export interface AlreadyOpen {
  /** The entry that was already in the list, which the page selects instead. */
  uid: number
  title: string
  source: string
}

export interface DedupedOpen {
  fresh: Entry[]
  already: AlreadyOpen[]
  /** Vault key ids the dropped copies carried, for entries that had none (the key came with the second file). */
  keyIdFor: Map<number, string>
}

/** Splits newly opened entries into those to add and those already open (by certificate fingerprint). */
export function dedupeOpened(existing: readonly Entry[], added: readonly Entry[]): DedupedOpen {
  const byFingerprint = new Map<string, Entry>()
  for (const e of existing) if (e.item.kind === 'certificate') byFingerprint.set(e.item.certificate.fingerprintSha256, e)
  const replaced = new Map<number, number>()
  const already: AlreadyOpen[] = []
  const keyIdFor = new Map<number, string>()
  for (const e of added) {
    if (e.item.kind !== 'certificate') continue
    const known = byFingerprint.get(e.item.certificate.fingerprintSha256)
    if (!known) continue
    replaced.set(e.uid, known.uid)
    if (!already.some((a) => a.uid === known.uid)) already.push({ uid: known.uid, title: entryTitle(known), source: known.source })
    if (e.keyId && !known.keyId) keyIdFor.set(known.uid, e.keyId)
  }
  const fresh = added
    .filter((e) => !replaced.has(e.uid))
    // a key in the new file that matches a dropped copy now points at the copy already listed
    .map((e) => (e.matchUids ? { ...e, matchUids: e.matchUids.map((u) => replaced.get(u) ?? u) } : e))
  return { fresh, already, keyIdFor }
}

/** The latest "already open" words for the Open section; cleared by the user or by the next open. */
export const alreadyOpenStore = createStore({ items: [] as AlreadyOpen[] })
