// Schemas several areas share: hosts, ports, payloads, PEM text. Limits live here so every door enforces them.
import { z } from 'zod'

export const LIMITS = {
  hostLength: 253,
  pemLength: 1024 * 1024,
  payloadChars: 8 * 1024 * 1024,
  id: 64
} as const

const HOSTNAME = /^(?=.{1,253}$)([A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/
const IPV6 = /^\[?[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[A-Za-z0-9_.-]+)?\]?$/

/** A host name, IPv4 address or IPv6 address (brackets optional); rejects anything else with a reason. */
export const host = z
  .string()
  .trim()
  .min(1, 'Enter a host name or an IP address.')
  .max(LIMITS.hostLength, `A host name is at most ${LIMITS.hostLength} characters.`)
  .refine((h) => IPV4.test(h) || IPV6.test(h) || (HOSTNAME.test(h) && !/^[\d.]+$/.test(h)), {
    message: 'Not a valid host name or IP address.'
  })
  .transform((h) => (h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h))

const portNumber = z
  .number({ message: 'A port is a whole number from 0 to 65535.' })
  .int('A port is a whole number from 0 to 65535.')
  .min(0, 'A port is a whole number from 0 to 65535.')
  .max(65535, 'A port is a whole number from 0 to 65535.')

/** A port a server may listen on: 0 lets the OS choose. */
export const listenPort = portNumber
/** A port to connect or send to: 1 to 65535. */
export const remotePort = portNumber.refine((p) => p >= 1, 'Port 0 cannot be connected to; use 1 to 65535.')

export const id = z.string().min(1).max(LIMITS.id)

export const payload = z.object({
  format: z.enum(['text', 'hex']).default('text'),
  data: z.string().max(LIMITS.payloadChars, 'The payload is over the 8 MiB limit.'),
  lineEnding: z.enum(['none', 'lf', 'crlf']).default('none')
})
export type PayloadInput = z.input<typeof payload>

export const pem = z.string().max(LIMITS.pemLength, 'PEM text is at most 1 MiB.')

export const timeoutMs = z.number().int().min(100).max(120_000)

/** Splits "host:port", "[v6]:port" or "v6addr" with a separate port; used by the CLI and UI fields. */
export function splitHostPort(text: string): { host: string; port: number } | null {
  const t = text.trim()
  const m6 = /^\[([^\]]+)\]:(\d+)$/.exec(t)
  if (m6) return { host: m6[1] as string, port: Number(m6[2]) }
  const idx = t.lastIndexOf(':')
  if (idx <= 0 || t.indexOf(':') !== idx) return null
  const port = t.slice(idx + 1)
  if (!/^\d+$/.test(port)) return null
  return { host: t.slice(0, idx), port: Number(port) }
}
