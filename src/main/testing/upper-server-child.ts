// `serve upper` alone in a process of its own, so the load test can read the server's memory (VmRSS) apart from
// its hostile clients'. Limits come as JSON in argv[2]; it prints {"port":N}, answers each "stats" line on stdin
// with its counters and queued bytes as one JSON line, and stops when stdin closes.
import { serverStartInput } from '../../shared/contract'
import type { EngineEvents } from '../core/events'
import { Servers } from '../net/servers'

const quiet: EngineEvents = { emit: () => {}, data: () => {}, note: () => {} }
const servers = new Servers(quiet)
servers
  .start(serverStartInput.parse({ behaviour: 'upper', limits: JSON.parse(process.argv[2] ?? '{}') }))
  .then((info) => {
    process.stdout.write(`${JSON.stringify({ port: info.port })}\n`)
    process.stdin.setEncoding('utf8')
    process.stdin.on('data', (text: string) => {
      const asked = text.split('\n').filter((l) => l.trim() === 'stats').length
      const answer = `${JSON.stringify({ stats: servers.list()[0]!.stats, queuedBytes: servers.queuedBytes(info.id) })}\n`
      process.stdout.write(answer.repeat(asked))
    })
    // The parent holds stdin: when it goes, so does this server.
    process.stdin.on('end', () => void servers.stopAll().then(() => process.exit(0)))
  })
  .catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`)
    process.exit(1)
  })
