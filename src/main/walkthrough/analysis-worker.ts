// The worker side of a walkthrough's analysis: decryption, parsing and step building (analyse.ts) run here, so a
// 2,000-record download costs this thread, not main's event loop (ARCHITECTURE: CPU-heavy parsing never runs there).
// Built as its own entry (out/main/walk-worker.js); tests load this source through the pool's development loader.
import { parentPort, workerData } from 'node:worker_threads'
import { toWireError } from '../../shared/errors'
import { analyseWalk, type AnalysisJob } from './analyse'

export interface AnalysisRequest {
  id: number
  job: AnalysisJob
}

if (parentPort && (workerData as { wirebenchWalk?: boolean } | undefined)?.wirebenchWalk) {
  const port = parentPort
  port.on('message', (request: AnalysisRequest) => {
    try {
      const value = analyseWalk(request.job)
      port.postMessage({ id: request.id, ok: true, value })
    } catch (err) {
      port.postMessage({ id: request.id, ok: false, error: toWireError(err) })
    }
  })
  port.postMessage({ ready: true })
}
