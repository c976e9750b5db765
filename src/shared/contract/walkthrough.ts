// Walkthrough: record a real request (any URL, or a raw request from the HTTP tab) and walk it step by step. Main keeps
// the last few walkthroughs of the session (with their packets and secrets) so the page can export them.
import { z } from 'zod'
import { job, method } from './define'
import type { WalkStep, Walkthrough } from '../walkthrough/model'

export const WALK_LIMITS = { kept: 10, requestBytes: 1024 * 1024 } as const

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

export const walkRecordInput = z
  .object({
    /** http:// or https:// URL; its host is looked up (A and AAAA) and connected to. */
    url: z.string().trim().min(1, 'Enter a URL.').max(8192),
    method: z.string().regex(/^[A-Z]{1,16}$/, 'A method is upper-case letters.').default('GET'),
    headers: z.array(z.tuple([z.string().min(1).max(1024), z.string().max(8192)])).max(100).default([]),
    /** A raw HTTP/1.1 request (from the HTTP tab) sent as it is instead of one built from method/headers. */
    rawRequestBase64: z.string().max(Math.ceil(WALK_LIMITS.requestBytes / 3) * 4).regex(BASE64).optional(),
    /** curl --resolve: connect to this address instead of looking the host up (the DNS step says so). */
    address: z.string().trim().min(1).max(64).optional(),
    /** Ask this DNS server (ADDRESS or ADDRESS:PORT, [v6]:PORT) instead of the system's first nameserver. */
    resolver: z.string().trim().min(1).max(80).optional(),
    protocol: z.enum(['auto', 'http1.1', 'http2']).default('auto'),
    /** Force TLS 1.2 (to compare with 1.3). */
    tlsVersion: z.enum(['auto', '1.2', '1.3']).default('auto'),
    /** Try to capture packets with tcpdump when allowed; off: socket-level events only. */
    capture: z.boolean().default(true),
    insecure: z.boolean().default(false),
    caPem: z.string().max(1024 * 1024).optional(),
    timeoutMs: z.number().int().min(1000).max(120_000).default(30_000),
    /** 'summary': steps without their bytes and spans (`hasDetail`, `byteLength` say what walk.step will give), so a
     * walkthrough of thousands of records reaches the page as a small message; the CLI keeps 'full'. */
    detail: z.enum(['full', 'summary']).default('full')
  })
  .strict()

export type WalkRecordInput = z.input<typeof walkRecordInput>

export const walkExportInput = z
  .object({
    id: z.string().min(1).max(64),
    format: z.enum(['json', 'html', 'keylog', 'pcapng'])
  })
  .strict()

export interface WalkExport {
  filename: string
  mime: string
  dataBase64: string
}

export const walkthroughMethods = {
  'walk.record': job<Walkthrough>()(walkRecordInput, 'Record a real request step by step: DNS, TCP (packets where allowed), every TLS record decrypted, HTTP.'),
  'walk.export': method<WalkExport>()(walkExportInput, 'Export a recorded walkthrough as JSON, a self-contained HTML page, an SSLKEYLOGFILE key log or pcapng with its secrets.'),
  'walk.list': method<{ id: string; url: string; startedAt: number; steps: number }[]>()(z.object({}).strict(), 'The walkthroughs main holds for this session.'),
  'walk.forget': method<{ ok: true }>()(z.object({ id: z.string().min(1).max(64) }).strict(), 'Drop a held walkthrough (its packets and secrets).'),
  'walk.step': method<WalkStep>()(z.object({ id: z.string().min(1).max(64), step: z.string().min(1).max(32) }).strict(), 'One step of a held walkthrough with its bytes and fields.')
} as const
