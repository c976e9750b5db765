// TLS server scan (issue 14): what a server accepts — protocols, suites in its order, groups, extensions — graded
// and checked against Mozilla's profiles. The scan is a cancellable job with progress (dozens of probes, bounded per
// second); main holds the session's latest scans so the page can export one as Markdown without sending it back.
import { z } from 'zod'
import { host, pem, remotePort } from './common'
import { job, method } from './define'
import type { ScanResult } from '../tls/scan-model'

export const TLS_SCAN_LIMITS = {
  /** Scans main holds per session for the exports (the newest per target replaces an older one). */
  kept: 16,
  roots: 200
} as const

export const tlsScanInput = z
  .object({
    host,
    port: remotePort.default(443),
    /** server_name to send (RFC 6066 §3); the host when it is a name, none for an IP address. */
    sni: z.string().trim().max(253, 'A server name is at most 253 characters.').optional(),
    /** Per probe: how long one ClientHello waits for its ServerHello or alert. */
    timeoutMs: z.number().int().min(200, 'The probe timeout is at least 0.2 s.').max(60_000, 'The probe timeout is at most 60 s.').default(5_000),
    /** Connections open at once to the target. */
    concurrency: z.number().int().min(1).max(32).default(6),
    /** A ceiling on new connections per second, so a scan never floods the target. */
    /** Connections started per second at most; unset: 60 to another host, unlimited to this machine's loopback. */
    maxConnectionsPerSecond: z.number().int().min(1).max(1_000).optional(),
    /** Fetch / over HTTPS to read Strict-Transport-Security (RFC 6797 §6.1). */
    hsts: z.boolean().default(true),
    /** Extra roots to trust for the certificate verdict (the tab's trusted roots). */
    rootsPem: z.array(pem).max(TLS_SCAN_LIMITS.roots).default([]),
    /** Scan again even when this session scanned the same target a moment ago (results are cached per target). */
    fresh: z.boolean().default(false)
  })
  .strict()

export type TlsScanInput = z.input<typeof tlsScanInput>

/** Which held scan: the target as its result names it. */
export const tlsScanRefInput = z
  .object({
    host: z.string().trim().min(1).max(253),
    port: remotePort,
    sni: z.string().trim().max(253).nullable().default(null)
  })
  .strict()

/** The key main holds a scan under: the same from a result as from the page's reference to it. */
export const scanKey = (r: { host: string; port: number; sni?: string | null }): string => `${r.host.toLowerCase()}|${r.port}|${(r.sni ?? '').toLowerCase()}`

/** A file name for a scan's export ("127.0.0.1", 8443 → "tls-scan-127.0.0.1-8443.md"): no path separators, no spaces. */
export const scanFileName = (r: { host: string; port: number }, ext: string): string => `tls-scan-${r.host.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100)}-${r.port}.${ext}`

export const tlsMethods = {
  'tls.scan': job<ScanResult>()(
    tlsScanInput,
    'Scan a TLS server: protocols, cipher suites in its order, groups, extensions, certificate; graded (SSL Labs guide) and checked against Mozilla’s profiles.'
  ),
  'tls.scanMarkdown': method<{ filename: string; markdown: string }>()(tlsScanRefInput, 'A scan held by this session, as a Markdown report.')
} as const
