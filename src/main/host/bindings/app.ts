// Binds app.* : facts about the running app.
import type { appMethods } from '../../../shared/contract/app'
import { APP_VERSION } from '../../version'
import type { Binding } from './binding'

export function bindApp(shell: 'electron' | 'browser'): Binding<keyof typeof appMethods> {
  return {
    handlers: {
      'app.info': () => ({ name: 'Wirebench', version: APP_VERSION, shell, platform: process.platform, node: process.versions.node })
    }
  }
}
