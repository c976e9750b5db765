// App-level calls and events: what this build is (version, shell, platform) and notices main sends the page.
import { z } from 'zod'
import { event, method } from './define'

export interface AppInfo {
  name: string
  version: string
  shell: 'electron' | 'browser'
  platform: string
  node: string
}

export const appMethods = {
  'app.info': method<AppInfo>()(z.object({}).strict(), 'Version and shell of the running app.')
}

export const appEvents = {
  'app.notice': event<{ level: 'info' | 'warning'; message: string }>('A message from main for the status bar.')
}
