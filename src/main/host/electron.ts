// The Electron transport: the renderer served from app://, and the router over ipcMain, answering only our own
// page (its exact URL), one session per window. Every argument from the page is checked before it is routed.
import { ipcMain, protocol, type WebContents, type WebFrameMain } from 'electron'
import { readFile } from 'node:fs/promises'
import type { EventEnvelope } from '../../shared/contract'
import { IPC_CHANNELS } from '../../shared/contract/wire'
import { resolveAppFile } from './app-protocol'
import { createSession, type Session } from './session'
import { isTrustedPageUrl } from './security'
import { jsonShapeProblem } from './wire-guard'

const { call: CALL_CHANNEL, events: EVENTS_CHANNEL } = IPC_CHANNELS

const sessions = new Map<number, Session>()

/** Must run before the app is ready: app:// is a standard, secure scheme so the page gets an origin of its own. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }])
}

/** Serves the built renderer on app://wirebench/ with the CSP as a header; anything else is a 404. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle('app', async (request) => {
    const file = resolveAppFile(rendererDir, request.url)
    if (!file) return new Response('Not found', { status: 404 })
    try {
      return new Response(await readFile(file.path), { status: 200, headers: file.headers })
    } catch {
      return new Response('Not found', { status: 404 })
    }
  })
}

function isTrustedSender(frame: WebFrameMain | null, devUrl: string | undefined): boolean {
  if (!frame || frame.parent !== null) return false
  return isTrustedPageUrl(frame.url, devUrl)
}

/** Sends events to one window outside any call (files the OS hands us, for instance). */
export function sendEvents(contents: WebContents, batch: EventEnvelope[]): void {
  if (!contents.isDestroyed()) contents.send(EVENTS_CHANNEL, batch)
}

/** `devUrl` must be undefined in a packaged app: only then may a dev server's page call main. */
export function registerIpc(devUrl: string | undefined): void {
  ipcMain.handle(CALL_CHANNEL, async (event, name: unknown, input: unknown) => {
    if (!isTrustedSender(event.senderFrame, devUrl)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted only from the Wirebench window.' } }
    }
    if (typeof name !== 'string') {
      return { ok: false, error: { code: 'UNKNOWN_METHOD', message: 'A call needs a method name.' } }
    }
    const shape = jsonShapeProblem(input)
    if (shape) return { ok: false, error: { code: 'INVALID_INPUT', message: `The input is ${shape}.` } }
    return sessionFor(event.sender).router.call(name, input)
  })
}

/** Opens a file the OS handed the app in this window's session: keys go into its vault, the page gets ids. */
export function openOsFileIn(contents: WebContents, path: string): ReturnType<Session['openOsFile']> {
  return sessionFor(contents).openOsFile(path)
}

function sessionFor(contents: WebContents): Session {
  let session = sessions.get(contents.id)
  if (!session) {
    const created = createSession((batch) => {
      if (!contents.isDestroyed()) contents.send(EVENTS_CHANNEL, batch)
    }, 'electron')
    sessions.set(contents.id, created)
    contents.once('destroyed', () => {
      sessions.delete(contents.id)
      void created.dispose().catch(() => {})
    })
    session = created
  }
  return session
}
