// The one way the page keeps state: a small external store per area, outside components, so a tab that unmounts
// (tab switch) loses nothing. Components read slices with useStore; anything may write with set.
import { useCallback, useSyncExternalStore } from 'react'

export interface Store<T> {
  get(): T
  /** Replaces the state with a patch merged in, or with what the updater returns. Listeners run once per set. */
  set(next: Partial<T> | ((prev: T) => T)): void
  subscribe(listener: () => void): () => void
  /** Back to the state it was created with. */
  reset(): void
}

export function createStore<T extends object>(initial: T): Store<T> {
  let state = initial
  const listeners = new Set<() => void>()
  const emit = () => {
    for (const l of [...listeners]) l()
  }
  return {
    get: () => state,
    set(next) {
      const value = typeof next === 'function' ? next(state) : { ...state, ...next }
      if (value === state) return
      state = value
      emit()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    reset() {
      state = initial
      emit()
    }
  }
}

/** A slice of a store; the component re-renders only when the slice changes (by Object.is). */
export function useStore<T extends object, S>(store: Store<T>, selector: (state: T) => S): S {
  return useSyncExternalStore(store.subscribe, () => selector(store.get()))
}

/** A drop-in for useState over one field of a store: the value survives the component. */
export function useField<T extends object, K extends keyof T>(store: Store<T>, key: K): [T[K], (value: T[K]) => void] {
  const value = useSyncExternalStore(store.subscribe, () => store.get()[key])
  const setValue = useCallback((v: T[K]) => store.set((prev) => (Object.is(prev[key], v) ? prev : { ...prev, [key]: v })), [store, key])
  return [value, setValue]
}
