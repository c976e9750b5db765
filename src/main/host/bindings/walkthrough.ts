// Binds the Walkthrough area: recording is a cancellable job (DNS, capture, the request, decryption); the session
// holds its last few walkthroughs with their packets and secrets for the exports and for the steps the page shows one at
// a time (walk.step), and drops them when it ends.
import type { walkthroughMethods } from '../../../shared/contract/walkthrough'
import { HeldWalkthroughs, prewarmAnalysisWorker, recordWalkthrough, summaryWalkthrough } from '../../walkthrough'
import type { Binding } from './binding'

export function bindWalkthrough(): Binding<keyof typeof walkthroughMethods> {
  const held = new HeldWalkthroughs()
  // the first walk should not wait for the analysis worker to start
  prewarmAnalysisWorker()
  return {
    handlers: {
      'walk.record': async (input, job) => {
        const { walkthrough, packets } = await recordWalkthrough(input, { signal: job.signal, progress: job.progress })
        held.add(walkthrough, packets)
        // The page asks for a summary and then for each step it shows (walk.step): a big walkthrough stays a small message.
        return input.detail === 'summary' ? summaryWalkthrough(walkthrough) : walkthrough
      },
      'walk.step': ({ id, step }) => held.step(id, step),
      'walk.export': ({ id, format }) => held.export(id, format),
      'walk.list': () => held.list(),
      'walk.forget': ({ id }) => {
        held.forget(id)
        return { ok: true }
      }
    },
    dispose() {
      held.clear()
    }
  }
}
