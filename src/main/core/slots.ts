// A counting gate for work that must not all run at once (worker pools): acquire waits for a free slot, in order, and
// gives up with the caller's own error when its signal aborts while waiting.
export interface Slots {
  acquire(signal?: AbortSignal): Promise<void>
  release(): void
  /** Slots taken now. */
  readonly running: number
}

export function createSlots(max: number, cancelled: () => Error): Slots {
  const waiting: (() => void)[] = []
  let running = 0
  return {
    get running() {
      return running
    },
    async acquire(signal) {
      if (signal?.aborted) throw cancelled()
      if (running < max) {
        running++
        return
      }
      await new Promise<void>((resolve, reject) => {
        const go = (): void => {
          signal?.removeEventListener('abort', onAbort)
          running++
          resolve()
        }
        const onAbort = (): void => {
          waiting.splice(waiting.indexOf(go), 1)
          reject(cancelled())
        }
        signal?.addEventListener('abort', onAbort, { once: true })
        waiting.push(go)
      })
    },
    release() {
      running--
      waiting.shift()?.()
    }
  }
}
