// SPF (RFC 7208) read the way a receiver reads it: the record parsed into terms, include: and redirect= expanded
// through an injected TXT fetcher (so the UI, the CLI and tests use the same model, and the engine owns the wire),
// the DNS-querying terms and void lookups counted against the limits of §4.6.4, and what is wrong said with its RFC.
import type { SpfAnalysis } from './model'
import { parseCharacterStrings } from './presentation'

export type SpfQualifier = '+' | '-' | '~' | '?'

export interface SpfTerm {
  raw: string
  kind: 'mechanism' | 'modifier' | 'unknown'
  /** "include", "a", "ip4"… or the modifier's name ("redirect", "exp"). */
  name: string
  qualifier: SpfQualifier
  /** The domain-spec, address or modifier value; null for a bare "a", "mx", "all". */
  value: string | null
  /** Counts against the limit of 10 DNS-querying terms (RFC 7208 §4.6.4). */
  lookup: boolean
}

export interface SpfRecord {
  text: string
  terms: SpfTerm[]
  /** Syntax problems, each a permerror (RFC 7208 §4.6). */
  errors: string[]
}

const MECHANISMS = new Set(['all', 'include', 'a', 'mx', 'ptr', 'ip4', 'ip6', 'exists'])
const LOOKUP_TERMS = new Set(['include', 'a', 'mx', 'ptr', 'exists', 'redirect'])
export const SPF_LOOKUP_LIMIT = 10
export const SPF_VOID_LIMIT = 2

/** A TXT record's data as the one string SPF reads: its character-strings joined with nothing between (§3.3). */
export function txtString(data: string): string {
  try {
    const parts = parseCharacterStrings(data)
    const dec = new TextDecoder('utf-8', { fatal: false })
    return parts.map((p) => dec.decode(p)).join('')
  } catch {
    return data
  }
}

/** "v=spf1" then a space or the end (RFC 7208 §4.5); "v=spf10" is not SPF. */
export const isSpf = (text: string): boolean => /^v=spf1(\s|$)/i.test(text.trim())

export function parseSpf(text: string): SpfRecord {
  const errors: string[] = []
  const words = text.trim().split(/\s+/).slice(1).filter((w) => w !== '')
  const terms = words.map((raw): SpfTerm => {
    const mod = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(raw)
    if (mod) {
      const name = mod[1]!.toLowerCase()
      return { raw, kind: 'modifier', name, qualifier: '+', value: mod[2]!, lookup: name === 'redirect' }
    }
    const m = /^([+\-~?]?)([a-z0-9]+)(?:[:/](.*))?$/i.exec(raw)
    const name = m?.[2]?.toLowerCase() ?? raw
    if (!m || !MECHANISMS.has(name)) {
      errors.push(`"${raw}" is not an SPF mechanism or modifier, so the whole record is a permerror (RFC 7208 §4.6.1).`)
      return { raw, kind: 'unknown', name, qualifier: '+', value: null, lookup: false }
    }
    const qualifier = (m[1] || '+') as SpfQualifier
    const rest = raw.slice(m[1]!.length + m[2]!.length)
    const value = rest.startsWith(':') ? rest.slice(1) : rest === '' ? null : rest
    if ((name === 'include' || name === 'exists') && (value === null || value === '' || rest.startsWith('/'))) {
      errors.push(`"${raw}" needs a domain after the colon (RFC 7208 §5.2, §5.7).`)
    }
    if ((name === 'ip4' || name === 'ip6') && !rest.startsWith(':')) errors.push(`"${raw}" needs an address after the colon (RFC 7208 §5.6).`)
    if (name === 'all' && value !== null) errors.push(`"${raw}": "all" takes no argument (RFC 7208 §5.1).`)
    return { raw, kind: 'mechanism', name, qualifier, value, lookup: LOOKUP_TERMS.has(name) }
  })
  const redirects = terms.filter((t) => t.kind === 'modifier' && t.name === 'redirect').length
  const exps = terms.filter((t) => t.kind === 'modifier' && t.name === 'exp').length
  if (redirects > 1 || exps > 1) errors.push('"redirect" and "exp" may each appear at most once (RFC 7208 §6).')
  return { text, terms, errors }
}

/** What the engine gives back for one TXT question. */
export interface SpfFetchResult {
  /** Each TXT record as one string (character-strings joined). */
  texts: string[]
  /** The same records as presentation lines, for evidence. */
  lines: string[]
  rcode: string
  /** The query failed (timeout, REFUSED…): a temperror for SPF (§4.4). */
  error: string | null
}

export type SpfFetcher = (domain: string) => Promise<SpfFetchResult>

export interface SpfIssue {
  severity: 'warning' | 'info' | 'ok'
  text: string
  /** The presentation lines this is about. */
  evidence: string[]
}

/** One domain an include: or redirect= hands authority to. */
export interface SpfAuthorisation {
  domain: string
  via: 'include' | 'redirect'
  depth: number
  /** The record that names it and, when it was fetched, its own SPF record. */
  evidence: string[]
}

export interface SpfReport {
  analysis: SpfAnalysis
  issues: SpfIssue[]
  authorised: SpfAuthorisation[]
  /** The root's SPF TXT lines. */
  evidence: string[]
}

type Node = SpfAnalysis['tree'][number]

export interface SpfLimits {
  /** How deep include/redirect chains are followed (the lookup limit stops a receiver sooner). */
  maxDepth: number
  /** TXT queries at most, so a hostile chain cannot make us ask forever. */
  maxFetches: number
}

/** Expands the SPF record of `domain` depth-first, counting every DNS-querying term a receiver would (§4.6.4). */
export async function analyseSpf(domain: string, fetch: SpfFetcher, limits: SpfLimits = { maxDepth: 10, maxFetches: 40 }): Promise<SpfReport> {
  const issues: SpfIssue[] = []
  const authorised: SpfAuthorisation[] = []
  let lookups = 0
  let voids = 0
  let fetches = 0
  let stopped = false
  const bare = (d: string): string => d.toLowerCase().replace(/\.$/, '')
  /** Each expanded domain's SPF lines, as evidence for what it authorises. */
  const spfLines = new Map<string, string[]>()

  const visit = async (name: string, path: string[], depth: number, cameFrom: string[]): Promise<Node> => {
    const node: Node = { domain: name, record: null, mechanisms: [], children: [], error: null }
    if (fetches >= limits.maxFetches) {
      stopped = true
      node.error = `Not expanded: stopped after ${limits.maxFetches} TXT queries.`
      return node
    }
    fetches++
    const got = await fetch(name)
    if (got.error !== null) {
      node.error = `The TXT query failed (${got.error}): a receiver would return temperror (RFC 7208 §4.4).`
      return node
    }
    const spf = got.texts.map((t, i) => ({ text: t, line: got.lines[i] ?? t })).filter((t) => isSpf(t.text))
    if (got.texts.length === 0) voids++
    if (spf.length === 0) {
      node.error =
        depth === 0
          ? null
          : `${name} publishes no SPF record${got.rcode === 'NXDOMAIN' ? ' (the name does not exist)' : ''}: a receiver returns permerror for this include (RFC 7208 §5.2).`
      if (depth > 0) issues.push({ severity: 'warning', text: node.error!, evidence: cameFrom })
      return node
    }
    const evidence = spf.map((s) => s.line)
    spfLines.set(bare(name), evidence)
    if (spf.length > 1) {
      node.error = `${name} has ${spf.length} SPF records: a receiver returns permerror (RFC 7208 §3.2, §4.5).`
      issues.push({ severity: 'warning', text: node.error, evidence })
    }
    const record = parseSpf(spf[0]!.text)
    node.record = record.text
    node.mechanisms = record.terms.map((t) => t.raw)
    for (const e of record.errors) issues.push({ severity: 'warning', text: `${name}: ${e}`, evidence })
    const hasAll = record.terms.some((t) => t.kind === 'mechanism' && t.name === 'all')
    for (const term of record.terms) {
      if (!term.lookup) continue
      if (term.name === 'redirect' && hasAll) {
        issues.push({ severity: 'info', text: `${name}: "${term.raw}" is ignored because the record has an "all" mechanism (RFC 7208 §6.1).`, evidence })
        continue
      }
      lookups++
      if (term.name === 'ptr') issues.push({ severity: 'warning', text: `${name}: the "ptr" mechanism should not be used: it is slow and unreliable (RFC 7208 §5.5).`, evidence })
      if (term.name !== 'include' && term.name !== 'redirect') continue
      const target = term.value ?? ''
      if (target === '') continue
      if (target.includes('%')) {
        node.children.push({ domain: target, record: null, mechanisms: [], children: [], error: 'Uses macros (RFC 7208 §7): the name depends on the sender, so it is not expanded.' })
        continue
      }
      const via = term.name === 'include' ? 'include' : 'redirect'
      const entry: SpfAuthorisation = { domain: bare(target), via, depth: depth + 1, evidence: [...evidence] }
      authorised.push(entry)
      if (path.includes(bare(target))) {
        const err = `${target} is already being expanded: the SPF chain loops, a receiver stops at the lookup limit (RFC 7208 §4.6.4).`
        node.children.push({ domain: target, record: null, mechanisms: [], children: [], error: err })
        issues.push({ severity: 'warning', text: err, evidence })
        continue
      }
      if (depth + 1 > limits.maxDepth) {
        node.children.push({ domain: target, record: null, mechanisms: [], children: [], error: `Not expanded: deeper than ${limits.maxDepth} levels.` })
        continue
      }
      const child = await visit(target, [...path, bare(target)], depth + 1, evidence)
      entry.evidence.push(...(spfLines.get(bare(target)) ?? []))
      node.children.push(child)
    }
    return node
  }

  const rootName = bare(domain)
  const root = await visit(rootName, [rootName], 0, [])
  const rootGot = root.record
  const rootEvidence = spfLines.get(rootName) ?? []
  if (rootGot === null) {
    return { analysis: { record: null, tree: [root], lookups, overLimit: false, all: null, voidLookups: voids }, issues, authorised, evidence: [] }
  }
  const all = effectiveAll(root)
  if (lookups > SPF_LOOKUP_LIMIT) {
    issues.push({
      severity: 'warning',
      text: `The SPF record needs ${lookups} DNS lookups; a receiver stops at ${SPF_LOOKUP_LIMIT} and returns permerror, so SPF fails for this domain's mail (RFC 7208 §4.6.4).`,
      evidence: rootEvidence
    })
  } else {
    issues.push({ severity: 'ok', text: `The SPF record needs ${lookups} of the ${SPF_LOOKUP_LIMIT} DNS lookups a receiver allows (RFC 7208 §4.6.4).`, evidence: rootEvidence })
  }
  if (voids > SPF_VOID_LIMIT) {
    issues.push({ severity: 'warning', text: `${voids} lookups found nothing (void lookups); receivers may return permerror after ${SPF_VOID_LIMIT} (RFC 7208 §4.6.4).`, evidence: rootEvidence })
  }
  if (stopped) issues.push({ severity: 'info', text: 'The SPF chain was not expanded to its end: Wirebench stops after 40 TXT queries.', evidence: rootEvidence })
  issues.push(allIssue(all, rootEvidence))
  if (new TextEncoder().encode(rootGot).length > 450) {
    issues.push({ severity: 'info', text: 'The SPF record is longer than 450 bytes; keep it shorter so answers fit in one UDP packet (RFC 7208 §3.4).', evidence: rootEvidence })
  }
  return { analysis: { record: rootGot, tree: [root], lookups, overLimit: lookups > SPF_LOOKUP_LIMIT, all, voidLookups: voids }, issues, authorised, evidence: rootEvidence }
}

/** The "all" a receiver ends with: the record's own, or the redirect target's (§6.1). */
function effectiveAll(node: Node): string | null {
  const own = node.mechanisms.find((m) => /^[+\-~?]?all$/i.test(m))
  if (own) return own.toLowerCase()
  const redirect = node.mechanisms.find((m) => /^redirect=/i.test(m))
  if (!redirect) return null
  const child = node.children.find((c) => c.domain.toLowerCase() === redirect.slice(9).toLowerCase())
  return child ? effectiveAll(child) : null
}

function allIssue(all: string | null, evidence: string[]): SpfIssue {
  switch (all) {
    case null:
      return { severity: 'warning', text: 'The SPF record ends without "all": mail from other servers gets "neutral", as if there were no policy (RFC 7208 §4.7).', evidence }
    case 'all':
    case '+all':
      return { severity: 'warning', text: '"+all" lets any server on the Internet send mail as this domain: the record protects nothing (RFC 7208 §5.1).', evidence }
    case '?all':
      return { severity: 'warning', text: '"?all" gives other servers "neutral": receivers treat their mail as if there were no SPF record (RFC 7208 §8.2).', evidence }
    case '~all':
      return { severity: 'info', text: '"~all": mail from other servers soft-fails, usually accepted but marked (RFC 7208 §8.5).', evidence }
    default:
      return { severity: 'ok', text: '"-all": mail from any other server fails SPF (RFC 7208 §8.4).', evidence }
  }
}
