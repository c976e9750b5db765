// `wirebench ws URL [--send TEXT]...`: the HTTP tab's WebSocket panel on the command line — the upgrade and the 101
// as they crossed, then every frame both ways, one line each, close codes in words.
import { wsConnectInput, type WsFrameRow } from '../../../shared/contract/ws'
import { WirebenchError } from '../../../shared/errors'
import { openWebSocket } from '../../http/ws-client'
import { parseWsUrl } from '../../http/ws-upgrade'
import { termSafe } from '../http-format'
import { list, numberOption, output, parse, readTextFile, UsageError } from '../kit'

const MAX_SHOWN = 200

/** One frame as a line: `> text "hello"`, `< close 1000 (Normal closure…) "bye"`, `< binary 3 bytes 01 02 03`. */
export function frameLine(r: WsFrameRow): string {
  const arrow = r.dir === 'sent' ? '>' : '<'
  const flags = `${r.fin ? '' : ' (not FIN)'}${r.findings?.some((f) => f.code === 'WS_AUTO_PONG' || f.code === 'WS_CLOSE_ECHO') ? ' (automatic)' : ''}`
  if (r.close) return `${arrow} close ${r.close.code ?? '(no code)'} (${r.close.words})${r.close.reason ? ` ${JSON.stringify(r.close.reason)}` : ''}${flags}`
  if (r.text !== undefined) {
    const t = r.text.length > MAX_SHOWN ? `${JSON.stringify(r.text.slice(0, MAX_SHOWN))}… (${r.length} bytes)` : JSON.stringify(r.text)
    return `${arrow} ${r.opcodeName} ${t}${flags}`
  }
  const hex = Buffer.from(r.payloadBase64 ?? '', 'base64').subarray(0, 32).toString('hex').replace(/(..)(?=.)/g, '$1 ')
  return `${arrow} ${r.opcodeName} ${r.length} bytes${hex ? ` ${hex}${r.length > 32 ? ' …' : ''}` : ''}${flags}`
}

function header(text: string): [string, string] {
  const i = text.indexOf(':')
  if (i <= 0) throw new UsageError(`-H takes 'Name: value', not "${text}"`)
  return [text.slice(0, i).trim(), text.slice(i + 1).trim()]
}

export async function ws(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    send: { type: 'string', multiple: true },
    'first-message': { type: 'string' },
    'first-message-file': { type: 'string' },
    header: { type: 'string', short: 'H', multiple: true },
    subprotocol: { type: 'string', multiple: true },
    resolve: { type: 'string' },
    insecure: { type: 'boolean', default: false },
    ca: { type: 'string' },
    wait: { type: 'string' },
    timeout: { type: 'string' }
  })
  const out = output(Boolean(values.json))
  if (positionals.length !== 1) throw new UsageError('give one URL, for example wirebench ws ws://127.0.0.1:8080/ --send hello')
  const urlText = positionals[0]!
  let url
  try {
    url = parseWsUrl(urlText)
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e))
  }
  let address: string | undefined
  if (typeof values.resolve === 'string') {
    const m = /^(\[[^\]]+\]|[^:]+):(\d+):(.+)$/.exec(values.resolve.trim())
    if (!m) throw new UsageError(`--resolve takes HOST:PORT:ADDRESS (curl's form), for example example.com:443:127.0.0.1, not "${values.resolve}"`)
    if (m[1]!.replace(/^\[|\]$/g, '').toLowerCase() === url.host.toLowerCase() && Number(m[2]) === url.port) address = m[3]!.replace(/^\[|\]$/g, '')
    else out.warn(`wirebench: --resolve ${values.resolve} does not match ${url.host}:${url.port}, so it is not used`)
  }
  if (values['first-message'] !== undefined && values['first-message-file'] !== undefined) throw new UsageError('give --first-message or --first-message-file, not both')
  // A token in argv is readable by every local user (ps, /proc): a file keeps it out of sight; one trailing newline is dropped.
  const firstMessage = values['first-message-file'] !== undefined ? readTextFile(values['first-message-file'], 'first message')!.replace(/\r?\n$/, '') : (values['first-message'] as string | undefined)
  const waitMs = numberOption(values.wait, '--wait') ?? 1000
  if (waitMs < 0 || waitMs > 600_000) throw new UsageError('--wait takes 0 to 600000 ms')
  const parsed = wsConnectInput.safeParse({
    url: urlText,
    headers: list(values.header).map(header),
    subprotocols: list(values.subprotocol),
    address,
    insecure: Boolean(values.insecure),
    caPem: readTextFile(values.ca, 'CA'),
    firstMessage,
    timeoutMs: numberOption(values.timeout, '--timeout')
  })
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '))

  // Frames that cross before the head is printed (--first-message, a greeting) wait for it, to keep the order.
  let early: string[] | null = []
  // Server-controlled text (frames, the 101's head, reasons) never reaches the terminal with its controls.
  const show = (line: string): void => (early ? void early.push(termSafe(line)) : out.print(termSafe(line)))
  const ws = await openWebSocket(parsed.data, { onFrame: (r) => !out.json && show(frameLine(r)) }).catch((e: unknown) => {
    if (e instanceof WirebenchError && e.code === 'WS_UPGRADE_FAILED' && e.detail && !out.json) out.print(termSafe(e.detail.trimEnd().replace(/\r\n/g, '\n'), '\t\n'))
    throw e
  })
  const info = ws.info
  if (!out.json) {
    const lines = [`${info.tls ? `${info.tls.version} ${info.tls.cipher} ` : ''}connected to ${info.remote.address}:${info.remote.port} from ${info.local.address}:${info.local.port}`, '', info.requestRaw.trimEnd(), '', info.responseRaw.trimEnd(), '']
    for (const f of info.findings) if (f.severity !== 'ok') lines.push(`${f.severity}: ${f.message}`)
    out.print(termSafe(lines.join('\n').replace(/\r\n/g, '\n'), '\t\n'))
  }
  for (const line of early) out.print(line)
  early = null
  for (const text of list(values.send)) {
    if (ws.state !== 'open') break
    await ws.sendText(text)
  }
  if (ws.state === 'open') await Promise.race([ws.closed, new Promise((r) => setTimeout(r, waitMs))])
  const closed = ws.state === 'open' ? await ws.close(1000, '') : await ws.closed
  if (out.json) {
    out.print(
      JSON.stringify(
        {
          url: urlText,
          remote: info.remote,
          local: info.local,
          tls: info.tls,
          request: { raw: info.requestRaw },
          response: { raw: info.responseRaw, status: info.status },
          subprotocol: info.subprotocol,
          frames: ws.frames,
          droppedFrames: ws.dropped,
          findings: info.findings,
          close: { code: closed.code, reason: closed.reason },
          error: closed.error
        },
        null,
        2
      )
    )
  } else if (closed.error) out.warn(`wirebench: ${termSafe(closed.error.message)}`)
  return closed.error ? 1 : 0
}
