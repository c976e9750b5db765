// The valid_policy_graph of RFC 9618 §3 (which replaces RFC 5280 §6.1.2 (a)'s valid_policy_tree): one node per
// policy OID per depth, with several parents where the tree would duplicate a subtree. Built this way, policy
// processing costs what the certificates weigh, not exponentially in the path's depth (CVE-2023-0464). The tree the
// chain picture shows is expanded from the graph only after the expansion's size has been counted against a budget.
import { OID } from '../../shared/x509/oids'
import type { PolicyNode } from './types'

export const ANY_POLICY = OID.anyPolicy

export interface GraphNode {
  depth: number
  validPolicy: string
  qualifiers: string[]
  expected: Set<string>
  parents: GraphNode[]
  /** How many copies of this node the RFC 5280 tree holds: the number of paths from the root to it. */
  copies: number
}

/** Thrown inside the graph when the tree it stands for would pass the node budget; policy.ts turns it into an issue. */
export class PolicyBudgetExceeded extends Error {
  constructor(readonly depth: number) {
    super('policy tree budget exceeded')
  }
}

export class PolicyGraph {
  /** levels[d]: the nodes at depth d, by valid_policy (RFC 9618: at most one node per OID per depth). */
  readonly levels: Map<string, GraphNode>[]
  /** Nodes the equivalent RFC 5280 tree holds right now (sum of copies over live nodes). */
  treeSize = 1

  constructor(readonly maxNodes: number) {
    const root: GraphNode = { depth: 0, validPolicy: ANY_POLICY, qualifiers: [], expected: new Set([ANY_POLICY]), parents: [], copies: 1 }
    this.levels = [new Map([[ANY_POLICY, root]])]
  }

  get depth(): number {
    return this.levels.length - 1
  }

  /** True when the graph is NULL (RFC 5280 §6.1.2 (a): policy processing has ceased). */
  get empty(): boolean {
    return (this.levels[0]?.size ?? 0) === 0
  }

  /** Sets the graph to NULL (RFC 5280 §6.1.3 (e)). */
  clear(): void {
    this.levels.length = 0
    this.treeSize = 0
  }

  level(d: number): Map<string, GraphNode> {
    return this.levels[d] ?? new Map()
  }

  /** Opens depth i (= current depth + 1), and returns an index of depth i-1: expected policy → the nodes expecting it. */
  openLevel(): Map<string, GraphNode[]> {
    const index = new Map<string, GraphNode[]>()
    for (const node of this.level(this.depth).values()) {
      for (const p of node.expected) {
        const list = index.get(p)
        if (list) list.push(node)
        else index.set(p, [node])
      }
    }
    this.levels.push(new Map())
    return index
  }

  /** Adds a node at the newest depth. The budget is checked before any work proportional to the parents is kept. */
  add(validPolicy: string, qualifiers: string[], expected: Iterable<string>, parents: GraphNode[]): GraphNode {
    const depth = this.depth
    let copies = 0
    for (const p of parents) {
      copies += p.copies
      if (this.treeSize + copies > this.maxNodes) throw new PolicyBudgetExceeded(depth)
    }
    const node: GraphNode = { depth, validPolicy, qualifiers, expected: new Set(expected), parents, copies }
    this.level(depth).set(validPolicy, node)
    this.treeSize += copies
    return node
  }

  /** Removes a childless node of the newest depth (RFC 5280 §6.1.4 (b)(2)(i)). */
  remove(validPolicy: string): void {
    const lvl = this.level(this.depth)
    const node = lvl.get(validPolicy)
    if (!node) return
    lvl.delete(validPolicy)
    this.treeSize -= node.copies
  }

  /**
   * RFC 5280 §6.1.3 (d)(3) and §6.1.4 (b)(2)(ii): deletes every node above the newest depth that has no child,
   * repeatedly, bottom-up; an empty newest depth empties the whole graph (it becomes NULL).
   */
  prune(): void {
    for (let d = this.depth - 1; d >= 0; d--) {
      const withChildren = new Set<GraphNode>()
      for (const child of this.level(d + 1).values()) for (const p of child.parents) withChildren.add(p)
      const lvl = this.level(d)
      for (const [oid, node] of lvl) {
        if (!withChildren.has(node)) {
          lvl.delete(oid)
          this.treeSize -= node.copies
        }
      }
    }
  }

  /** The RFC 5280 tree the graph stands for, duplicating multi-parent nodes (RFC 9618 §4.4); null when NULL. */
  toTree(): PolicyNode | null {
    if (this.empty) return null
    const children = new Map<GraphNode, GraphNode[]>()
    for (const lvl of this.levels) {
      for (const node of lvl.values()) {
        for (const p of node.parents) {
          const list = children.get(p)
          if (list) list.push(node)
          else children.set(p, [node])
        }
      }
    }
    // treeSize is within the budget, so this recursion (depth = path length) builds at most maxNodes nodes.
    const expand = (n: GraphNode): PolicyNode => ({
      depth: n.depth,
      validPolicy: n.validPolicy,
      qualifiers: n.qualifiers,
      expectedPolicySet: [...n.expected],
      children: (children.get(n) ?? []).map(expand)
    })
    const root = this.level(0).get(ANY_POLICY)
    return root ? expand(root) : null
  }
}
