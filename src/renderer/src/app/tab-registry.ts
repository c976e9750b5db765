// Every tab the shell shows, in order (Ctrl+1…6 follows it), each a lazily loaded chunk: the page starts with
// the shell alone and fetches a tab's code the first time it is shown.
import { createElement, lazy, type ComponentType, type LazyExoticComponent } from 'react'

export interface TabEntry {
  id: string
  label: string
  Body: LazyExoticComponent<ComponentType>
}

/** The placeholder for a tab whose engine is not built yet (none today; kept for the next area). */
export function notBuilt(id: string): LazyExoticComponent<ComponentType> {
  return lazy(() => import('../tabs/NotBuiltYet').then((m) => ({ default: () => createElement(m.NotBuiltYet, { tab: id }) })))
}

export const TABS: readonly TabEntry[] = [
  { id: 'connections', label: 'Connections', Body: lazy(() => import('../tabs/connections/ConnectionsTab').then((m) => ({ default: m.ConnectionsTab }))) },
  { id: 'certificates', label: 'Certificates', Body: lazy(() => import('../tabs/certificates/CertificatesTab').then((m) => ({ default: m.CertificatesTab }))) },
  { id: 'dns', label: 'DNS', Body: lazy(() => import('../tabs/dns/DnsTab').then((m) => ({ default: m.DnsTab }))) },
  { id: 'subnets', label: 'Subnets', Body: lazy(() => import('../tabs/subnets/SubnetsTab').then((m) => ({ default: m.SubnetsTab }))) },
  { id: 'http', label: 'HTTP', Body: lazy(() => import('../tabs/http/HttpTab').then((m) => ({ default: m.HttpTab }))) },
  { id: 'walkthrough', label: 'Walkthrough', Body: lazy(() => import('../tabs/walkthrough/WalkthroughTab').then((m) => ({ default: m.WalkthroughTab }))) }
]

/** True when keys typed now go into text: a text field, a select or an editable element has focus. */
export function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false
  if (target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true
  if (target instanceof HTMLInputElement) return !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'range', 'color'].includes(target.type)
  return false
}
