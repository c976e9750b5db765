// Opens a large certificate file off the main thread, so a 50 MB bundle never stalls the engines. Built as its own
// entry (out/main/x509-worker.js); the service falls back to opening inline where it is not built (tests).
import { parentPort, workerData } from 'node:worker_threads'
import { exportKey, openFile } from '.'
import { toWireError } from '../../shared/errors'

interface Job {
  bytes: Uint8Array
  password?: string
  name?: string
}

export function openWithKeys(job: Job): { result: ReturnType<typeof openFile>; keys: { index: number; pem: string }[] } {
  const result = openFile(job.bytes, { password: job.password, name: job.name })
  const keys: { index: number; pem: string }[] = []
  for (const item of result.items) {
    if (item.kind !== 'privateKey' || item.key.locked) continue
    keys.push({ index: item.index, pem: exportKey(job.bytes, { password: job.password, index: item.index, format: 'pem' }) as string })
  }
  return { result, keys }
}

if (parentPort && workerData && (workerData as { wirebenchX509?: boolean }).wirebenchX509) {
  const port = parentPort
  port.on('message', (job: Job) => {
    try {
      port.postMessage({ ok: true, value: openWithKeys(job) })
    } catch (err) {
      port.postMessage({ ok: false, error: toWireError(err) })
    }
  })
}
