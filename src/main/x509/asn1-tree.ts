// The ASN.1 tree the inspection result carries, read by the shared 'asn1' dissector. The contract's tree needs a
// root, so input whose first header cannot be read is an INVALID_DER error here rather than an empty tree.
import { readAsn1Tree } from '../../shared/dissect/asn1'
import { WirebenchError } from '../../shared/errors'
import type { Asn1Tree } from './types'

export interface Asn1TreeOptions {
  /** Stop adding nodes after this many (default 10,000). */
  maxNodes?: number
}

export function asn1Tree(der: Uint8Array, options: Asn1TreeOptions = {}): Asn1Tree {
  const { tree, findings } = readAsn1Tree(der, { maxSpans: options.maxNodes })
  if (!tree) throw new WirebenchError('INVALID_DER', findings[0]?.message ?? 'No ASN.1 element could be read.')
  return tree
}
