// One answer as dig shows it, explained: header flags and rcode in words, the sections, EDNS options, how it got
// here (each try, ID, source port, TLS certificate), copy-as-command, and the raw packet annotated byte by byte.
import { useEffect, useMemo, useState } from 'react'
import type { Span } from '../../../../shared/dissect/span'
import type { DnsFlags, DnsMessage, DnsRecord, QueryResult } from '../../../../shared/dns/model'
import { FindingList } from '../../ui/FindingList'
import { KeyValue, KeyValueGrid } from '../../ui/KeyValue'
import { formatMs } from '../../ui/Timeline'
import { FLAG_WORDS, RCODE_WORDS, grouped } from './dns-words'
import { loadPacketSpans } from './packet-spans'
import { PacketView, type PickRequest } from './PacketView'
import { RecordTable } from './RecordTable'
import { fromBase64 } from './actions'

const FLAG_ORDER: (keyof DnsFlags)[] = ['qr', 'aa', 'tc', 'rd', 'ra', 'ad', 'cd', 'z']

export function FlagChips({ flags }: { flags: DnsFlags }) {
  return (
    <div className="flags" data-testid="dns-flags">
      {FLAG_ORDER.filter((f) => f !== 'z' || flags.z).map((f) => (
        <span key={f} className={`flag ${flags[f] ? 'on' : 'off'}`} title={FLAG_WORDS[f]} aria-label={`${f.toUpperCase()} ${flags[f] ? 'set' : 'not set'}`}>
          {f.toUpperCase()}
        </span>
      ))}
    </div>
  )
}

/** The header, sections and EDNS of a message: shared by a query's answer and a decoded packet. */
export function MessageSections({ message, receivedAt, onPick }: { message: DnsMessage; receivedAt: number; onPick?: (r: DnsRecord) => void }) {
  const rcodeWords = RCODE_WORDS[message.rcode]
  return (
    <>
      {message.flags.qr ? (
        <div className="dns-header-line">
          <span className={`dns-rcode ${message.rcode === 'NOERROR' ? 'ok' : 'bad'}`} data-testid="dns-rcode">
            {message.rcode}
          </span>
          <span className="small">{rcodeWords ?? `Response code ${message.rcodeCode}.`}</span>
        </div>
      ) : (
        <div className="dns-header-line">
          <span className="dns-rcode query" data-testid="dns-rcode">
            QUERY
          </span>
          <span className="small">A query (the QR bit is clear): what a client sends, before any answer (RFC 1035 §4.1.1).</span>
        </div>
      )}
      <KeyValueGrid wideLabels>
        <KeyValue label="Opcode">{message.opcode}</KeyValue>
        <KeyValue label="Message ID" title="Random per query so an off-path spoofer must guess it (RFC 5452 §4.3)">
          {`${message.id} (0x${message.id.toString(16).padStart(4, '0')})`}
        </KeyValue>
        <KeyValue label="Flags">
          <FlagChips flags={message.flags} />
        </KeyValue>
        <KeyValue label="Question">{message.questions.map((q) => `${q.name} ${q.class} ${q.type}`).join(', ') || '(none)'}</KeyValue>
      </KeyValueGrid>
      <RecordTable title="Answer" records={message.answers} receivedAt={receivedAt} onPick={onPick} testId="dns-answer" />
      <RecordTable title="Authority" records={message.authority} receivedAt={receivedAt} onPick={onPick} testId="dns-authority" />
      <RecordTable title="Additional" records={message.additional} receivedAt={receivedAt} onPick={onPick} testId="dns-additional" />
      <section className="dns-section" aria-label="EDNS" data-testid="dns-edns">
        <h4>EDNS (OPT pseudo-record, RFC 6891)</h4>
        {message.edns ? (
          <>
            <p className="small">
              Version {message.edns.version}, UDP buffer {message.edns.udpSize} bytes, DO bit {message.edns.do ? 'set (DNSSEC records wanted)' : 'not set'}
              {message.edns.extendedRcode ? `, extended rcode bits ${message.edns.extendedRcode}` : ''}.
            </p>
            {message.edns.options.length ? (
              <ul className="dns-options small">
                {message.edns.options.map((o, i) => (
                  <li key={i}>
                    <strong>{o.name}</strong> <span className="muted">(option {o.code})</span> <span className="mono">{o.data}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted small">No options.</p>
            )}
          </>
        ) : (
          <p className="muted small">No OPT record: a plain RFC 1035 message.</p>
        )}
      </section>
      {message.findings.length ? <FindingList findings={message.findings} testId="dns-message-findings" /> : null}
    </>
  )
}

export interface ResultViewProps {
  result: QueryResult
  receivedAt: number
  /** The commands that ask the same question (dig, kdig). */
  commands: { dig: string; kdig: string }
}

async function copy(text: string, done: (what: string) => void, what: string) {
  try {
    await navigator.clipboard.writeText(text)
    done(`${what} copied`)
  } catch {
    done('Copy was refused by the browser: select the command below instead.')
  }
}

export function ResultView({ result, receivedAt, commands }: ResultViewProps) {
  const bytes = useMemo(() => fromBase64(result.raw), [result.raw])
  const [pick, setPick] = useState<PickRequest | null>(null)
  const [copied, setCopied] = useState('')
  const m = result.message
  // The packet view is drawn after the answer, in tasks of its own, so a large answer never blocks the page in one go;
  // its span tree is cut from the raw bytes off the page's thread when main left it out (see packet-spans.ts).
  const [spans, setSpans] = useState<readonly Span[] | null>(null)
  useEffect(() => {
    let live = true
    void loadPacketSpans(bytes, m).then((s) => live && setSpans(s))
    return () => {
      live = false
    }
  }, [bytes, m])
  const first = result.attempts.at(-1)
  // Functional, so two quick clicks are two picks; kept while the spans are still being cut, then applied when the
  // packet view mounts (its effect runs on mount with the latest pick).
  const onPick = (r: DnsRecord) => setPick((p) => ({ offset: r.offset, end: r.rdataOffset + r.rdataLength, seq: (p?.seq ?? 0) + 1 }))
  return (
    <div className="dns-result" data-testid="dns-result">
      <div className="card">
        <div className="dns-result-head">
          <h3>
            <span className="mono">{result.question.name}</span> {result.question.type}
          </h3>
          <span className="spacer" />
          <button type="button" className="small-button" onClick={() => void copy(commands.dig, setCopied, 'dig command')}>
            Copy as dig
          </button>
          <button type="button" className="small-button" onClick={() => void copy(commands.kdig, setCopied, 'kdig command')}>
            Copy as kdig
          </button>
        </div>
        <p className="mono small dns-command" data-testid="dns-dig-command">
          {commands.dig}
        </p>
        {copied ? (
          <p className="small muted" role="status">
            {copied}
          </p>
        ) : null}
        <KeyValueGrid wideLabels>
          <KeyValue label="Server" testId="dns-server">
            {result.server.includes(`(${result.transport.toUpperCase()})`) ? result.server : `${result.server} over ${result.transport.toUpperCase()}`}
          </KeyValue>
          <KeyValue label="Time">{formatMs(result.timeMs)}</KeyValue>
          <KeyValue label="Size">{`${grouped(m.size)} bytes received, ${first?.sentBytes ?? '?'} sent`}</KeyValue>
          <KeyValue label="Source port" title="Random per query, the other half of the guess a spoofer must make (RFC 5452 §9.2)">
            {first?.localPort ?? '—'}
          </KeyValue>
        </KeyValueGrid>
        {result.tls ? (
          <p className="small" data-testid="dns-tls">
            {result.tls.protocol ?? 'TLS'} {result.tls.cipher ?? ''} · certificate {result.tls.subject ?? '?'} issued by {result.tls.issuer ?? '?'} ·{' '}
            <strong className={result.tls.authorized ? 'good' : 'bad'}>{result.tls.authorized ? 'verified' : `not verified: ${result.tls.authorizationError ?? 'unknown reason'}`}</strong>
          </p>
        ) : null}
        <details open={result.attempts.length > 1}>
          <summary>
            {result.attempts.length} {result.attempts.length === 1 ? 'try' : 'tries'} on the wire
          </summary>
          <table className="small-table" data-testid="dns-attempts">
            <thead>
              <tr>
                <th>Transport</th>
                <th>Server</th>
                <th>ID</th>
                <th>Source port</th>
                <th>Sent</th>
                <th>Received</th>
                <th>Time</th>
                <th>Outcome</th>
              </tr>
            </thead>
            <tbody>
              {result.attempts.map((a, i) => (
                <tr key={i}>
                  <td>{a.transport.toUpperCase()}</td>
                  <td className="mono">{a.server}</td>
                  <td className="mono">{a.id}</td>
                  <td className="mono">{a.localPort ?? '—'}</td>
                  <td>{a.sentBytes} B</td>
                  <td>{a.receivedBytes === null ? '—' : `${a.receivedBytes} B`}</td>
                  <td>{formatMs(a.timeMs)}</td>
                  <td>{a.outcome}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
        {result.findings.length ? <FindingList findings={result.findings} testId="dns-findings" /> : null}
      </div>
      <div className="card">
        <MessageSections message={m} receivedAt={receivedAt} onPick={onPick} />
      </div>
      <div className="card">
        <h3>The packet, byte by byte</h3>
        <p className="muted small">Click a record above or a node here to see its bytes; click a byte to find its field. Names show their compression pointers (RFC 1035 §4.1.4).</p>
        {spans ? <PacketView key={result.raw} bytes={bytes} spans={spans} pick={pick} /> : <div className="dns-packet-placeholder muted small">Drawing the packet…</div>}
      </div>
    </div>
  )
}
