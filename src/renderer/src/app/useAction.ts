// A form's one call to main with its busy flag and its error as a value. Given a key, both live in a store, so
// a form that unmounts mid-call (a tab switch) comes back still busy, or showing the error it got.
import { useState } from 'react'
import type { Result } from '../../../shared/contract'
import type { WireError } from '../../../shared/errors'
import { createStore, useStore } from './store'

interface ActionState {
  busy: boolean
  error: WireError | null
}

const IDLE: ActionState = { busy: false, error: null }
const actions = createStore<Record<string, ActionState>>({})

/** A form's one call to main: busy while it runs, the error as a value when it fails, onOk when it works. */
export function useAction<T>(run: () => Promise<Result<T>>, onOk: (value: T) => void, key?: string) {
  const [local, setLocal] = useState<ActionState>(IDLE)
  const stored = useStore(actions, (s) => (key ? s[key] ?? IDLE : IDLE))
  const state = key ? stored : local
  const update = (next: ActionState) => (key ? actions.set((s) => ({ ...s, [key]: next })) : setLocal(next))
  const submit = async () => {
    update({ busy: true, error: null })
    const result = await run()
    update({ busy: false, error: result.ok ? null : result.error })
    if (result.ok) onOk(result.value)
  }
  return { busy: state.busy, error: state.error, submit, clearError: () => update({ ...state, error: null }) }
}
