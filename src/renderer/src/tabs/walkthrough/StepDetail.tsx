// One step in full: what happened and when, the OSI layer it belongs to (highlighted among the others, with what that
// layer does), its bytes and fields selectable both ways (plaintext or as on the wire for a decrypted record), the
// explanation with its RFC, the "show the calculation" panels with this connection's own secrets, where it differs
// from the textbook handshake of RFC 8448, its findings, and its certificates one click from the Certificates tab. The
// bytes and fields come from main when the step is shown (./actions fetches them); the words show at once meanwhile.
import { useEffect, useMemo, useRef, useState } from 'react'
import type { WalkCalculation, WalkStep, Walkthrough } from '../../../../shared/walkthrough/model'
import type { WireError } from '../../../../shared/errors'
import { fromBase64 } from '../../../../shared/bytes'
import { encodeBase64, encodePem } from '../../../../shared/x509/pem'
import { api } from '../../app/api'
import { shellStore } from '../../app/shell-store'
import { useField, useStore } from '../../app/store'
import { DissectionView } from '../../ui/DissectionView'
import { ErrorBox } from '../../ui/ErrorBox'
import { FindingList } from '../../ui/FindingList'
import { Segmented } from '../../ui/Segmented'
import { certActions } from '../certificates/store'
import { detailKey, walkStore, type StepDetailEntry } from './store'
import { grouped } from '../../ui/numbers'
import { LAYERS, formatBytes, formatMs, layerInfo, stepBytes } from './walk-view'

function LayerRibbon({ step }: { step: WalkStep }) {
  const here = layerInfo(step.layer)
  return (
    <div className="walk-layers">
      <ol className="walk-ribbon" aria-label="OSI layers">
        {LAYERS.map((l) => (
          <li key={l.id} className={l.id === step.layer ? `on lyr-${l.id}` : ''} aria-current={l.id === step.layer ? 'true' : undefined} title={l.does}>
            <span className="walk-ribbon-no">{l.number}</span> {l.name}
          </li>
        ))}
      </ol>
      <p className="small walk-layer-words" data-testid="walk-layer">
        <strong>
          Layer {here.number}, {here.name}:
        </strong>{' '}
        {here.does}
      </p>
    </div>
  )
}

function Calculation({ calc }: { calc: WalkCalculation }) {
  return (
    <details className="walk-calc">
      <summary>
        Show the calculation: {calc.title}
        {calc.verified === true ? <span className="walk-badge ok">verified</span> : calc.verified === false ? <span className="walk-badge bad">does not match</span> : null}
      </summary>
      <p className="small muted">Following {calc.source}, with this connection’s own values:</p>
      <dl className="walk-calc-lines">
        {calc.lines.map((l, i) => (
          <div key={i} className="walk-calc-line">
            <dt>{l.label}</dt>
            <dd className="mono">{l.value}</dd>
            {l.note ? <dd className="small muted walk-calc-note">{l.note}</dd> : null}
          </div>
        ))}
      </dl>
    </details>
  )
}

/** Reads the step's certificates with main's reader and shows them in the Certificates tab, leaf selected. */
async function openCertificates(certs: string[], source: string): Promise<WireError | null> {
  const pem = certs.map((b) => encodePem(fromBase64(b), 'CERTIFICATE')).join('')
  const r = await api.runJob('x509.open', { name: source, data: encodeBase64(new TextEncoder().encode(pem)) })
  if (!r.ok) return r.error
  const infos = r.value.items.flatMap((it) => (it.kind === 'certificate' ? [it.certificate] : []))
  const uids = certActions.addCertificates(infos, source)
  if (uids[0] !== undefined) certActions.select(uids[0])
  certActions.show('open')
  shellStore.set({ activeTab: 'certificates' })
  return null
}

function Certificates({ step, walk }: { step: WalkStep; walk: Walkthrough }) {
  const [error, setError] = useState<WireError | null>(null)
  const [busy, setBusy] = useState(false)
  const certs = step.certificatesBase64 ?? []
  if (!certs.length) return null
  const source = `walkthrough of ${walk.url} (${walk.remote.address}:${walk.remote.port})`
  return (
    <div className="walk-certs">
      <span className="small">
        This step carries {certs.length} certificate{certs.length === 1 ? '' : 's'}, leaf first, as the server sent {certs.length === 1 ? 'it' : 'them'} (RFC 8446 §4.4.2).
      </span>
      <button
        type="button"
        className="small-button"
        disabled={busy}
        data-testid="walk-open-certs"
        onClick={() => {
          setBusy(true)
          void openCertificates(certs, source).then((e) => {
            setError(e)
            setBusy(false)
          })
        }}
      >
        Open in Certificates
      </button>
      <ErrorBox error={error} onDismiss={() => setError(null)} />
    </div>
  )
}

function Bytes({ step }: { step: WalkStep }) {
  const [showWire, setShowWire] = useField(walkStore, 'showWire')
  const shown = useMemo(() => stepBytes(step, showWire), [step, showWire])
  if (!step.bytesHex && !step.wireHex) return <p className="small muted">No bytes: this step is what the operating system or a socket reported, not something that crossed the wire.</p>
  const cut = shown.total > shown.bytes.length ? ` · showing the first ${formatBytes(shown.bytes.length)} of ${formatBytes(shown.total)}` : ''
  return (
    // A field picked in the tree (or a byte in the hex) brings the whole tree-and-hex block into view, so the lit
    // bytes are never left below the fold of the detail pane.
    <div className="walk-bytes" onClick={(e) => (e.target as HTMLElement).closest('.dissection')?.scrollIntoView({ block: 'nearest' })}>
      {step.wireHex ? (
        <div className="walk-bytes-head">
          <Segmented
            label="Bytes shown"
            options={[
              ['plain', step.decrypted ? 'Decrypted plaintext' : 'Message'],
              ['wire', 'On the wire (encrypted)']
            ] as const}
            value={shown.wire ? 'wire' : 'plain'}
            onChange={(v) => setShowWire(v === 'wire')}
          />
          <span className="small muted">
            {shown.wire
              ? 'The record exactly as it crossed the network: a 5-byte header and ciphertext with its 16-byte tag (RFC 8446 §5.2). Without the keys it is noise.'
              : 'Decrypted with the secrets from this connection’s key log, the AEAD tag checked (RFC 8446 §5.2).'}
          </span>
        </div>
      ) : null}
      <DissectionView
        key={`${step.id}-${shown.wire}`}
        bytes={shown.bytes}
        spans={shown.spans}
        testIdPrefix="walk-step"
        treeLabel={`Fields of ${step.title}`}
        hexLabel={`Bytes of ${step.title}`}
        summary={`${formatBytes(shown.total)}${cut}`}
      />
    </div>
  )
}

/** A summarised step's bytes and fields once main has sent them; until then a line saying they are coming. */
function DetailBytes({ step, entry }: { step: WalkStep; entry: StepDetailEntry | undefined }) {
  if (!step.hasDetail) return <Bytes step={step} />
  if (entry && 'step' in entry) return <Bytes step={entry.step} />
  if (entry && 'error' in entry) return <ErrorBox error={entry.error} />
  return (
    <p className="small muted walk-bytes-loading" role="status" data-testid="walk-step-loading">
      Loading this step’s {step.byteLength ? formatBytes(step.byteLength) : 'bytes'} and fields…
    </p>
  )
}

export function StepDetail({ walk, index }: { walk: Walkthrough; index: number }) {
  const step = walk.steps[index]
  const entry = useStore(walkStore, (s) => (step?.hasDetail ? s.details[detailKey(walk.id, step.id)] : undefined))
  const article = useRef<HTMLElement>(null)
  // Each step is read from its top: what happened first, then its layer, then its bytes.
  // (At the next frame: setting it at once would force the layout of a whole new walk inside the task that shows it.)
  useEffect(() => {
    const el = article.current
    if (!el) return
    const frame = requestAnimationFrame(() => (el.scrollTop = 0))
    return () => cancelAnimationFrame(frame)
  }, [step?.id, walk.id])
  if (!step) return <p className="muted">This walkthrough has no steps.</p>
  return (
    <article ref={article} className="walk-detail" aria-label={`Step ${index + 1}: ${step.title}`} data-testid="walk-step-detail" data-step={index + 1}>
      <header className="walk-detail-head">
        <h3 data-testid="walk-step-title">{step.title}</h3>
        <span className="small muted">
          Step {index + 1} of {grouped(walk.steps.length)} · at {formatMs(step.startMs)} · took {formatMs(step.durationMs)} · {step.direction}
        </span>
        {step.decrypted ? <span className="walk-badge ok">decrypted with the key log</span> : null}
      </header>
      <LayerRibbon step={step} />
      <section className="walk-explain">
        <p data-testid="walk-explain">{step.explain}</p>
        {step.source ? (
          <p className="small walk-source" data-testid="walk-source">
            From <strong>{step.source}</strong>
          </p>
        ) : null}
      </section>
      <DetailBytes step={step} entry={entry} />
      {step.calculations?.length ? (
        <section className="walk-calcs" data-testid="walk-calcs">
          {step.calculations.map((c, i) => (
            <Calculation key={`${step.id}-${i}`} calc={c} />
          ))}
        </section>
      ) : null}
      <Certificates step={step} walk={walk} />
      {step.textbook?.length ? (
        <section className="walk-textbook" data-testid="walk-textbook">
          <h4>Compared with the textbook (RFC 8448 §3, a simple 1-RTT handshake)</h4>
          <ul>
            {step.textbook.map((t, i) => (
              <li key={i}>{t}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {step.findings?.length ? <FindingList findings={step.findings} testId="walk-step-findings" /> : null}
    </article>
  )
}
