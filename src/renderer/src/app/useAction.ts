import { useState } from 'react'
import type { Result } from '../../../shared/contract'
import type { WireError } from '../../../shared/errors'

/** A form's one call to main: busy while it runs, the error as a value when it fails, onOk when it works. */
export function useAction<T>(run: () => Promise<Result<T>>, onOk: (value: T) => void) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<WireError | null>(null)
  const submit = async () => {
    setBusy(true)
    setError(null)
    const result = await run()
    setBusy(false)
    if (result.ok) onOk(result.value)
    else setError(result.error)
  }
  return { busy, error, submit, clearError: () => setError(null) }
}
