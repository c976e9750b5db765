// Opening files and pasted text: size check in the page, base64, x509.open; files that need a password wait for
// one inline; whatever goes wrong is kept as a notice in words, with the file's name.
import { useCallback, useRef, useState } from 'react'
import type { InputOf, OpenedFile, OsOpenedFile } from '../../../../shared/contract'
import type { WireError } from '../../../../shared/errors'
import { api, type JobHandle } from '../../app/api'
import { bytesToBase64, formatBytes, newUid, plural, textToBase64, type Entry } from './model'

export const MAX_FILE_BYTES = 50 * 1024 * 1024

export interface Notice {
  id: number
  name: string
  error?: WireError
  warning?: string
}

export interface PendingPassword {
  id: number
  name: string
  /** The file as base64 (opened in the page), or the id of a file main holds (opened by the OS). */
  source: { data: string } | { fileId: string }
  error: WireError | null
  busy: boolean
  /** What could be read without the password (certificates beside an encrypted key, say). */
  partial: OpenedFile
}

/** The list entries for one opened file, with keys tied to their certificates by uid. */
export function entriesFromOpened(file: OpenedFile, source: string): Entry[] {
  const uidByIndex = new Map<number, number>()
  for (const it of file.items) uidByIndex.set(it.index, newUid())
  const certKey = new Map<number, string>()
  for (const it of file.items) {
    const keyId = file.keyIds[it.index]
    if (it.kind === 'privateKey' && keyId) for (const m of it.key.matches) certKey.set(m, keyId)
  }
  return file.items.map((it): Entry => {
    const uid = uidByIndex.get(it.index) as number
    const base = { uid, source, origin: it.origin }
    switch (it.kind) {
      case 'certificate':
        return { ...base, item: { kind: 'certificate', certificate: it.certificate, lint: it.lint }, keyId: certKey.get(it.index) }
      case 'csr':
        return { ...base, item: { kind: 'csr', csr: it.csr }, keyId: certKey.get(it.index) }
      case 'privateKey':
        return {
          ...base,
          item: { kind: 'privateKey', key: it.key },
          keyId: file.keyIds[it.index],
          matchUids: it.key.matches.map((m) => uidByIndex.get(m)).filter((u): u is number => u !== undefined)
        }
      case 'publicKey':
        return { ...base, item: { kind: 'publicKey', key: it.key } }
      case 'crl':
        return { ...base, item: { kind: 'crl', crl: it.crl } }
      case 'error':
        return { ...base, item: { kind: 'error', error: it.error } }
    }
  })
}

let nextNoticeId = 1

export function useOpener(onEntries: (entries: Entry[], select: boolean) => void, onKeysChanged: () => void) {
  const [notices, setNotices] = useState<Notice[]>([])
  const [pending, setPending] = useState<PendingPassword[]>([])
  const [busy, setBusy] = useState<string | null>(null)
  const queue = useRef(Promise.resolve())
  /** The open running now, so the user can stop a file that takes long (it also ends at its budget by itself). */
  const running = useRef<JobHandle<OpenedFile> | null>(null)
  const openJob = async (input: InputOf<'x509.open'>) => {
    const result = await api.runJob('x509.open', input, { onStarted: (job) => (running.current = job) })
    running.current = null
    return result
  }

  const note = (n: Omit<Notice, 'id'>) => setNotices((prev) => [...prev, { ...n, id: nextNoticeId++ }])

  const accept = useCallback(
    (file: OpenedFile, name: string, select: boolean) => {
      const entries = entriesFromOpened(file, name)
      if (entries.length > 0) onEntries(entries, select)
      if (file.keyIds && Object.keys(file.keyIds).length > 0) onKeysChanged()
      for (const w of file.warnings) note({ name, warning: w })
      if (file.truncated) note({ name, warning: `Only the first ${plural(file.items.length, 'item')} were opened; the rest of the file was left out.` })
    },
    [onEntries, onKeysChanged]
  )

  const openData = useCallback(
    async (name: string, data: string, select: boolean) => {
      const result = await openJob({ name: name.slice(0, 255), data })
      if (!result.ok) {
        note({ name, error: result.error })
        return
      }
      if (result.value.status === 'needsPassword') {
        setPending((prev) => [...prev, { id: nextNoticeId++, name, source: { data }, error: null, busy: false, partial: result.value }])
        return
      }
      accept(result.value, name, select)
    },
    [accept]
  )

  /** Files are opened one after another, in the order given, so the list keeps that order. */
  const openFiles = useCallback(
    (files: readonly File[]) => {
      const list = [...files]
      queue.current = queue.current.then(async () => {
        let first = true
        for (const file of list) {
          if (file.size > MAX_FILE_BYTES) {
            note({
              name: file.name,
              error: { code: 'TOO_LARGE', message: `${file.name} is ${formatBytes(file.size)}; Wirebench opens files of up to 50 MiB. Split the bundle or open the part you need.` }
            })
            continue
          }
          setBusy(`Opening ${file.name} (${formatBytes(file.size)})…`)
          try {
            const bytes = new Uint8Array(await file.arrayBuffer())
            await openData(file.name, bytesToBase64(bytes), first)
            first = false
          } catch (err) {
            note({ name: file.name, error: { code: 'READ_FAILED', message: `Could not read ${file.name}: ${err instanceof Error ? err.message : String(err)}` } })
          }
        }
        setBusy(null)
      })
      return queue.current
    },
    [openData]
  )

  const openText = useCallback(
    (text: string) => {
      queue.current = queue.current.then(async () => {
        setBusy('Opening the pasted text…')
        await openData('pasted text', textToBase64(text), true)
        setBusy(null)
      })
      return queue.current
    },
    [openData]
  )

  /** A file the OS handed the app, already opened by main; one that needs a password waits there under its fileId. */
  const acceptOsFile = useCallback(
    (file: OsOpenedFile) => {
      if (file.opened.status === 'needsPassword' && file.fileId) {
        const fileId = file.fileId
        setPending((prev) => [...prev, { id: nextNoticeId++, name: file.name, source: { fileId }, error: null, busy: false, partial: file.opened }])
        return
      }
      accept(file.opened, file.name, true)
    },
    [accept]
  )

  const submitPassword = useCallback(
    async (id: number, password: string) => {
      const p = pending.find((x) => x.id === id)
      if (!p) return
      setPending((prev) => prev.map((x) => (x.id === id ? { ...x, busy: true, error: null } : x)))
      const result = await openJob({ name: p.name.slice(0, 255), ...p.source, password })
      if (!result.ok) {
        setPending((prev) => prev.map((x) => (x.id === id ? { ...x, busy: false, error: result.error } : x)))
        return
      }
      if (result.value.status === 'needsPassword') {
        setPending((prev) =>
          prev.map((x) => (x.id === id ? { ...x, busy: false, error: { code: 'WRONG_PASSWORD', message: 'That password did not open the file.' } } : x))
        )
        return
      }
      setPending((prev) => prev.filter((x) => x.id !== id))
      accept(result.value, p.name, true)
    },
    [pending, accept]
  )

  return {
    notices,
    pending,
    busy,
    openFiles,
    openText,
    acceptOsFile,
    /** Stops the file being opened now; it ends as CANCELLED, named in a notice. */
    cancelOpen: () => running.current?.cancel(),
    submitPassword,
    /** Give up on the password: keep what could be read without it. */
    skipPassword: (id: number) => {
      const p = pending.find((x) => x.id === id)
      setPending((prev) => prev.filter((x) => x.id !== id))
      if (p && p.partial.items.length > 0) accept(p.partial, p.name, true)
    },
    dismiss: (id: number) => setNotices((prev) => prev.filter((n) => n.id !== id)),
    dismissAll: () => setNotices([])
  }
}
