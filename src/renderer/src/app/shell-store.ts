// The shell's own state (which tab is shown), in a store so anything (a file the OS opens) can switch tabs.
import { createStore } from './store'

export const shellStore = createStore({ activeTab: 'connections' })
