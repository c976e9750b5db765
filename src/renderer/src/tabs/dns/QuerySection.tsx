// The query section: the bar, then what came back — a list of (resolver, type) answers to pick from, the compare
// table when several resolvers were asked, and the picked answer in full.
import { useDeferredValue } from 'react'
import type { Lookup, LookupItem } from '../../../../shared/dns/model'
import { useField, useStore } from '../../app/store'
import { ErrorBox } from '../../ui/ErrorBox'
import { formatMs } from '../../ui/Timeline'
import { CompareTable } from './CompareTable'
import { digCommand } from './dig-command'
import { QueryBar } from './QueryBar'
import { ResultView } from './ResultView'
import { SystemLookupView } from './MachineSection'
import { dnsStore } from './store'

export const itemKey = (i: LookupItem): string => `${i.resolver}|${i.type}`

function ItemList({ lookup, shown, onShow }: { lookup: Lookup; shown: string | null; onShow: (k: string) => void }) {
  return (
    <ul className="dns-items" aria-label="Answers" data-testid="dns-items">
      {lookup.items.map((i) => {
        const k = itemKey(i)
        const m = i.result?.message
        return (
          <li key={k}>
            <button type="button" className={`dns-item ${k === shown ? 'selected' : ''}`} onClick={() => onShow(k)} aria-current={k === shown}>
              <span className="mono dns-item-type">{i.type}</span>
              {lookup.items.some((x) => x.resolver !== i.resolver) ? <span className="mono small dns-item-resolver">{i.resolver}</span> : null}
              {i.system && !i.system.error ? (
                <span className="small">
                  {i.system.addresses.length} address{i.system.addresses.length === 1 ? '' : 'es'} · {formatMs(i.system.timeMs)}
                </span>
              ) : m ? (
                <span className={`small ${m.rcode === 'NOERROR' ? '' : 'bad'}`}>
                  {m.rcode === 'NOERROR' ? `${m.answers.length} answer${m.answers.length === 1 ? '' : 's'}` : m.rcode} · {formatMs(i.result!.timeMs)}
                </span>
              ) : (
                <span className="small bad">{i.error?.code ?? 'no answer'}</span>
              )}
            </button>
          </li>
        )
      })}
    </ul>
  )
}

export function QuerySection() {
  // Deferred: a large answer renders in an interruptible background pass, so typing and clicks stay quick.
  const lookup = useDeferredValue(useStore(dnsStore, (s) => s.lookup))
  const at = useStore(dnsStore, (s) => s.lookupAt)
  const options = useStore(dnsStore, (s) => s.options)
  const transport = useStore(dnsStore, (s) => s.transport)
  const reverse = useStore(dnsStore, (s) => s.reverse)
  // While asking, or when the question was refused, the intro would only push the error's words aside.
  const asking = useStore(dnsStore, (s) => !!s.lookupJob || !!s.lookupError)
  const [shown, setShown] = useField(dnsStore, 'shownItem')
  const item = lookup?.items.find((i) => itemKey(i) === shown) ?? lookup?.items[0] ?? null
  const resolvers = lookup ? [...new Set(lookup.items.map((i) => i.resolver))] : []
  return (
    <div className="dns-query">
      <QueryBar />
      {lookup ? (
        <div className="dns-results">
          <div className="dns-lookup-head small">
            {lookup.reverse ? (
              <span>
                Reverse lookup of <span className="mono">{lookup.reverse.address}</span>: asked PTR for <span className="mono">{lookup.reverse.name}</span> (RFC 1035 §3.5, RFC 3596 §2.5).
              </span>
            ) : null}
            {lookup.idna ? (
              <span>
                International name <span className="mono">{lookup.idna.unicode}</span> is sent as <span className="mono">{lookup.idna.ascii}</span> (IDNA, RFC 5891).
              </span>
            ) : null}
          </div>
          {resolvers.length > 1 ? <CompareTable lookup={lookup} /> : null}
          <div className="dns-results-grid">
            {lookup.items.length > 1 ? <ItemList lookup={lookup} shown={item ? itemKey(item) : null} onShow={setShown} /> : null}
            <div className="dns-item-detail">
              {item?.result ? (
                <ResultView
                  key={itemKey(item)}
                  result={item.result}
                  receivedAt={at}
                  commands={{
                    dig: digCommand({ name: lookup.reverse?.address ?? lookup.name, type: item.type, resolver: item.resolver, transport, reverse: reverse && !!lookup.reverse, options }, 'dig'),
                    kdig: digCommand({ name: lookup.reverse?.address ?? lookup.name, type: item.type, resolver: item.resolver, transport, reverse: reverse && !!lookup.reverse, options }, 'kdig')
                  }}
                />
              ) : item?.system ? (
                <div className="card">
                  <h3>
                    <span className="mono">{lookup.name}</span> {item.type} from the operating system (getaddrinfo)
                  </h3>
                  <p className="muted small">No DNS message here: getaddrinfo returns addresses only, from the hosts file or the resolv.conf servers.</p>
                  <SystemLookupView gai={item.system} testId="dns-system-answer" />
                </div>
              ) : item?.error ? (
                <div data-testid="dns-item-error">
                  <ErrorBox error={{ code: item.error.code as never, message: `${item.resolver} · ${item.type}: ${item.error.message}`, detail: item.error.detail }} />
                </div>
              ) : (
                <p className="muted">No answer.</p>
              )}
            </div>
          </div>
        </div>
      ) : asking ? null : (
        <div className="empty-state">
          <h2>Ask any resolver anything</h2>
          <p>
            Type a name and press Ask. Pick several types (or ALL), give several resolvers separated by commas to compare them side by side, and open the options to set the
            flags and EDNS options a query carries. Every answer comes with its raw packet, annotated byte by byte.
          </p>
        </div>
      )}
    </div>
  )
}
