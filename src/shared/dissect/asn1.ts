// The 'asn1' dissector: any DER/BER blob as a tree of tag-length-value spans with readable values, built on the
// shared DER reader so offsets are exact. OCTET and BIT STRINGs that hold DER (extension values, keys, ECDSA
// signatures) are opened as well. Damaged input keeps what was read and says where it broke.
import {
  Asn1,
  Tag,
  decode,
  readBoolean,
  readHeader,
  readInteger,
  readNode,
  readOid,
  readString,
  readTime,
  isStringNode,
  tagName,
  toHexUpper
} from '../x509/asn1'
import { oidName } from '../x509/oids'
import type { Asn1Tree, Asn1TreeNode } from '../x509/types'
import type { Finding } from '../findings'
import { type DissectOptions, type Dissection, type Span, SpanBudget } from './span'

const CLASS_NAMES = ['universal', 'application', 'context', 'private'] as const
const PREVIEW_BYTES = 24

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err))

/** How much of a value to show: the tree's one-line preview, or (for the selection line) the whole of it. */
export interface ValueLimits {
  bytes: number
  chars: number
  integerHexDigits: number
  /** Words after bytes that were cut. */
  cutNote(total: number): string
}

const PREVIEW: ValueLimits = { bytes: PREVIEW_BYTES, chars: 80, integerHexDigits: 48, cutNote: (total) => `(${total} bytes)` }

function hexShown(bytes: Uint8Array, limits: ValueLimits): string {
  const shown = toHexUpper(bytes.subarray(0, limits.bytes), ' ')
  return bytes.length > limits.bytes ? `${shown} … ${limits.cutNote(bytes.length)}` : shown
}

/** A primitive universal element's value in words (OIDs named, times in ISO form), cut at `limits`. */
export function describeValue(node: Asn1, limits: ValueLimits = PREVIEW): string | undefined {
  if (node.cls !== 0 || node.constructed) return undefined
  try {
    switch (node.tag) {
      case Tag.oid: {
        const oid = readOid(node)
        const name = oidName(oid)
        return name ? `${oid} (${name})` : oid
      }
      case Tag.integer: {
        const v = readInteger(node)
        const cut = v.hex.length > limits.integerHexDigits
        const text = v.hex.length <= 12 ? String(parseInt(v.hex, 16)) : `0x${v.hex.slice(0, limits.integerHexDigits)}${cut ? '…' : ''}`
        return v.negative ? `-${text}` : text
      }
      case Tag.boolean:
        return readBoolean(node) ? 'TRUE' : 'FALSE'
      case Tag.null:
        return 'NULL'
      case Tag.utcTime:
      case Tag.generalizedTime:
        return new Date(readTime(node)).toISOString()
      case Tag.bitString:
        return node.length > 0 ? `${node.content[0]} unused bits: ${hexShown(node.content.subarray(1), limits)}` : ''
      case Tag.octetString:
        return hexShown(node.content, limits)
      default: {
        if (isStringNode(node)) {
          const s = readString(node)
          return s.length > limits.chars ? `${s.slice(0, limits.chars)}…` : s
        }
        return hexShown(node.content, limits)
      }
    }
  } catch (err) {
    return `malformed: ${message(err)}`
  }
}

/** DER inside an OCTET/BIT STRING, when the whole content decodes as one element of a type such values hold. */
function encapsulated(node: Asn1): Asn1 | undefined {
  if (node.cls !== 0 || node.constructed) return undefined
  const skip = node.tag === Tag.bitString ? 1 : node.tag === Tag.octetString ? 0 : -1
  if (skip < 0 || node.length <= skip + 1) return undefined
  if (skip === 1 && node.content[0] !== 0) return undefined
  const first = node.content[skip] as number
  if ((first & 0x20) === 0 && ![0x02, 0x03, 0x04, 0x05, 0x06, 0x16].includes(first)) return undefined
  try {
    const inner = decode(node.buf, node.contentStart + skip, node.contentEnd)
    if (inner.constructed) void inner.children // one level must decode too, or it is only bytes that look like DER
    return inner
  } catch {
    return undefined
  }
}

/**
 * Reads one element at `pos` leniently: when its content runs past `limit` the node is clipped to what is there
 * and a TRUNCATED finding is added. Returns undefined when not even the header can be read.
 */
function readLenient(buf: Uint8Array, pos: number, limit: number, depth: number, findings: Finding[]): Asn1 | undefined {
  try {
    return readNode(buf, pos, limit, depth)
  } catch (err) {
    try {
      const h = readHeader(buf, pos, limit)
      if (h.indefinite || depth > 64) throw err
      const available = limit - pos - h.headerLength
      findings.push({
        severity: 'error',
        code: 'TRUNCATED',
        message: `${tagName(h)} at byte ${pos} declares ${h.length} content bytes but only ${available} remain.`,
        span: { offset: pos, length: limit - pos }
      })
      return new Asn1(buf, pos, h.headerLength, available, h.cls, h.constructed, h.tag, false, depth)
    } catch {
      findings.push({ severity: 'error', code: 'INVALID_DER', message: message(err), span: { offset: pos, length: limit - pos } })
      return undefined
    }
  }
}

export interface Asn1Reading {
  /** Undefined when the first element's header could not be read at all. */
  tree?: Asn1Tree
  findings: Finding[]
}

/** The ASN.1 tree of `der` with its findings; never throws. */
export function readAsn1Tree(der: Uint8Array, options: DissectOptions = {}): Asn1Reading {
  const budget = new SpanBudget(options)
  const findings: Finding[] = []
  const build = (node: Asn1, level: number): Asn1TreeNode => {
    const out: Asn1TreeNode = {
      tagClass: CLASS_NAMES[node.cls] ?? 'universal',
      tagNumber: node.tag,
      constructed: node.constructed,
      name: tagName(node),
      offset: node.offset,
      headerLength: node.headerLength,
      length: node.length
    }
    const p = describeValue(node)
    if (p !== undefined) out.preview = p
    const kids: Asn1[] = []
    if (node.constructed && node.indefinite) kids.push(...node.children)
    else if (node.constructed) {
      for (let pos = node.contentStart; pos < node.contentEnd; ) {
        const kid = readLenient(node.buf, pos, node.contentEnd, node.depth + 1, findings)
        if (!kid) break
        kids.push(kid)
        pos = kid.end
      }
    } else {
      const inner = level < budget.maxDepth ? encapsulated(node) : undefined
      if (inner) {
        kids.push(inner)
        out.encapsulates = true
      }
    }
    if (kids.length) {
      out.children = []
      for (const k of kids) {
        if (!budget.take()) break
        out.children.push(build(k, level + 1))
      }
    }
    return out
  }
  const first = readLenient(der, 0, der.length, 0, findings)
  if (!first) return { findings }
  budget.take()
  const root = build(first, 0)
  if (first.end < der.length) {
    findings.push({
      severity: 'warning',
      code: 'TRAILING_BYTES',
      message: `${der.length - first.end} unexpected bytes after the ASN.1 element (at byte ${first.end}).`,
      span: { offset: first.end, length: der.length - first.end }
    })
  }
  findings.push(...budget.finding())
  return { tree: { root, nodeCount: budget.count, truncated: budget.exhausted }, findings }
}

const CLASS_WORDS: Record<Asn1TreeNode['tagClass'], string> = {
  universal: 'universal',
  application: 'application-specific',
  context: 'context-specific',
  private: 'private'
}

/** One tree node as a span (header darker in the hex view). */
export function asn1NodeToSpan(node: Asn1TreeNode): Span {
  const span: Span = {
    offset: node.offset,
    length: node.headerLength + node.length,
    headerLength: node.headerLength,
    name: node.name,
    explain:
      `${CLASS_WORDS[node.tagClass]} tag ${node.tagNumber}, ${node.constructed ? 'constructed' : 'primitive'}: ` +
      `${node.headerLength}-byte header + ${node.length}-byte value` +
      (node.encapsulates ? '; its value is itself DER, decoded below it' : '')
  }
  if (node.preview !== undefined) span.value = node.preview
  if (node.children) span.children = node.children.map(asn1NodeToSpan)
  return span
}

export function dissectAsn1(bytes: Uint8Array, options?: DissectOptions): Dissection {
  const { tree, findings } = readAsn1Tree(bytes, options)
  const spans = tree ? [asn1NodeToSpan(tree.root)] : []
  const covered = tree ? tree.root.offset + tree.root.headerLength + tree.root.length : 0
  if (covered < bytes.length) {
    spans.push({ offset: covered, length: bytes.length - covered, name: tree ? 'Trailing bytes' : 'Unreadable bytes' })
  }
  return { spans, findings, spanCount: (tree?.nodeCount ?? 0) + (covered < bytes.length ? 1 : 0) }
}
