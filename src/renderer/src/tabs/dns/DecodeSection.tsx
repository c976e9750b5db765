// Decode pasted hex (from Wireshark, tcpdump -X, a log) into the same sections and annotated packet as a live
// answer, so a capture can be read the same way.
import { useState } from 'react'
import type { DnsRecord } from '../../../../shared/dns/model'
import { useField, useStore } from '../../app/store'
import { ErrorBox } from '../../ui/ErrorBox'
import { PacketView, type PickRequest } from './PacketView'
import { MessageSections } from './ResultView'
import { runDecode } from './actions'
import { dnsStore } from './store'

export function DecodeSection() {
  const [hex, setHex] = useField(dnsStore, 'hex')
  const [error, setError] = useField(dnsStore, 'decodeError')
  const decoded = useStore(dnsStore, (s) => s.decoded)
  const bytes = useStore(dnsStore, (s) => s.decodedBytes)
  const [pick, setPick] = useState<PickRequest | null>(null)
  const onPick = (r: DnsRecord) => setPick({ offset: r.offset, end: r.rdataOffset + r.rdataLength, seq: (pick?.seq ?? 0) + 1 })
  return (
    <div className="dns-decode">
      <form className="card" aria-label="Decode a DNS message" onSubmit={(e) => (e.preventDefault(), void runDecode())}>
        <h3>Decode a DNS message</h3>
        <label>
          The message as hex (the UDP payload, or a TCP message without its 2-byte length); spaces, colons, 0x and offsets are fine
          <textarea className="mono" rows={5} value={hex} onChange={(e) => setHex(e.target.value)} aria-label="Message hex" spellCheck={false} placeholder="12 34 01 00 00 01 00 00 00 00 00 00 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00 00 01 00 01" />
        </label>
        <div className="dns-bar-row">
          <button type="submit" className="primary">
            Decode
          </button>
        </div>
        {error ? (
          <div data-testid="decode-error">
            <ErrorBox error={error} onDismiss={() => setError(null)} />
          </div>
        ) : null}
      </form>
      {decoded && bytes ? (
        <>
          <div className="card" data-testid="decode-result">
            <MessageSections message={decoded} receivedAt={0} onPick={onPick} />
          </div>
          <div className="card">
            <h3>The packet, byte by byte</h3>
            <PacketView key={decoded.size + ':' + hex.length} bytes={bytes} spans={decoded.spans} pick={pick} testIdPrefix="decode-packet" />
          </div>
        </>
      ) : null}
    </div>
  )
}
