// The engine's result types live in src/shared/x509/types.ts, where the contract (and so the page) can see them.
export type * from '../../shared/x509/types'
