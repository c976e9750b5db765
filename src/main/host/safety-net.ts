// The last line of defence for both entries: an exception or rejection that escapes every handler is logged, and the
// process keeps serving the sessions it has, instead of dying on one hostile input.
export function installSafetyNet(log: (message: string) => void = (m) => console.error(m)): void {
  let windowStart = 0
  let reported = 0
  const report = (kind: string, err: unknown) => {
    // At most 20 lines a minute, so a flood of failures cannot turn into a flood of log lines.
    const now = Date.now()
    if (now - windowStart > 60_000) {
      windowStart = now
      reported = 0
    }
    if (++reported > 20) return
    const text = err instanceof Error ? (err.stack ?? err.message) : String(err)
    log(`wirebench: ${kind} was kept from stopping the process: ${text.slice(0, 2000)}`)
  }
  process.on('uncaughtException', (err) => report('an uncaught exception', err))
  process.on('unhandledRejection', (reason) => report('an unhandled rejection', reason))
}
