// The bundled provider table (resources/dns/providers.json) checked against its shape once, and the matchers that
// say which provider a record points at. Data, not code: a new provider is one JSON entry with its source page.
import { z } from 'zod'
import table from '../../../resources/dns/providers.json'
import { parseAddress } from '../ip/address'
import { addressInPrefix, compilePrefix, type CompiledPrefix } from '../ip/prefix-match'

const suffixes = z.array(z.string().min(1).max(253)).max(64).optional()

export const providerEntrySchema = z
  .object({
    provider: z.string().min(1).max(100),
    category: z.enum(['dns', 'mail', 'cdn', 'hosting', 'certificates', 'verification']),
    match: z
      .object({
        /** Name server host names (NS targets), by domain suffix; '*' inside a label matches any characters. */
        ns: suffixes,
        /** Mail exchanger host names (MX targets). */
        mx: suffixes,
        /** CNAME targets of the name and of www. */
        cname: suffixes,
        /** SPF include:/redirect= domains. */
        spf: suffixes,
        /** TXT data prefixes (verification tokens), case-insensitive. */
        txt: suffixes,
        /** Owner-name label prefixes of verification TXT records (GitHub's _github-challenge-ORG). */
        txtName: suffixes,
        /** CAA issue/issuewild issuer domains (RFC 8659 §4.2). */
        caa: suffixes,
        /** A/AAAA addresses, by CIDR prefix. */
        ip: suffixes
      })
      .strict(),
    source: z.url()
  })
  .strict()

export const providerTableSchema = z
  .object({ version: z.literal(1), date: z.string(), about: z.string(), providers: z.array(providerEntrySchema).max(2_000) })
  .strict()

export type ProviderEntry = z.infer<typeof providerEntrySchema>
export type ProviderTable = z.infer<typeof providerTableSchema>
export type MatchKind = keyof ProviderEntry['match']

export interface ProviderMatch {
  entry: ProviderEntry
  kind: MatchKind
  /** The table value that matched ("ns.cloudflare.com", "151.101.0.0/16", "google-site-verification="). */
  pattern: string
}

/** Lower-case, no trailing dot: the form names are compared in. */
export function bareName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '')
}

function labelMatches(pattern: string, label: string): boolean {
  if (!pattern.includes('*')) return pattern === label
  const parts = pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return new RegExp(`^${parts.join('.*')}$`).test(label)
}

/** Whether `name` is `suffix` or under it, label by label (so "evilgoogle.com" is not under "google.com"). */
export function nameUnder(name: string, suffix: string): boolean {
  const n = bareName(name).split('.')
  const s = bareName(suffix).split('.')
  if (s.length > n.length) return false
  for (let i = 1; i <= s.length; i++) if (!labelMatches(s[s.length - i]!, n[n.length - i]!)) return false
  return true
}

/** A table with its CIDR prefixes compiled once. */
export class ProviderIndex {
  private readonly prefixes: { entry: ProviderEntry; cidr: string; prefix: CompiledPrefix }[] = []

  constructor(readonly table: ProviderTable) {
    for (const entry of table.providers) for (const cidr of entry.match.ip ?? []) this.prefixes.push({ entry, cidr, prefix: compilePrefix(cidr) })
  }

  /** Entries whose `kind` list matches a host name (NS, MX, CNAME target, SPF domain, CAA issuer). */
  byName(kind: 'ns' | 'mx' | 'cname' | 'spf' | 'caa', name: string): ProviderMatch[] {
    const out: ProviderMatch[] = []
    for (const entry of this.table.providers) {
      const hit = entry.match[kind]?.find((s) => nameUnder(name, s))
      if (hit !== undefined) out.push({ entry, kind, pattern: hit })
    }
    return out
  }

  /** Entries whose verification prefix starts this TXT string, or whose owner-name prefix starts the owner's first label. */
  byTxt(owner: string, text: string): ProviderMatch[] {
    const out: ProviderMatch[] = []
    const lower = text.trim().toLowerCase()
    const firstLabel = bareName(owner).split('.')[0] ?? ''
    for (const entry of this.table.providers) {
      const hit = entry.match.txt?.find((p) => lower.startsWith(p.toLowerCase()))
      if (hit !== undefined) out.push({ entry, kind: 'txt', pattern: hit })
      const nameHit = entry.match.txtName?.find((p) => firstLabel.startsWith(p.toLowerCase()))
      if (nameHit !== undefined) out.push({ entry, kind: 'txtName', pattern: nameHit })
    }
    return out
  }

  /** Entries whose published address ranges hold this address. */
  byAddress(address: string): ProviderMatch[] {
    const parsed = parseAddress(address.trim())
    if (!parsed.ok) return []
    return this.prefixes.filter((p) => addressInPrefix(parsed.value, p.prefix)).map((p) => ({ entry: p.entry, kind: 'ip' as const, pattern: p.cidr }))
  }
}

let bundled: ProviderIndex | null = null

/** The bundled table, checked against its schema the first time it is asked for. */
export function bundledProviders(): ProviderIndex {
  bundled ??= new ProviderIndex(providerTableSchema.parse(table))
  return bundled
}

/** "resources/dns/providers.json (2026-12-01, 55 providers)" for the UI and the CLI. */
export function providerTableSource(index: ProviderIndex = bundledProviders()): string {
  return `bundled provider table (resources/dns/providers.json, ${index.table.date}, ${index.table.providers.length} entries)`
}
