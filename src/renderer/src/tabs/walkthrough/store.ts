// The Walkthrough tab's state outside its components: the form as typed, the running recording with its Cancel, the
// walkthrough shown and which step is selected (and whether it plays), the TLS 1.2 / 1.3 comparison and the exports,
// so a tab switch loses nothing. Jobs and the play timer are started from ./actions, never from a component. A
// walkthrough arrives as a summary (no bytes, no fields); the steps shown are fetched in full and a few are kept here.
import type { JobProgress } from '../../../../shared/contract'
import type { WireError } from '../../../../shared/errors'
import type { WalkStep, Walkthrough } from '../../../../shared/walkthrough/model'
import type { JobHandle } from '../../app/api'
import { createStore } from '../../app/store'

export type Section = 'walk' | 'compare'
export type ExportFormat = 'json' | 'html' | 'keylog' | 'pcapng'

/** The form as the user typed it: text stays text until "Walk" is pressed. */
export interface WalkForm {
  url: string
  /** Connect here instead of looking the host up (curl --resolve). */
  address: string
  /** A DNS server (ADDRESS or ADDRESS:PORT); '' asks the system's first nameserver. */
  resolver: string
  protocol: 'auto' | 'http1.1' | 'http2'
  tlsVersion: 'auto' | '1.2' | '1.3'
  capture: boolean
  verify: boolean
  caPem: string
  /** A raw HTTP/1.1 request taken from the HTTP tab, sent as it is (null: a GET built from the URL). */
  raw: string | null
}

/** A job while it runs: its handle (to cancel) and its latest progress. */
export interface Running {
  handle: JobHandle<unknown> | null
  progress: JobProgress | null
}

/** One side of the TLS 1.2 / 1.3 comparison: its walkthrough, or why it could not be made. */
export type CompareSide = { walk: Walkthrough } | { error: WireError } | null

/** A walkthrough main holds for this session (walk.list). */
export interface HeldWalk {
  id: string
  url: string
  startedAt: number
  steps: number
}

/** A step's bytes and fields as main gave them (walk.step), while they come, or why they could not. */
export type StepDetailEntry = { step: WalkStep } | { error: WireError } | { loading: true }

/** Where a step's detail is kept in WalkState.details. */
export const detailKey = (walkId: string, stepId: string): string => `${walkId}/${stepId}`

export interface WalkState {
  section: Section
  form: WalkForm
  job: Running | null
  walk: Walkthrough | null
  error: WireError | null
  /** Index of the selected step in walk.steps. */
  index: number
  playing: boolean
  /** For a decrypted step: show the record as it crossed the wire instead of the plaintext. */
  showWire: boolean
  exporting: ExportFormat | null
  exportError: WireError | null
  compare: { tls12: CompareSide; tls13: CompareSide } | null
  compareJob: Running | null
  compareError: WireError | null
  held: HeldWalk[] | null
  heldError: WireError | null
  /** Details of the steps last shown or prefetched (newest last, bounded by DETAILS_KEPT in ./actions). */
  details: Record<string, StepDetailEntry>
}

export const DEFAULT_FORM: WalkForm = {
  url: 'https://localhost/',
  address: '',
  resolver: '',
  protocol: 'auto',
  tlsVersion: 'auto',
  capture: true,
  verify: true,
  caPem: '',
  raw: null
}

export const walkStore = createStore<WalkState>({
  section: 'walk',
  form: DEFAULT_FORM,
  job: null,
  walk: null,
  error: null,
  index: 0,
  playing: false,
  showWire: false,
  exporting: null,
  exportError: null,
  compare: null,
  compareJob: null,
  compareError: null,
  held: null,
  heldError: null,
  details: {}
})

/** Patch the form. */
export const setForm = (patch: Partial<WalkForm>): void => walkStore.set((s) => ({ ...s, form: { ...s.form, ...patch } }))
