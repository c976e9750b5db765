// Certificate policy processing of one certification path, RFC 5280 §6.1.2–§6.1.6 as updated by RFC 9618 (a policy
// graph instead of the exponential tree): initialization, certificatePolicies per certificate, policy mappings,
// the requireExplicitPolicy / inhibitPolicyMapping / inhibitAnyPolicy counters, wrap-up and the user-constrained
// policy set. The verifier calls processPolicies once per candidate path; every failure says which certificate
// required an explicit policy and why none is valid.
import { type ParsedCertificate, isSelfIssued } from './certificate'
import { ANY_POLICY, PolicyBudgetExceeded, PolicyGraph } from './policy-graph'
import { type CertificatePolicyInfo, certName, readPolicyExtensions } from './policy-extensions'
import type { ChainIssue, PolicyResult } from './types'

export interface PolicyOptions {
  /** user-initial-policy-set (RFC 5280 §6.1.1 (c)); default [anyPolicy]. */
  initialPolicySet?: string[]
  /** initial-explicit-policy (§6.1.1 (f)); default false. */
  initialExplicitPolicy?: boolean
  /** initial-policy-mapping-inhibit (§6.1.1 (e)); default false. */
  initialPolicyMappingInhibit?: boolean
  /** initial-any-policy-inhibit (§6.1.1 (g)); default false. */
  initialAnyPolicyInhibit?: boolean
  /** Most nodes the RFC 5280 tree may have; a path whose tree would be larger is refused (default 10,000). */
  maxNodes?: number
}

export const DEFAULT_MAX_POLICY_NODES = 10_000

const SHOWN = 8

/**
 * Processes the policies of `path`, in RFC order: path[0] was issued by the trust anchor, path[n-1] is the leaf (the
 * anchor is not in it). Issues carry the verifier's depth (0 = leaf).
 */
export function processPolicies(path: ParsedCertificate[], opts: PolicyOptions = {}): { result: PolicyResult; issues: ChainIssue[] } {
  return new PolicyRun(path, opts).run()
}

class PolicyRun {
  private readonly n: number
  private readonly graph: PolicyGraph
  private readonly issues: ChainIssue[] = []
  private readonly initial: string[]
  private readonly names = new Map<string, string>([[ANY_POLICY, 'anyPolicy']])
  // §6.1.2 (d)–(f) state variables, and who last lowered each one (for the words of a failure).
  private explicit: number
  private mapping: number
  private inhibitAny: number
  private explicitBy = ''
  private mappingBy = ''
  private inhibitAnyBy = ''
  /** Why the graph became NULL, in words, once it has. */
  private lost = ''
  private userSet: string[] = []

  constructor(
    private readonly path: ParsedCertificate[],
    opts: PolicyOptions
  ) {
    this.n = path.length
    this.graph = new PolicyGraph(opts.maxNodes ?? DEFAULT_MAX_POLICY_NODES)
    this.initial = opts.initialPolicySet?.length ? [...new Set(opts.initialPolicySet)] : [ANY_POLICY]
    const caller = (what: string, step: string): string => `the caller asked for ${what} (RFC 5280 §6.1.1 ${step})`
    this.explicit = opts.initialExplicitPolicy ? 0 : this.n + 1
    this.mapping = opts.initialPolicyMappingInhibit ? 0 : this.n + 1
    this.inhibitAny = opts.initialAnyPolicyInhibit ? 0 : this.n + 1
    if (opts.initialExplicitPolicy) this.explicitBy = caller('an explicit policy, initial-explicit-policy', '(f)')
    if (opts.initialPolicyMappingInhibit) this.mappingBy = caller('no policy mapping, initial-policy-mapping-inhibit', '(e)')
    if (opts.initialAnyPolicyInhibit) this.inhibitAnyBy = caller('anyPolicy not to count, initial-any-policy-inhibit', '(g)')
  }

  run(): { result: PolicyResult; issues: ChainIssue[] } {
    try {
      for (let k = 0; k < this.n; k++) if (!this.certificate(k)) return this.finish(false)
      return this.finish(this.wrapUp())
    } catch (err) {
      if (!(err instanceof PolicyBudgetExceeded)) throw err
      const k = Math.min(err.depth, this.n) - 1
      this.issues.push({
        severity: 'error',
        code: 'POLICY_TREE_TOO_LARGE',
        depth: this.depthOf(Math.max(k, 0)),
        source: 'RFC 9618 §1, RFC 5280 §6.1.3 (d)',
        message: `The certificate policies and policy mappings up to ${this.cert(Math.max(k, 0))} make the RFC 5280 policy tree larger than ${this.graph.maxNodes} nodes, so the path is refused (a tree that grows exponentially with the path is a known denial-of-service pattern, RFC 9618 §1).`
      })
      return { result: { tree: null, userConstrainedPolicySet: [], explicitPolicyRequired: this.explicit === 0, nodeCount: 0 }, issues: this.issues }
    }
  }

  private depthOf(k: number): number {
    return this.n - 1 - k
  }

  private cert(k: number): string {
    const c = this.path[k]
    return c ? certName(c) : 'the certificate'
  }

  private list(oids: Iterable<string>): string {
    const all = [...oids].map((o) => {
      const name = this.names.get(o)
      return name && name !== o ? `${o} (${name})` : o
    })
    if (all.length === 0) return 'no policy'
    return all.length > SHOWN ? `${all.slice(0, SHOWN).join(', ')} and ${all.length - SHOWN} more` : all.join(', ')
  }

  /** §6.1.3 (d)–(f) for certificate k, then §6.1.4 (a), (b), (h)–(j) unless it is the leaf. False: the path failed. */
  private certificate(k: number): boolean {
    const cert = this.path[k] as ParsedCertificate
    const i = k + 1
    const info = readPolicyExtensions(cert, this.depthOf(k))
    this.issues.push(...info.issues)
    for (const p of info.policies ?? []) if (p.name) this.names.set(p.oid, p.name)
    if (!this.graph.empty) this.certificatePolicies(k, info, i < this.n && isSelfIssued(cert))
    if (this.explicit === 0 && this.graph.empty) {
      this.fail(k, 'RFC 5280 §6.1.3 (f)')
      return false
    }
    if (i === this.n) {
      // §6.1.5 (a), (b): the leaf's own requireExplicitPolicy counts only when it is 0.
      if (this.explicit !== 0) this.explicit--
      if (info.requireExplicitPolicy === 0) {
        this.explicit = 0
        this.explicitBy = `${this.cert(k)} itself requires an explicit policy for the whole path (requireExplicitPolicy 0, RFC 5280 §4.2.1.11, §6.1.5 (b))`
      }
      return true
    }
    if (!this.graph.empty && info.mappings.size) this.policyMappings(k, info)
    if (!isSelfIssued(cert)) {
      // §6.1.4 (h): self-issued intermediates (key rollover) do not count.
      if (this.explicit !== 0) this.explicit--
      if (this.mapping !== 0) this.mapping--
      if (this.inhibitAny !== 0) this.inhibitAny--
    }
    const r = info.requireExplicitPolicy
    if (r !== undefined && r < this.explicit) {
      this.explicit = r
      const when = r === 0 ? '' : ` once ${r} more certificate${r > 1 ? 's follow' : ' follows'} it`
      this.explicitBy = `${this.cert(k)} requires an explicit policy for the whole path${when} (requireExplicitPolicy ${r}, RFC 5280 §4.2.1.11, §6.1.4 (i))`
    }
    const m = info.inhibitPolicyMapping
    if (m !== undefined && m < this.mapping) {
      this.mapping = m
      this.mappingBy = `${this.cert(k)} sets inhibitPolicyMapping ${m} (RFC 5280 §4.2.1.11)`
    }
    const a = info.inhibitAnyPolicy
    if (a !== undefined && a < this.inhibitAny) {
      this.inhibitAny = a
      this.inhibitAnyBy = `${this.cert(k)} sets inhibitAnyPolicy ${a} (RFC 5280 §4.2.1.14)`
    }
    return true
  }

  /** §6.1.3 (d), (e) with RFC 9618 §4.2's graph steps. */
  private certificatePolicies(k: number, info: CertificatePolicyInfo, selfIssuedIntermediate: boolean): void {
    const who = this.cert(k)
    if (info.policies === null) {
      this.graph.clear() // §6.1.3 (e): no certificatePolicies extension: the graph becomes NULL
      this.lost = `${who} has no certificate policies extension, so no policy is valid for the path from it on (RFC 5280 §6.1.3 (e))`
      return
    }
    const index = this.graph.openLevel()
    const d = this.graph.depth
    const prevAny = this.graph.level(d - 1).get(ANY_POLICY)
    for (const p of info.policies) {
      const parents = index.get(p.oid)
      if (parents) this.graph.add(p.oid, p.qualifiers, [p.oid], parents)
      else if (prevAny) this.graph.add(p.oid, p.qualifiers, [p.oid], [prevAny])
    }
    const anyCounts = info.anyPolicyQualifiers !== undefined && (this.inhibitAny > 0 || selfIssuedIntermediate)
    if (anyCounts) {
      const here = this.graph.level(d)
      for (const [oid, parents] of index) if (!here.has(oid)) this.graph.add(oid, info.anyPolicyQualifiers ?? [], [oid], parents)
    }
    this.graph.prune()
    if (!this.graph.empty) return
    const asserted = info.policies.map((p) => p.oid)
    const inhibited = `no longer counts (RFC 5280 §6.1.3 (d)(2)) because ${this.inhibitAnyBy || 'inhibit_anyPolicy reached 0'}`
    if (asserted.length === 0) {
      this.lost = info.anyPolicyQualifiers !== undefined ? `${who} asserts only anyPolicy, which ${inhibited}` : `${who} asserts no policy (RFC 5280 §6.1.3 (d))`
      return
    }
    const anyNote = info.anyPolicyQualifiers !== undefined ? `, and its anyPolicy ${inhibited}` : ' (RFC 5280 §6.1.3 (d))'
    this.lost = `${who} asserts ${this.list(asserted)}, while the certificates above it allow only ${this.list(index.keys())}${anyNote}`
  }

  /** §6.1.4 (b) with RFC 9618 §4.3. */
  private policyMappings(k: number, info: CertificatePolicyInfo): void {
    const here = this.graph.level(this.graph.depth)
    const anyNode = here.get(ANY_POLICY)
    const removed: string[] = []
    for (const [idp, subjects] of info.mappings) {
      if (this.mapping > 0) {
        const node = here.get(idp)
        if (node) node.expected = new Set(subjects)
        else if (anyNode) this.graph.add(idp, info.anyPolicyQualifiers ?? [], subjects, anyNode.parents)
      } else if (here.has(idp)) {
        this.graph.remove(idp)
        removed.push(idp)
      }
    }
    if (this.mapping > 0 || !removed.length) return
    this.graph.prune()
    if (this.graph.empty) {
      this.lost = `policy mapping is inhibited, because ${this.mappingBy || 'policy_mapping reached 0'}, and ${this.cert(k)} maps ${this.list(removed)}, so ${removed.length > 1 ? 'those policies are' : 'that policy is'} dropped (RFC 5280 §6.1.4 (b)(2))`
    }
  }

  private fail(k: number, source: string): void {
    this.issues.push({
      severity: 'error',
      code: 'POLICY_REQUIRED',
      depth: this.depthOf(k),
      source: `${source}, RFC 5280 §4.2.1.11`,
      message: `No certificate policy is valid for this path, and one is required: ${this.explicitBy || 'explicit_policy reached 0'}; but ${this.lost || 'no policy remains'}.`
    })
  }

  /** RFC 9618 §4.4 (g)(1)–(4): the policies valid in the trust anchor's domain, anyPolicy included. */
  private authoritySet(): Set<string> {
    const authority = new Set<string>()
    if (this.graph.empty) return authority
    for (const lvl of this.graph.levels) {
      for (const node of lvl.values()) {
        const underAny = node.parents.length === 1 && node.parents[0]?.validPolicy === ANY_POLICY
        if (node.validPolicy !== ANY_POLICY && underAny) authority.add(node.validPolicy)
      }
    }
    if (this.graph.level(this.n).has(ANY_POLICY)) authority.add(ANY_POLICY)
    return authority
  }

  /** §6.1.5 (g) as RFC 9618 §4.4 computes it, then the final check: explicit_policy > 0 or a non-empty set. */
  private wrapUp(): boolean {
    const authority = this.authoritySet()
    if (this.initial.includes(ANY_POLICY)) {
      this.userSet = [...authority]
    } else {
      this.userSet = this.initial.filter((p) => authority.has(p))
      if (authority.has(ANY_POLICY)) for (const p of this.initial) if (!this.userSet.includes(p)) this.userSet.push(p)
    }
    if (this.explicit > 0 || this.userSet.length > 0) return true
    if (!this.graph.empty) {
      this.lost = `the policies valid for the path, ${this.list(authority)}, are none of those the caller accepts (${this.list(this.initial)}, the user-initial-policy-set of RFC 5280 §6.1.1 (c), §6.1.5 (g))`
    }
    this.fail(this.n - 1, 'RFC 5280 §6.1.5 (g)')
    return false
  }

  private finish(ok: boolean): { result: PolicyResult; issues: ChainIssue[] } {
    const tree = this.graph.empty ? null : this.graph.toTree()
    return {
      result: {
        tree,
        userConstrainedPolicySet: ok ? this.userSet : [],
        explicitPolicyRequired: this.explicit === 0,
        nodeCount: tree ? this.graph.treeSize : 0
      },
      issues: this.issues
    }
  }
}
