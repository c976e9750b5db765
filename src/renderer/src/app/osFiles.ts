// Certificate files the OS hands the app (double-click, "Open with", a second launch), already opened by main
// (keys in the vault, never their bytes): queued here until the Certificates tab, which the app switches to, takes them.
import type { OsOpenedFile } from '../../../shared/contract'
import { api } from './api'

const queue: OsOpenedFile[] = []
const listeners = new Set<() => void>()
let wired = false

export function wireOsFiles(onArrive: () => void): void {
  if (wired) return
  wired = true
  api.on('x509.fileOpened', (file) => {
    queue.push(file)
    onArrive()
    for (const l of listeners) l()
  })
}

export function takeOsFiles(): OsOpenedFile[] {
  return queue.splice(0)
}

export function onOsFiles(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
