// Name constraints (RFC 5280 §4.2.1.10) as the verifier applies them (§6.1.3 (b)(c)): a CA's permitted and excluded
// subtrees against every name of a certificate below it, with a work budget so that a crafted 2,048 × 2,048 set is
// refused in milliseconds instead of ground through (as Go and rustls refuse it).
import { dnsPatternWithin, ipWithin } from '../../shared/x509/names'
import { formatIPRange } from '../../shared/x509/ip'
import type { ParsedCertificate } from './certificate'
import { type SubjectName, namesOf } from './name-constraint-names'
import { type NameConstraints, type Subtree, readNameConstraints } from './name-constraints-read'
import type { GeneralNameType } from './types'

export { readNameConstraints }
export type { NameConstraints, Subtree }

/** Comparisons allowed per path before refusing, as Go's crypto/x509 (maxConstraintComparisons). */
export const NAME_CONSTRAINT_BUDGET = 250_000
/** Issues reported per certificate; the rest are counted in one more line. */
const MAX_ISSUES = 20

export interface NameConstraintIssue {
  code: 'NAME_CONSTRAINT_VIOLATION' | 'NAME_CONSTRAINTS_UNSUPPORTED' | 'MALFORMED_SAN' | 'NAME_CONSTRAINTS_TOO_COMPLEX'
  message: string
  source: string
}

export interface NameConstraintOptions {
  isLeaf: boolean
  /** Whether the constraining extension is critical (then unprocessed forms must be refused). */
  critical: boolean
  /** Shared by every check of one path; decremented once per (name, subtree) comparison. */
  budget: { remaining: number }
  /** Also check a SAN-less leaf's CN as a DNS name (only when host names are matched against the CN). */
  legacyCommonName?: boolean
}

const PROCESSED: GeneralNameType[] = ['dns', 'email', 'uri', 'ip', 'directoryName']

const FORM_WORDS: Record<GeneralNameType, string> = {
  dns: 'DNS name',
  email: 'e-mail address',
  uri: 'URI',
  ip: 'IP address',
  directoryName: 'directory name',
  otherName: 'otherName',
  x400Address: 'x400Address',
  ediPartyName: 'ediPartyName',
  registeredId: 'registeredID'
}

const SRC = 'RFC 5280 §4.2.1.10, §6.1.3 (b)(c)'

function subtreeText(st: Subtree): string {
  if (st.name.type === 'ip' && st.ip) return formatIPRange(st.ip)
  if (st.name.value === '') return `"" (every ${FORM_WORDS[st.name.type]})`
  return `"${st.name.value}"`
}

function nameText(n: SubjectName): string {
  const where = n.where === 'SAN' ? 'subjectAltName' : n.where === 'CN' ? 'Common Name (legacy host name)' : 'subject'
  return `the ${FORM_WORDS[n.form]} "${n.value}" in the ${where}`
}

/** Is `n` inside `st`? `all`: every name `n` stands for (a wildcard stands for many); otherwise: any of them. */
function inside(n: SubjectName, st: Subtree, all: boolean): boolean {
  const c = st.name.value
  switch (n.form) {
    case 'dns':
      return dnsPatternWithin(n.value, c, all)
    case 'email': {
      // "user@host" one mailbox (local part case-sensitive, RFC 5280 §7.5), "host" every mailbox on it, ".domain" below
      const at = n.value.lastIndexOf('@')
      const local = n.value.slice(0, at)
      const domain = n.value.slice(at + 1).toLowerCase()
      const cl = c.toLowerCase()
      if (c === '') return true
      const cAt = c.lastIndexOf('@')
      if (cAt >= 0) return local === c.slice(0, cAt) && domain === cl.slice(cAt + 1)
      return cl.startsWith('.') ? domain.endsWith(cl) : domain === cl
    }
    case 'uri': {
      const host = n.host ?? ''
      const cl = c.toLowerCase()
      if (c === '') return true
      return cl.startsWith('.') ? host.endsWith(cl) : host === cl
    }
    case 'ip':
      return !!n.ip && !!st.ip && ipWithin(n.ip, st.ip)
    case 'directoryName': {
      const prefix = st.rdns ?? []
      const rdns = n.rdns ?? []
      return prefix.length <= rdns.length && prefix.every((r, i) => r === rdns[i])
    }
    default:
      return false
  }
}

function listText(list: Subtree[]): string {
  const shown = list.slice(0, 5).map(subtreeText).join(', ')
  return list.length > 5 ? `${shown} and ${list.length - 5} more` : shown
}

/**
 * What is wrong with `sub`'s names under the constraints `nc` of a CA above it (RFC 5280 §6.1.3 (b)(c)); an empty
 * list means every name is allowed. The caller skips self-issued intermediates (§6.1.3: "if certificate i is
 * self-issued and it is not the final certificate in the path, skip this step").
 */
export function nameConstraintIssues(sub: ParsedCertificate, nc: NameConstraints, opts: NameConstraintOptions): NameConstraintIssue[] {
  const out: NameConstraintIssue[] = []
  let extra = 0
  const add = (code: NameConstraintIssue['code'], message: string, source = SRC): void => {
    if (out.length < MAX_ISSUES) out.push({ code, message, source })
    else extra++
  }
  const byForm = (list: Subtree[]): Map<GeneralNameType, Subtree[]> => {
    const m = new Map<GeneralNameType, Subtree[]>()
    for (const st of list) {
      const l = m.get(st.name.type)
      if (l) l.push(st)
      else m.set(st.name.type, [st])
    }
    return m
  }
  const permitted = byForm(nc.permitted)
  const excluded = byForm(nc.excluded)
  const collected = namesOf(sub, opts.isLeaf, opts.legacyCommonName ?? false)
  if (collected.sanUnreadable !== undefined) {
    add('MALFORMED_SAN', `The subjectAltName extension cannot be decoded (${collected.sanUnreadable}), so its names cannot be checked against the issuing CA's name constraints.`, 'RFC 5280 §4.2.1.6, §4.2.1.10')
  }
  for (const n of collected.names) {
    const perm = permitted.get(n.form) ?? []
    const excl = excluded.get(n.form) ?? []
    if (perm.length === 0 && excl.length === 0) continue
    if (!PROCESSED.includes(n.form)) {
      // §4.2.1.10: "the application MUST either process the constraint or reject the certificate"
      if (opts.critical) {
        add('NAME_CONSTRAINTS_UNSUPPORTED', `The issuing CA constrains ${FORM_WORDS[n.form]} names (${listText([...perm, ...excl])}), a form Wirebench does not process, and ${nameText(n)} is of that form; RFC 5280 §4.2.1.10 says to reject the certificate.`, 'RFC 5280 §4.2.1.10')
      }
      continue
    }
    if (n.problem) {
      add('MALFORMED_SAN', `${capital(nameText(n))} is not a valid ${FORM_WORDS[n.form]}: ${n.problem}; it cannot be checked against the issuing CA's ${FORM_WORDS[n.form]} constraints (${listText([...perm, ...excl])}).`, 'RFC 5280 §4.2.1.6, §4.2.1.10')
      continue
    }
    if (n.form === 'uri' && n.hostIsIp) {
      add('NAME_CONSTRAINT_VIOLATION', `${capital(nameText(n))} has an IP address as its host, which the URI constraints (${listText([...perm, ...excl])}) cannot decide: they name hosts by DNS name.`)
      continue
    }
    const cost = perm.length + excl.length
    if (opts.budget.remaining < cost) {
      opts.budget.remaining = 0
      out.push({
        code: 'NAME_CONSTRAINTS_TOO_COMPLEX',
        message: `Checking the certificate's names against the name constraints needs more than ${NAME_CONSTRAINT_BUDGET.toLocaleString('en-US')} comparisons for this path (it stopped at ${nameText(n)} and ${cost} ${FORM_WORDS[n.form]} subtrees); the chain is refused rather than checked at that cost.`,
        source: 'RFC 5280 §6.1.3 (b)(c); the work limit as in Go crypto/x509'
      })
      return out
    }
    opts.budget.remaining -= cost
    const hit = excl.find((st) => inside(n, st, false))
    if (hit) {
      const verb = n.form === 'dns' && n.value.startsWith('*.') ? 'can match names in' : 'is in'
      add('NAME_CONSTRAINT_VIOLATION', `${capital(nameText(n))} ${verb} the excluded ${FORM_WORDS[n.form]} subtree ${subtreeText(hit)}.`)
      continue
    }
    if (perm.length > 0 && !perm.some((st) => inside(n, st, true))) {
      const wildcard = n.form === 'dns' && n.value.startsWith('*.') ? ' (a wildcard is allowed only when every name it can match is permitted)' : ''
      add('NAME_CONSTRAINT_VIOLATION', `${capital(nameText(n))} is outside the permitted ${FORM_WORDS[n.form]} subtrees ${listText(perm)}${wildcard}.`)
    }
  }
  if (extra > 0) out.push({ code: 'NAME_CONSTRAINT_VIOLATION', message: `${extra} more problem${extra === 1 ? '' : 's'} with this certificate's names were not listed.`, source: SRC })
  return out
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1)
}
