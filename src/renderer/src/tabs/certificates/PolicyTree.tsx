// The path's certificate policies as RFC 5280 §6.1 computes them: the valid_policy_tree as an indented list by
// depth (0 = the trust anchor's anyPolicy root, n = the leaf), each node's policy and qualifiers, and the
// user-constrained policy set the path ends with. A tree can be large (policy mappings multiply nodes): at most
// SHOWN nodes are drawn, walked without recursion.
import type { ChainLink, PolicyNode, PolicyResult } from '../../../../shared/x509/types'
import { oidName } from '../../../../shared/x509/oids'

const SHOWN = 300
const ANY_POLICY = '2.5.29.32.0'

function policyLabel(oid: string): string {
  const name = oid === ANY_POLICY ? 'anyPolicy' : oidName(oid)
  return name ? `${name} (${oid})` : oid
}

/** Nodes in display order (depth first, as a tree reads), at most `cap`. */
function flatten(root: PolicyNode, cap: number): PolicyNode[] {
  const out: PolicyNode[] = []
  const stack: PolicyNode[] = [root]
  while (stack.length && out.length < cap) {
    const n = stack.pop()!
    out.push(n)
    for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!)
  }
  return out
}

/** Which certificate a tree depth stands for: depth 0 the anchor, depth n the leaf (chain is leaf first). */
function depthLabel(depth: number, chain: readonly ChainLink[]): string {
  const anchored = chain[chain.length - 1]?.trustAnchor === true
  if (!anchored) return `depth ${depth}`
  const link = chain[chain.length - 1 - depth]
  if (!link) return `depth ${depth}`
  const cn = /CN=([^,]+)/.exec(link.subject)?.[1] ?? link.subject
  return depth === 0 ? `depth 0 · trust anchor` : `depth ${depth} · ${depth === chain.length - 1 ? 'leaf' : cn}`
}

export function PolicyTree({ policy, chain }: { policy: PolicyResult; chain: readonly ChainLink[] }) {
  const shown = policy.tree ? flatten(policy.tree, SHOWN) : []
  const anyOnly = policy.userConstrainedPolicySet.length === 1 && policy.userConstrainedPolicySet[0] === ANY_POLICY
  return (
    <section className="card policy-card" aria-label="Certificate policies" data-testid="policy-tree">
      <h3>Certificate policies</h3>
      <p className="hint">
        The valid policy tree of RFC 5280 §6.1: which policies hold from the trust anchor down to the leaf, after each certificate's policies, mappings and
        constraints (requireExplicitPolicy, inhibitPolicyMapping, inhibitAnyPolicy — §6.1.4).
      </p>
      {policy.tree === null ? (
        policy.explicitPolicyRequired ? (
          <p className="policy-none bad" data-testid="policy-none">
            No policy is valid for the whole path, yet the path requires an explicit one (requireExplicitPolicy): RFC 5280 §6.1.5 (g) fails it.
          </p>
        ) : (
          <p className="policy-none" data-testid="policy-none">
            No policy constraints on this path: no certificate policy holds for every certificate, and none is required (RFC 5280 §6.1.5 (g) then accepts the path).
          </p>
        )
      ) : (
        <>
          <ul className="policy-tree" aria-label="Valid policy tree">
            {shown.map((n, i) => (
              <li key={i} className="policy-node">
                <span className="policy-depth small" title={depthLabel(n.depth, chain)}>
                  {depthLabel(n.depth, chain)}
                </span>
                <span className="policy-body" style={{ paddingLeft: `${Math.min(n.depth, 12) * 18}px` }}>
                  <span className="policy-oid mono">
                    {n.depth > 0 ? '└ ' : ''}
                    {policyLabel(n.validPolicy)}
                  </span>
                  {n.qualifiers.length ? (
                    <span className="policy-qualifiers small">
                      {n.qualifiers.slice(0, 4).join(' · ')}
                      {n.qualifiers.length > 4 ? ` · …${n.qualifiers.length - 4} more` : ''}
                    </span>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
          {policy.nodeCount > shown.length ? (
            <p className="muted small">
              {policy.nodeCount.toLocaleString('en-US')} nodes in the tree; the first {shown.length} are shown.
            </p>
          ) : null}
        </>
      )}
      <div className="policy-set small">
        <span className="muted">User-constrained policy set (§6.1.6 (g)):</span>{' '}
        {anyOnly ? 'any policy' : policy.userConstrainedPolicySet.length === 0 ? 'empty' : policy.userConstrainedPolicySet.map(policyLabel).join(', ')}
        {policy.explicitPolicyRequired ? <span className="policy-required"> · an explicit policy is required on this path</span> : null}
      </div>
    </section>
  )
}
