// The span model and the dissector table in one import for views and engines.
export * from './span'
export { dissect, dissectorNames, lookupDissector, registerDissector } from './table'
export { asn1NodeToSpan, readAsn1Tree, type Asn1Reading } from './asn1'
