// Vitest setup: a test that fails an attempt prints why, so one that passes on its retry (vitest.config.mts allows
// one) still leaves the first failure's words in the CI log next to the "unit retried" line.
import { beforeEach } from 'vitest'

beforeEach(({ task, onTestFailed }) => {
  onTestFailed(() => {
    const first = task.result?.errors?.[0]
    const why = String(first?.message ?? first ?? 'no message').split('\n')[0]?.slice(0, 300)
    console.log(`unit attempt failed: ${task.file?.name ?? ''} › ${task.name}: ${why}`)
  })
})
