// The walkthrough as a sequence diagram: an overview drawn on a canvas with time to scale (every step an arrow
// between the client, resolver and server lanes, from its start to its end; zoom around the selected step), and the
// steps one per row (only the rows in view are rendered, so 2,000 records scroll like ten), each with its arrow between
// the lanes, its title and its duration to scale. Click either to select a step.
import { useEffect, useMemo, useRef, useState, type MouseEvent } from 'react'
import type { WalkLane, WalkStep, Walkthrough } from '../../../../shared/walkthrough/model'
import { scrollRowIntoView } from '../../ui/HexView'
import { Segmented } from '../../ui/Segmented'
import { VirtualList } from '../../ui/VirtualList'
import { go } from './actions'
import { LANES, formatMs, layerInfo, timeTicks } from './walk-view'

export const ROW_HEIGHT = 28
/** Where each lane sits across the arrow column, in per cent. */
const LANE_X: Record<WalkLane, number> = { client: 14, resolver: 50, server: 86 }
const OVERVIEW_HEIGHT = 92
const TRACK_Y: Record<WalkLane, number> = { client: 14, resolver: 38, server: 62 }

/** The index of the step starting nearest to `t` (steps are sorted by start). */
function nearestStep(steps: readonly WalkStep[], t: number): number {
  let lo = 0
  let hi = steps.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (steps[mid]!.startMs < t) lo = mid + 1
    else hi = mid
  }
  const before = Math.max(0, lo - 1)
  return Math.abs(steps[before]!.startMs - t) <= Math.abs(steps[lo]!.startMs - t) ? before : lo
}

type Palette = Record<'muted' | 'border' | 'text' | 'sel' | 'accent' | 'out' | 'in' | 'good', string>

/** The theme's colours for the canvas, read once per theme (reading computed style forces a style pass). */
function readPalette(el: Element): Palette {
  const style = getComputedStyle(el)
  const v = (name: string) => style.getPropertyValue(`--${name}`).trim() || '#888'
  return { muted: v('muted'), border: v('border'), text: v('text'), sel: v('sel'), accent: v('accent'), out: v('out'), in: v('in'), good: v('good') }
}

/** The overview: lanes as horizontal tracks, time to scale left to right. */
function Overview({ walk, index }: { walk: Walkthrough; index: number }) {
  const canvas = useRef<HTMLCanvasElement>(null)
  const [width, setWidth] = useState(600)
  const [zoom, setZoom] = useState<'1' | '4' | '16' | '64'>('1')
  const [palette, setPalette] = useState<Palette | null>(null)
  const total = Math.max(walk.totalMs, ...walk.steps.slice(-1).map((s) => s.startMs + s.durationMs), 0.001)
  const selected = walk.steps[index]
  const span = total / Number(zoom)
  const from = Math.max(0, Math.min(total - span, (selected ? selected.startMs + selected.durationMs / 2 : 0) - span / 2))
  const ticks = useMemo(() => timeTicks(span, Math.max(2, Math.floor(width / 110))).map((t) => t + from), [span, from, width])

  useEffect(() => {
    const el = canvas.current?.parentElement
    if (!el) return
    const observer = new ResizeObserver(() => setWidth(el.clientWidth))
    observer.observe(el)
    const media = matchMedia('(prefers-color-scheme: dark)')
    const onScheme = () => canvas.current && setPalette(readPalette(canvas.current))
    // The width and the theme's colours are read at the next frame, not in the task that mounts a walk of a
    // thousand rows: reading them here would force that whole layout inside it.
    const frame = requestAnimationFrame(() => {
      setWidth(el.clientWidth)
      onScheme()
    })
    media.addEventListener('change', onScheme)
    return () => {
      cancelAnimationFrame(frame)
      observer.disconnect()
      media.removeEventListener('change', onScheme)
    }
  }, [])

  useEffect(() => {
    const c = canvas.current
    if (!c || !palette) return
    const dpr = window.devicePixelRatio || 1
    // Setting a canvas's size reallocates it: only when it changed.
    if (c.width !== Math.round(width * dpr)) c.width = Math.round(width * dpr)
    if (c.height !== Math.round(OVERVIEW_HEIGHT * dpr)) c.height = Math.round(OVERVIEW_HEIGHT * dpr)
    const g = c.getContext('2d')
    if (!g) return
    g.setTransform(dpr, 0, 0, dpr, 0, 0)
    g.clearRect(0, 0, width, OVERVIEW_HEIGHT)
    const left = 64
    const right = width - 10
    const x = (t: number) => left + ((t - from) / span) * (right - left)
    const { muted, border } = palette
    g.font = '11px system-ui, sans-serif'
    g.textBaseline = 'middle'
    for (const lane of LANES) {
      g.strokeStyle = border
      g.lineWidth = 1
      g.beginPath()
      g.moveTo(left, TRACK_Y[lane])
      g.lineTo(right, TRACK_Y[lane])
      g.stroke()
      g.fillStyle = muted
      g.fillText(lane, 6, TRACK_Y[lane])
    }
    g.textBaseline = 'alphabetic'
    for (const t of ticks) {
      const tx = x(t)
      g.fillStyle = border
      g.fillRect(tx, 70, 1, 5)
      g.fillStyle = muted
      g.fillText(formatMs(t), Math.min(tx + 2, right - 44), 86)
    }
    const colours = { application: palette.accent, presentation: palette.out, session: palette.out, transport: palette.in, network: palette.good, link: muted }
    // Steps outside the window are skipped; a long walkthrough draws only what is in view.
    walk.steps.forEach((s, i) => {
      if (s.startMs + s.durationMs < from || s.startMs > from + span || i === index) return
      g.strokeStyle = colours[s.layer] ?? muted
      g.lineWidth = 1.2
      g.beginPath()
      g.moveTo(x(s.startMs), TRACK_Y[s.from])
      g.lineTo(Math.max(x(s.startMs + s.durationMs), x(s.startMs) + 1), TRACK_Y[s.to] + (s.from === s.to ? 0.01 : 0))
      g.stroke()
    })
    if (selected) {
      const sx = x(selected.startMs)
      g.fillStyle = palette.sel
      g.fillRect(sx - 1, 2, Math.max(3, x(selected.startMs + selected.durationMs) - sx + 2), 70)
      g.strokeStyle = palette.text
      g.lineWidth = 2.5
      g.beginPath()
      g.moveTo(sx, TRACK_Y[selected.from])
      g.lineTo(Math.max(x(selected.startMs + selected.durationMs), sx + 2), TRACK_Y[selected.to])
      g.stroke()
    }
  }, [walk, index, width, from, span, ticks, selected, palette])

  const onClick = (e: MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect()
    const t = from + ((e.clientX - r.left - 64) / (width - 74)) * span
    if (walk.steps.length) go(nearestStep(walk.steps, t))
  }

  return (
    <div className="walk-overview">
      <div className="walk-overview-head small">
        <span className="muted">Time to scale: each line is a step from its lane to the other, from its start to its end</span>
        <span className="spacer" />
        <Segmented label="Zoom" options={[['1', 'Whole'], ['4', '4×'], ['16', '16×'], ['64', '64×']] as const} value={zoom} onChange={setZoom} />
      </div>
      <div className="walk-canvas-wrap">
        <canvas
          ref={canvas}
          style={{ width, height: OVERVIEW_HEIGHT }}
          onClick={onClick}
          role="img"
          aria-label={`Overview of ${walk.steps.length} steps over ${formatMs(total)}, time to scale; step ${index + 1} is marked`}
          data-testid="walk-overview"
        />
      </div>
    </div>
  )
}

function Arrow({ step }: { step: WalkStep }) {
  const a = LANE_X[step.from]
  const b = LANE_X[step.to]
  if (a === b) return <span className="walk-self" style={{ left: `calc(${a}% - 5px)` }} aria-hidden="true" />
  const leftToRight = b > a
  return (
    <span className={`walk-arrow ${leftToRight ? 'ltr' : 'rtl'}`} style={{ left: `${Math.min(a, b)}%`, width: `${Math.abs(b - a)}%` }} aria-hidden="true">
      <span className="walk-arrow-head" />
    </span>
  )
}

export function SequenceDiagram({ walk, index }: { walk: Walkthrough; index: number }) {
  const wrap = useRef<HTMLDivElement>(null)
  const steps = walk.steps
  const total = Math.max(walk.totalMs, 0.001)

  useEffect(() => {
    requestAnimationFrame(() => scrollRowIntoView(wrap.current, index, ROW_HEIGHT))
  }, [index, walk])

  return (
    <div className="walk-diagram">
      <Overview walk={walk} index={index} />
      <div className="walk-steps-head small muted" aria-hidden="true">
        <span className="walk-col-time">start</span>
        <span className="walk-col-lanes">
          {LANES.map((l) => (
            <span key={l} className="walk-lane-name" style={{ left: `${LANE_X[l]}%` }}>
              {l}
            </span>
          ))}
        </span>
        <span className="walk-col-title"> step</span>
        <span className="walk-col-dur">duration, to scale</span>
      </div>
      <div className="walk-steps" ref={wrap}>
        <VirtualList
          label="Steps"
          testId="walk-steps"
          count={steps.length}
          rowHeight={ROW_HEIGHT}
          overscan={4}
          renderRow={(i) => {
            const s = steps[i]!
            const l = layerInfo(s.layer)
            return (
              <div className={`walk-step lyr-${s.layer} ${i === index ? 'selected' : ''}`} onClick={() => go(i)} aria-selected={i === index} data-index={i} title={`${s.title} — ${l.number} ${l.name} layer, ${s.direction}`}>
                <span className="walk-col-time mono">{formatMs(s.startMs)}</span>
                <span className="walk-col-lanes">
                  <span className="walk-lane" style={{ left: `${LANE_X.client}%` }} />
                  <span className="walk-lane" style={{ left: `${LANE_X.resolver}%` }} />
                  <span className="walk-lane" style={{ left: `${LANE_X.server}%` }} />
                  <Arrow step={s} />
                </span>
                <span className="walk-col-title">
                  <span className="walk-step-no">{i + 1}</span>
                  <span className="walk-title-text">{s.title}</span>
                  {s.decrypted ? <span className="walk-tag">decrypted</span> : null}
                </span>
                <span className="walk-col-dur">
                  <span className="walk-dur-track">
                    <span className="walk-dur-bar" style={{ left: `${(s.startMs / total) * 100}%`, width: `max(2px, ${(s.durationMs / total) * 100}%)` }} />
                  </span>
                  <span className="walk-dur-ms mono">{formatMs(s.durationMs)}</span>
                </span>
              </div>
            )
          }}
        />
      </div>
    </div>
  )
}
