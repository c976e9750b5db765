// The Electron transport: the router over ipcMain, answering only our own page, one session per window.
import { ipcMain, type WebContents, type WebFrameMain } from 'electron'
import type { EventEnvelope } from '../../shared/contract'
import { createSession, type Session } from './session'

export const CALL_CHANNEL = 'wirebench:call'
export const EVENTS_CHANNEL = 'wirebench:events'

const sessions = new Map<number, Session>()

/** Only the app's own top-level page may call: file:// of our bundle, or the dev server in development. */
function isTrustedSender(frame: WebFrameMain | null, devUrl: string | undefined): boolean {
  if (!frame || frame.parent !== null) return false
  const url = frame.url
  if (devUrl && url.startsWith(devUrl)) return true
  return url.startsWith('file://') && url.includes('/renderer/index.html')
}

/** Sends events to one window outside any call (files the OS hands us, for instance). */
export function sendEvents(contents: WebContents, batch: EventEnvelope[]): void {
  if (!contents.isDestroyed()) contents.send(EVENTS_CHANNEL, batch)
}

export function registerIpc(devUrl: string | undefined): void {
  ipcMain.handle(CALL_CHANNEL, async (event, name: unknown, input: unknown) => {
    if (!isTrustedSender(event.senderFrame, devUrl)) {
      return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted only from the Wirebench window.' } }
    }
    return sessionFor(event.sender).router.call(name, input)
  })
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
      void created.dispose()
    })
    session = created
  }
  return session
}
