// The ASN.1 structure of any DER blob as a tree of byte ranges, for the UI's structure view and hex highlighting.
// OCTET and BIT STRINGs that hold DER (extension values, keys, ECDSA signatures) are opened as well.
import {
  type Asn1,
  Tag,
  decode,
  readBoolean,
  readInteger,
  readOid,
  readString,
  readTime,
  isStringNode,
  tagName,
  toHexUpper
} from '../../shared/x509/asn1'
import { oidName } from '../../shared/x509/oids'
import { WirebenchError } from '../../shared/errors'
import type { Asn1Tree, Asn1TreeNode } from './types'

const CLASS_NAMES = ['universal', 'application', 'context', 'private'] as const
const PREVIEW_BYTES = 24

export interface Asn1TreeOptions {
  /** Stop adding nodes after this many (default 10,000). */
  maxNodes?: number
}

function hexPreview(bytes: Uint8Array): string {
  const shown = toHexUpper(bytes.subarray(0, PREVIEW_BYTES), ' ')
  return bytes.length > PREVIEW_BYTES ? `${shown} … (${bytes.length} bytes)` : shown
}

function preview(node: Asn1): string | undefined {
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
        const text = v.hex.length <= 12 ? String(parseInt(v.hex, 16)) : `0x${v.hex.slice(0, 48)}${v.hex.length > 48 ? '…' : ''}`
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
        return node.length > 0 ? `${node.content[0]} unused bits: ${hexPreview(node.content.subarray(1))}` : ''
      case Tag.octetString:
        return hexPreview(node.content)
      default: {
        if (isStringNode(node)) {
          const s = readString(node)
          return s.length > 80 ? `${s.slice(0, 80)}…` : s
        }
        return hexPreview(node.content)
      }
    }
  } catch (err) {
    return `malformed: ${err instanceof Error ? err.message : String(err)}`
  }
}

/** DER inside an OCTET/BIT STRING, when the whole content decodes as one constructed element. */
function encapsulated(node: Asn1): Asn1 | undefined {
  if (node.cls !== 0 || node.constructed) return undefined
  const skip = node.tag === Tag.bitString ? 1 : node.tag === Tag.octetString ? 0 : -1
  if (skip < 0 || node.length <= skip + 1) return undefined
  if (skip === 1 && node.content[0] !== 0) return undefined
  const first = node.content[skip] as number
  // only constructed contents or the primitive types extension values commonly are
  if ((first & 0x20) === 0 && ![0x02, 0x03, 0x04, 0x05, 0x06, 0x16].includes(first)) return undefined
  try {
    const inner = decode(node.buf, node.contentStart + skip, node.contentEnd)
    if (inner.constructed) void inner.children // decode one level to be sure it is really DER
    return inner
  } catch {
    return undefined
  }
}

export function asn1Tree(der: Uint8Array, options: Asn1TreeOptions = {}): Asn1Tree {
  const maxNodes = options.maxNodes ?? 10_000
  let count = 0
  let truncated = false
  const build = (node: Asn1, level: number): Asn1TreeNode => {
    count++
    const out: Asn1TreeNode = {
      tagClass: CLASS_NAMES[node.cls] ?? 'universal',
      tagNumber: node.tag,
      constructed: node.constructed,
      name: tagName(node),
      offset: node.offset,
      headerLength: node.headerLength,
      length: node.length
    }
    const p = preview(node)
    if (p !== undefined) out.preview = p
    let kids: Asn1[] = []
    if (node.constructed) {
      try {
        kids = node.children
      } catch (err) {
        out.preview = `malformed: ${err instanceof Error ? err.message : String(err)}`
      }
    } else {
      const inner = level < 64 ? encapsulated(node) : undefined
      if (inner) {
        kids = [inner]
        out.encapsulates = true
      }
    }
    if (kids.length) {
      out.children = []
      for (const k of kids) {
        if (count >= maxNodes) {
          truncated = true
          break
        }
        out.children.push(build(k, level + 1))
      }
    }
    return out
  }
  let root: Asn1
  try {
    root = decode(der)
  } catch (err) {
    if (err instanceof WirebenchError) throw err
    throw new WirebenchError('INVALID_DER', String(err))
  }
  return { root: build(root, 0), nodeCount: count, truncated }
}
