// Trust with reasons: build every plausible path from a leaf to a trust anchor (several candidate issuers tried in
// turn — cross-signed roots, renewed intermediates — with backtracking, a depth limit and loop detection), then
// validate each path per RFC 5280 §6 and Web PKI practice, and say for every certificate what is wrong with it.
import { OID } from '../../shared/x509/oids'
import { WirebenchError } from '../../shared/errors'
import {
  type ParsedCertificate,
  checkSignature,
  extensionValue,
  isCA,
  isSelfIssued,
  isSelfSigned
} from './certificate'
import { encodePem } from '../../shared/x509/pem'
import { PROCESSED_EXTENSIONS } from './extensions'
import { hostIssues } from './host-match'
import { processPolicies } from './policy'
import { type ProfileRole, profileIssues } from './profile'
import { unreadableKey } from './profile-keys'
import { NAME_CONSTRAINT_BUDGET, nameConstraintIssues, readNameConstraints } from './name-constraints'
import { readCertificates, readEach } from './open'
import { mozillaRoots, systemRoots } from './trust-store'
import type { CertificateSource, ChainIssue, ChainLink, PolicyResult, Purpose, VerifyResult } from './types'

/** Longest path considered (leaf and anchor included); real Web PKI paths have 2–4 certificates. */
export const MAX_PATH_LENGTH = 8
/** Candidate paths examined before giving up on finding a valid one. */
export const MAX_PATHS = 64

export type CertificateInput = string | Uint8Array

export interface VerifyOptions {
  leaf: CertificateInput
  /** Certificates that may be used as intermediates (any order, duplicates and strays are fine). */
  intermediates?: CertificateInput[]
  /** Extra trust anchors (source 'user'). */
  roots?: CertificateInput[]
  /** Trust Mozilla's roots as bundled in Node (default true). */
  useMozillaRoots?: boolean
  /** Trust the operating system's bundle (default false). */
  useSystemRoots?: boolean
  /** Validation time (default now). */
  at?: Date | string | number
  /** Host name to match against the leaf (RFC 6125); an IP literal here is matched as an IP. */
  host?: string
  ip?: string
  purpose?: Purpose
  /** Most intermediate CA certificates allowed in the path, self-issued ones not counted (as OpenSSL's -verify_depth). */
  maxDepth?: number
  /** Key usages the leaf must allow (RFC 5280 §4.2.1.3 names, e.g. digitalSignature); an absent extension allows all. */
  keyUsage?: KeyUsageName[]
  /** Match a host name against the CN when the certificate has no SAN at all (off: RFC 9525 and browsers never do). */
  legacyCommonName?: boolean
  /** Accept Ed25519 keys (the Baseline Requirements do not allow them; some private PKIs use them). */
  allowEd25519?: boolean
}

export type KeyUsageName = 'digitalSignature' | 'nonRepudiation' | 'keyEncipherment' | 'dataEncipherment' | 'keyAgreement' | 'keyCertSign' | 'cRLSign' | 'encipherOnly' | 'decipherOnly'

export interface SourcedCertificate {
  cert: ParsedCertificate
  source: CertificateSource
}

export interface VerifyParsedOptions {
  leaf: ParsedCertificate
  leafSource?: CertificateSource
  pool: SourcedCertificate[]
  anchors: SourcedCertificate[]
  at: number
  host?: string
  ip?: string
  purpose: Purpose
  maxDepth?: number
  keyUsage?: KeyUsageName[]
  legacyCommonName?: boolean
  allowEd25519?: boolean
  /** Offered intermediates that could not be read, reported with the result. */
  skipped?: { index: number; message: string }[]
}

interface Node {
  cert: ParsedCertificate
  source: CertificateSource
  anchor: boolean
}

interface Path {
  nodes: Node[]
  complete: boolean
  tooLong: boolean
}

const EKU_FOR: Record<Purpose, string> = { server: OID.serverAuth, client: OID.clientAuth }
const PURPOSE_WORDS: Record<Purpose, string> = { server: 'TLS server authentication', client: 'TLS client authentication' }

function label(cert: ParsedCertificate): string {
  return cert.subject.info.commonName ?? (cert.subject.info.text || '(empty subject)')
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}

class PathBuilder {
  private readonly bySubject = new Map<string, Node[]>()
  private readonly sigCache = new Map<string, ReturnType<typeof checkSignature>>()
  private readonly profileCache = new Map<string, ChainIssue[]>()
  readonly anchorFingerprints = new Set<string>()
  readonly unusable: { cert: ParsedCertificate; message: string }[] = []
  pathsTried = 0

  constructor(anchors: SourcedCertificate[], pool: SourcedCertificate[], private readonly at: number) {
    const seen = new Set<string>()
    for (const a of anchors) {
      if (seen.has(a.cert.fingerprint256)) continue
      seen.add(a.cert.fingerprint256)
      this.anchorFingerprints.add(a.cert.fingerprint256)
      this.index({ ...a, anchor: true })
    }
    for (const p of pool) {
      if (seen.has(p.cert.fingerprint256)) continue
      seen.add(p.cert.fingerprint256)
      // a candidate whose key cannot verify anything is skipped (and reported), not a reason to stop building
      const why = unreadableKey(p.cert)
      if (why) {
        this.unusable.push({ cert: p.cert, message: why })
        continue
      }
      this.index({ ...p, anchor: false })
    }
  }

  private index(node: Node): void {
    const list = this.bySubject.get(node.cert.subject.key)
    if (list) list.push(node)
    else this.bySubject.set(node.cert.subject.key, [node])
  }

  /** A certificate's profile findings in a role, once per role however many candidate paths it is on. */
  profile(cert: ParsedCertificate, role: ProfileRole, allowEd25519: boolean): ChainIssue[] {
    const key = `${cert.fingerprint256}|${role.isLeaf}|${role.isAnchor}|${role.purpose}|${role.anchorFrom}`
    let v = this.profileCache.get(key)
    if (v === undefined) {
      v = profileIssues(cert, role, { allowEd25519 })
      this.profileCache.set(key, v)
    }
    return v
  }

  signature(cert: ParsedCertificate, issuer: ParsedCertificate): ReturnType<typeof checkSignature> {
    const key = `${cert.fingerprint256}|${issuer.fingerprint256}`
    let v = this.sigCache.get(key)
    if (v === undefined) {
      v = checkSignature(cert, issuer)
      this.sigCache.set(key, v)
    }
    return v
  }

  /** Possible issuers of `cert`, best first: anchors, good signatures, matching key ids, valid now, newest. */
  issuers(cert: ParsedCertificate): Node[] {
    const candidates = this.bySubject.get(cert.issuer.key) ?? []
    const aki = extensionValue(cert, OID.authorityKeyIdentifier, 'authorityKeyIdentifier')?.keyId
    const score = (n: Node): number[] => {
      const ski = extensionValue(n.cert, OID.subjectKeyIdentifier, 'subjectKeyIdentifier')?.keyId
      const sig = this.signature(cert, n.cert)
      const timeOk = this.at >= n.cert.notBefore && this.at <= n.cert.notAfter
      return [n.anchor ? 0 : 1, sig === 'valid' ? 0 : 1, aki && ski ? (aki === ski ? 0 : 2) : 1, timeOk ? 0 : 1, -n.cert.notAfter]
    }
    const scored = candidates.map((n) => ({ n, s: score(n) }))
    scored.sort((a, b) => {
      for (let i = 0; i < a.s.length; i++) if (a.s[i] !== b.s[i]) return (a.s[i] as number) - (b.s[i] as number)
      return 0
    })
    return scored.map((x) => x.n)
  }

  /** Depth-first enumeration of paths from the leaf; stops early when `accept` returns true. */
  walk(leaf: Node, accept: (p: Path) => boolean): void {
    const visit = (nodes: Node[]): boolean => {
      if (this.pathsTried >= MAX_PATHS) return true
      const cur = nodes[nodes.length - 1] as Node
      if (cur.anchor) {
        this.pathsTried++
        return accept({ nodes, complete: true, tooLong: false })
      }
      if (nodes.length >= MAX_PATH_LENGTH) {
        this.pathsTried++
        return accept({ nodes, complete: false, tooLong: true })
      }
      // loop detection: the same certificate, or the same name and key (a cross-signed twin), never twice
      const onPath = (n: Node): boolean =>
        nodes.some((p) => p.cert.fingerprint256 === n.cert.fingerprint256 || (p.cert.subject.key === n.cert.subject.key && p.cert.publicKey.spkiSha256 === n.cert.publicKey.spkiSha256))
      const next = this.issuers(cur.cert).filter((n) => !onPath(n))
      if (next.length === 0) {
        this.pathsTried++
        return accept({ nodes, complete: false, tooLong: false })
      }
      for (const n of next) if (visit([...nodes, n])) return true
      return false
    }
    visit([leaf])
  }
}

interface Evaluated {
  path: Path
  links: { errors: ChainIssue[]; warnings: ChainIssue[] }[]
  errors: ChainIssue[]
  warnings: ChainIssue[]
  missingIssuerUrls: string[]
  policy?: PolicyResult
}

function evaluate(path: Path, o: VerifyParsedOptions, builder: PathBuilder): Evaluated {
  const { nodes } = path
  const links = nodes.map(() => ({ errors: [] as ChainIssue[], warnings: [] as ChainIssue[] }))
  const add = (depth: number, code: string, message: string, warning = false): void => {
    ;(warning ? links[depth]?.warnings : links[depth]?.errors)?.push({ severity: warning ? 'warning' : 'error', code, message, depth })
  }
  const missingIssuerUrls: string[] = []
  // one name-constraint work budget per path (as Go and rustls): a crafted chain cannot make the check take seconds
  const budget = { remaining: NAME_CONSTRAINT_BUDGET }
  nodes.forEach((node, i) => {
    const c = node.cert
    const name = `"${label(c)}"`
    if (o.at < c.notBefore) add(i, 'CERT_NOT_YET_VALID', `${name} is not valid until ${iso(c.notBefore)}.`)
    // certificate times have whole seconds: the notAfter second is inside the validity period to its end (§4.1.2.5)
    if (Math.floor(o.at / 1000) * 1000 > c.notAfter) add(i, 'CERT_EXPIRED', `${name} expired on ${iso(c.notAfter)}.`)
    const issuer = nodes[i + 1]
    if (issuer) {
      const sig = builder.signature(c, issuer.cert)
      if (sig === 'invalid') add(i, 'BAD_SIGNATURE', `${name}'s signature does not verify with the key of "${label(issuer.cert)}".`)
      if (sig === 'unsupported') add(i, 'UNSUPPORTED_ALGORITHM', `${name} uses a signature algorithm Wirebench cannot verify (${c.signatureAlgorithm.info.name}).`)
    }
    if (!node.anchor) {
      const hash = c.signatureAlgorithm.info.hash
      if (hash === 'sha1' || hash === 'md5') add(i, 'WEAK_SIGNATURE', `${name} is signed with ${hash.toUpperCase()}, which browsers reject.`)
    }
    // the certificate profile (RFC 5280 §4 MUSTs, the Baseline Requirements) and the Web PKI key rules
    for (const issue of builder.profile(c, { depth: i, isLeaf: i === 0, isAnchor: node.anchor, purpose: o.purpose, anchorFrom: node.source === 'user' ? 'user' : 'store' }, o.allowEd25519 ?? false)) {
      if (issue.severity === 'error') links[i]?.errors.push({ ...issue, depth: i })
      else if (issue.severity === 'warning') links[i]?.warnings.push({ ...issue, depth: i })
    }
    for (const e of c.rawExtensions) {
      if (e.critical && !PROCESSED_EXTENSIONS.has(e.oid)) {
        add(i, 'UNKNOWN_CRITICAL_EXTENSION', `${name} has a critical extension Wirebench does not process (${c.extensions.get(e.oid)?.name ?? e.oid}); RFC 5280 says to reject it.`)
      }
      if (PROCESSED_EXTENSIONS.has(e.oid) && c.extensions.get(e.oid)?.value.type === 'malformed') {
        add(i, 'INVALID_EXTENSION', `${name}'s ${c.extensions.get(e.oid)?.name} extension is malformed.`)
      }
    }
    // EKU: the leaf and the intermediates must allow the purpose (EKU chaining as browsers apply it)
    if (!node.anchor) {
      const eku = extensionValue(c, OID.extKeyUsage, 'extKeyUsage')
      if (eku && !eku.purposes.some((p) => p.oid === EKU_FOR[o.purpose] || p.oid === OID.anyExtendedKeyUsage)) {
        add(i, 'WRONG_EKU', `${name}'s Extended Key Usage (${eku.purposes.map((p) => p.name ?? p.oid).join(', ')}) does not allow ${PURPOSE_WORDS[o.purpose]}.`)
      }
    }
    if (i === 0) {
      const ku = extensionValue(c, OID.keyUsage, 'keyUsage')
      const needed = o.purpose === 'server' ? (['digitalSignature', 'keyEncipherment', 'keyAgreement'] as const) : (['digitalSignature', 'keyAgreement'] as const)
      if (ku && !needed.some((u) => ku.usages.includes(u))) {
        add(i, 'WRONG_KEY_USAGE', `${name}'s Key Usage (${ku.usages.join(', ') || 'none'}) allows no TLS handshake signature or key exchange.`)
      }
      // a usage the caller requires (RFC 5280 §4.2.1.3: without the extension every usage is allowed)
      const missing = ku ? (o.keyUsage ?? []).filter((u) => !ku.usages.includes(u)) : []
      if (missing.length) add(i, 'WRONG_KEY_USAGE', `${name}'s Key Usage (${ku?.usages.join(', ') || 'none'}) lacks ${missing.join(', ')}, which was required.`)
      return
    }
    // issuer role
    const bc = extensionValue(c, OID.basicConstraints, 'basicConstraints')
    if (!isCA(c)) {
      if (node.anchor && c.version === 1 && !bc) add(i, 'V1_ROOT', `${name} is a version 1 root without Basic Constraints; accepted as a trust anchor.`, true)
      else add(i, 'NOT_A_CA', `${name} issued "${label(nodes[i - 1]?.cert as ParsedCertificate)}" but is not a CA (Basic Constraints CA:TRUE is missing).`)
    }
    const ku = extensionValue(c, OID.keyUsage, 'keyUsage')
    if (ku && !ku.usages.includes('keyCertSign')) add(i, 'MISSING_KEY_CERT_SIGN', `${name}'s Key Usage lacks keyCertSign, so it may not sign certificates.`)
    if (bc?.pathLength !== undefined) {
      // intermediates below this CA that are not self-issued (RFC 5280 §4.2.1.9)
      const below = nodes.slice(1, i).filter((n) => !isSelfIssued(n.cert)).length
      if (below > bc.pathLength) {
        add(i, 'PATHLEN_EXCEEDED', `${name} allows ${bc.pathLength} intermediate CA${bc.pathLength === 1 ? '' : 's'} below it (pathLenConstraint), but the path has ${below}.`)
      }
    }
    let nc
    try {
      nc = readNameConstraints(c)
    } catch (err) {
      add(i, 'INVALID_EXTENSION', `${name}'s Name Constraints: ${err instanceof Error ? err.message : String(err)}`)
    }
    if (nc) {
      for (let j = 0; j < i; j++) {
        const sub = nodes[j]?.cert as ParsedCertificate
        // a self-issued intermediate is not constrained (RFC 5280 §6.1.3 (b)), except the leaf when it is self-issued
        if (j > 0 && isSelfIssued(sub)) continue
        for (const v of nameConstraintIssues(sub, nc, { isLeaf: j === 0, critical: nc.critical, budget, legacyCommonName: o.legacyCommonName ?? false })) {
          add(j, v.code, `"${label(sub)}": ${v.message} (set by ${name}).`)
        }
      }
    }
  })
  const errors: ChainIssue[] = []
  const warnings: ChainIssue[] = []
  const last = nodes[nodes.length - 1] as Node
  if (o.maxDepth !== undefined && path.complete) {
    // intermediates between the leaf and the anchor; a self-issued one (a key rollover) is not a new CA (RFC 5280 §6.1.4 (l))
    const intermediates = nodes.slice(1, -1).filter((n) => !isSelfIssued(n.cert)).length
    if (intermediates > o.maxDepth) {
      add(nodes.length - 2, 'PATH_TOO_DEEP', `The path has ${intermediates} intermediate CA certificate${intermediates === 1 ? '' : 's'}; at most ${o.maxDepth} ${o.maxDepth === 1 ? 'was' : 'were'} allowed (--max-depth).`)
    }
  }
  if (!path.complete) {
    const depth = nodes.length - 1
    if (path.tooLong) {
      add(depth, 'PATH_TOO_LONG', `No trust anchor within ${MAX_PATH_LENGTH} certificates.`)
    } else if (isSelfSigned(last.cert)) {
      add(depth, 'SELF_SIGNED_UNTRUSTED', `"${label(last.cert)}" is self-signed and not among the trusted roots.`)
    } else {
      const urls = extensionValue(last.cert, OID.authorityInfoAccess, 'authorityInfoAccess')?.caIssuers ?? []
      missingIssuerUrls.push(...urls)
      add(
        depth,
        'UNKNOWN_ISSUER',
        `The issuer of "${label(last.cert)}" ("${last.cert.issuer.info.text}") is neither among the certificates provided nor a trusted root` +
          (urls.length ? `; it can be downloaded from ${urls.join(', ')}.` : '.')
      )
    }
  }
  // certificate policies (RFC 5280 §6.1.3–6.1.5) over the path from the anchor's child down to the leaf
  let policy: PolicyResult | undefined
  if (path.complete && nodes.length > 1) {
    const { result, issues } = processPolicies(nodes.slice(0, -1).map((n) => n.cert).reverse())
    policy = result
    for (const issue of issues) links[issue.depth ?? 0]?.errors.push(issue)
  }
  const target: { host?: string; ip?: string } = {}
  if (o.host !== undefined) target.host = o.host
  if (o.ip !== undefined) target.ip = o.ip
  for (const issue of hostIssues(nodes[0]?.cert as ParsedCertificate, target, { legacyCommonName: o.legacyCommonName ?? false })) {
    ;(issue.severity === 'error' ? links[0]?.errors : links[0]?.warnings)?.push(issue)
  }
  for (const l of links) {
    errors.push(...l.errors)
    warnings.push(...l.warnings)
  }
  const out: Evaluated = { path, links, errors, warnings, missingIssuerUrls }
  if (policy) out.policy = policy
  return out
}

/** Better of two failed evaluations: a path to an anchor beats a dead end; then fewer errors; then shorter. */
function better(a: Evaluated, b: Evaluated | undefined): boolean {
  if (!b) return true
  if (a.path.complete !== b.path.complete) return a.path.complete
  if (a.errors.length !== b.errors.length) return a.errors.length < b.errors.length
  return a.path.nodes.length > b.path.nodes.length
}

/** Validates already-parsed certificates (fetchServerChain's), with the parsed certificates of the chain it chose
 *  (leaf first), for revocation checking. */
export function verifyParsedWithPath(o: VerifyParsedOptions): { result: VerifyResult; certs: ParsedCertificate[] } {
  const builder = new PathBuilder(o.anchors, o.pool, o.at)
  const leafIsAnchor = builder.anchorFingerprints.has(o.leaf.fingerprint256)
  const leaf: Node = { cert: o.leaf, source: o.leafSource ?? 'leaf', anchor: leafIsAnchor }
  let best: Evaluated | undefined
  let valid = false
  builder.walk(leaf, (path) => {
    const ev = evaluate(path, o, builder)
    if (path.complete && ev.errors.length === 0) {
      best = ev
      valid = true
      return true
    }
    if (better(ev, best)) best = ev
    return false
  })
  const ev = best as Evaluated
  const chain: ChainLink[] = ev.path.nodes.map((n, i) => {
    const l = ev.links[i] ?? { errors: [], warnings: [] }
    return {
      subject: n.cert.subject.info.text,
      issuer: n.cert.issuer.info.text,
      serial: (n.cert.serial.negative ? '-' : '') + n.cert.serial.hex,
      fingerprint256: n.cert.fingerprint256,
      notBefore: iso(n.cert.notBefore),
      notAfter: iso(n.cert.notAfter),
      source: i === 0 ? (o.leafSource ?? 'leaf') : n.source,
      trustAnchor: n.anchor,
      status: l.errors.length ? 'error' : l.warnings.length ? 'warning' : 'ok',
      errors: l.errors,
      warnings: l.warnings,
      pem: encodePem(n.cert.der, 'CERTIFICATE')
    }
  })
  const result: VerifyResult = {
    valid,
    at: iso(o.at),
    purpose: o.purpose,
    chain,
    errors: ev.errors,
    warnings: ev.warnings,
    pathsTried: builder.pathsTried,
    missingIssuerUrls: ev.missingIssuerUrls
  }
  if (o.host !== undefined) result.host = o.host
  if (o.ip !== undefined) result.ip = o.ip
  if (ev.policy) result.policy = ev.policy
  const skipped = [...(o.skipped ?? []).map((s) => ({ ...s, message: `Intermediate ${s.index + 1} could not be read: ${s.message}` }))]
  for (const u of builder.unusable) {
    const index = o.pool.findIndex((p) => p.cert.fingerprint256 === u.cert.fingerprint256)
    skipped.push({ index, message: `"${label(u.cert)}" was skipped as a candidate issuer: ${u.message}` })
  }
  if (skipped.length) {
    result.skipped = skipped
    for (const s of skipped) result.warnings.push({ severity: 'warning', code: 'INTERMEDIATE_SKIPPED', message: s.message })
  }
  return { result, certs: ev.path.nodes.map((n) => n.cert) }
}

function toTime(at: VerifyOptions['at']): number {
  if (at === undefined) return Date.now()
  const t = new Date(at).getTime()
  if (Number.isNaN(t)) throw new WirebenchError('INVALID_INPUT', `"${String(at)}" is not a date.`)
  return t
}

/** The anchors a verification uses: user roots, Mozilla's and the system's as asked. */
export function anchorsFor(roots: CertificateInput[] | undefined, useMozilla: boolean, useSystem: boolean): SourcedCertificate[] {
  const anchors: SourcedCertificate[] = []
  for (const r of roots ?? []) for (const cert of readCertificates(r, 'trusted root')) anchors.push({ cert, source: 'user' })
  if (useMozilla) for (const cert of mozillaRoots()) anchors.push({ cert, source: 'mozilla' })
  if (useSystem) for (const cert of systemRoots()?.certs ?? []) anchors.push({ cert, source: 'system' })
  return anchors
}

/** Verifies a leaf certificate: builds paths through the intermediates to a trust anchor and says why not. */
export function verifyChain(options: VerifyOptions): VerifyResult {
  return verifyChainWithPath(options).result
}

/** verifyChain, with the parsed certificates of the chosen path (leaf first). */
export function verifyChainWithPath(options: VerifyOptions): { result: VerifyResult; certs: ParsedCertificate[] } {
  const [leaf, ...rest] = readCertificates(options.leaf, 'leaf certificate')
  const pool: SourcedCertificate[] = rest.map((cert) => ({ cert, source: 'provided' }))
  // One unreadable intermediate is skipped as a candidate, with its reason; the path is built from the others.
  const skipped: { index: number; message: string }[] = []
  let index = 0
  for (const input of options.intermediates ?? []) {
    for (const one of readEach(input)) {
      if (one.cert) pool.push({ cert: one.cert, source: 'provided' })
      else skipped.push({ index, message: one.message })
      index++
    }
  }
  const o: VerifyParsedOptions = {
    leaf: leaf as ParsedCertificate,
    pool,
    anchors: anchorsFor(options.roots, options.useMozillaRoots ?? true, options.useSystemRoots ?? false),
    at: toTime(options.at),
    purpose: options.purpose ?? 'server'
  }
  if (options.host !== undefined) o.host = options.host
  if (options.ip !== undefined) o.ip = options.ip
  if (options.maxDepth !== undefined) o.maxDepth = options.maxDepth
  if (options.keyUsage?.length) o.keyUsage = options.keyUsage
  if (options.legacyCommonName) o.legacyCommonName = true
  if (options.allowEd25519) o.allowEd25519 = true
  if (skipped.length) o.skipped = skipped
  return verifyParsedWithPath(o)
}
