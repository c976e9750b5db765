// GeneralName (RFC 5280 §4.2.1.6): the CHOICE behind SANs, AIA locations, CRL points and name constraints.
import { type Asn1, Tag, bad, readOid, readString, retag, tagName, toHexUpper } from '../../shared/x509/asn1'
import { formatIP, formatIPRange } from '../../shared/x509/ip'
import { parseName } from './name'
import type { GeneralName } from './types'

const UPN = '1.3.6.1.4.1.311.20.2.3'

/** `constraint` reads iPAddress as address+mask (name constraints) instead of a bare address. */
export function parseGeneralName(node: Asn1, constraint = false): GeneralName {
  if (node.cls !== 2) bad(`GeneralName should be context-tagged but is ${tagName(node)} (at byte ${node.offset}).`)
  switch (node.tag) {
    case 0: {
      const [typeNode, valueNode] = node.children
      const oid = readOid(typeNode, 'otherName type')
      let value = valueNode ? toHexUpper(valueNode.content) : ''
      const inner = valueNode?.children[0]
      if (oid === UPN && inner && inner.cls === 0) value = readString(inner, 'UPN')
      return { type: 'otherName', oid, value }
    }
    case 1:
      return { type: 'email', value: readString(retag(node, Tag.ia5String), 'rfc822Name') }
    case 2:
      return { type: 'dns', value: readString(retag(node, Tag.ia5String), 'dNSName') }
    case 3:
      return { type: 'x400Address', value: toHexUpper(node.content) }
    case 4: {
      const inner = node.children[0]
      if (!inner) bad(`directoryName is empty (at byte ${node.offset}).`)
      return { type: 'directoryName', value: parseName(inner, 'directoryName').info.text }
    }
    case 5:
      return { type: 'ediPartyName', value: toHexUpper(node.content) }
    case 6:
      return { type: 'uri', value: readString(retag(node, Tag.ia5String), 'URI') }
    case 7: {
      const bytes = node.content
      return { type: 'ip', value: constraint ? formatIPRange(bytes) : formatIP(bytes) }
    }
    case 8:
      return { type: 'registeredId', value: readOid(retag(node, Tag.oid), 'registeredID') }
    default:
      bad(`Unknown GeneralName tag [${node.tag}] (at byte ${node.offset}).`)
  }
}

export function parseGeneralNames(nodes: Asn1[], constraint = false): GeneralName[] {
  return nodes.map((n) => parseGeneralName(n, constraint))
}

