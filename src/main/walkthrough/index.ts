// The Walkthrough engine's public surface: record a real request step by step (an observer of the DNS, TLS and HTTP
// engines, re-implementing none of them), hold the session's last few, and export them.
export { recordWalkthrough, walkRequest, type RecordContext, type Recorded, type WalkInput } from './record'
export { HeldWalkthroughs, exportWalkthrough, summaryStep, summaryWalkthrough, walkthroughJson, type WalkExportFormat } from './held'
export { flattenFields } from './steps-common'
export { liveFeedPays } from './record-address'
export type { CapturedPacket } from './capture'
export { prewarmAnalysisWorker, analysisWorkerWarm, closeAnalysisWorkers } from './analysis-pool'
