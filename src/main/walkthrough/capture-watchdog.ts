// tcpdump runs as root and writes nothing while its filter matches nothing, so it would outlive a parent that died
// without running its 'exit' handlers (SIGKILL, SIGTERM, a test worker torn down). A tiny shell holds a pipe from us:
// when our end closes, however we died, it stops tcpdump (SIGINT, then SIGKILL).
import { spawn, type ChildProcess } from 'node:child_process'

export function guardChild(child: ChildProcess): () => void {
  if (!child.pid) return () => undefined
  const pid = child.pid
  let dog: ChildProcess | null = null
  try {
    dog = spawn('/bin/sh', ['-c', `cat >/dev/null; kill -INT ${pid} 2>/dev/null; sleep 1; kill -KILL ${pid} 2>/dev/null`], { stdio: ['pipe', 'ignore', 'ignore'] })
  } catch {
    return () => undefined
  }
  dog.on('error', () => undefined)
  dog.stdin?.on('error', () => undefined)
  // Neither the shell nor its pipe may keep this process alive.
  dog.unref()
  ;(dog.stdin as unknown as { unref?: () => void } | null)?.unref?.()
  // Called once tcpdump has exited: the shell must not signal a pid that may be reused.
  return () => {
    if (dog && dog.exitCode === null && dog.signalCode === null) dog.kill('SIGKILL')
    dog = null
  }
}
