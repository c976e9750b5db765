// The certificate engine's parsing for other engines (the TLS scanner): a server's certificates are untrusted bytes,
// so they are parsed and verified in the x509 worker pool under its budget, never on main's event loop.
import type { CertificateInspection, VerifyResult } from './types'
import type { InspectOptions } from './inspect'
import type { VerifyJob } from './worker'
import { parseInWorker } from './worker-pool'

export function verifyInWorker(job: VerifyJob, signal?: AbortSignal): Promise<VerifyResult> {
  return parseInWorker('verify', job, signal ? { signal } : {})
}

export function inspectInWorker(input: string | Uint8Array, options?: InspectOptions, signal?: AbortSignal): Promise<CertificateInspection> {
  return parseInWorker('inspect', { input, ...(options ? { options } : {}) }, signal ? { signal } : {})
}
