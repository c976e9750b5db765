// The certificate as DER: the 'asn1' dissector's span tree beside the bytes, selectable both ways. It runs in the
// page (pure shared code), so opening the view needs no round trip to main.
import { useMemo } from 'react'
import { dissect } from '../../../../shared/dissect'
import { DissectionView } from '../../ui/DissectionView'
import { ErrorBox } from '../../ui/ErrorBox'
import { FindingList } from '../../ui/FindingList'
import { withFullValues } from './asn1-full-values'
import { pemToDer } from './model'

export function Asn1View({ certPem }: { certPem: string }) {
  const der = useMemo(() => pemToDer(certPem), [certPem])
  const dissection = useMemo(() => (der ? dissect('asn1', der) : null), [der])
  const spans = useMemo(() => (der && dissection ? withFullValues(der, dissection.spans) : []), [der, dissection])
  if (!der || !dissection) {
    return <ErrorBox error={{ code: 'INVALID_PEM', message: 'The certificate’s PEM could not be decoded in the page.' }} />
  }
  const limited = dissection.findings.some((f) => f.code === 'SPAN_LIMIT')
  return (
    // Whole values are long (a modulus is 512 hex digits): let them wrap anywhere rather than run off the pane.
    <div className="asn1-view" style={{ overflowWrap: 'anywhere' }}>
      <FindingList findings={dissection.findings} testId="asn1-findings" />
      <DissectionView
        key={certPem}
        bytes={der}
        spans={spans}
        testIdPrefix="asn1"
        treeLabel="ASN.1 tree"
        hexLabel="DER bytes"
        summary={`${dissection.spanCount.toLocaleString('en-US')} nodes · ${der.length.toLocaleString('en-US')} bytes${limited ? ' · tree cut short at the node limit' : ''}`}
      />
      <p className="muted small asn1-help">Click a node to see its whole value above the tree and highlight its bytes (header darker), or click a byte to find the field it belongs to. Hover a row for its value. Arrow keys move in the tree.</p>
    </div>
  )
}
