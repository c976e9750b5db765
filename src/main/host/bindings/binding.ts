// What an area's binding gives the session: handlers for exactly its own methods, and how to close what it opened.
import type { MethodName } from '../../../shared/contract'
import type { Handlers } from '../router'

export interface Binding<K extends MethodName> {
  handlers: Pick<Handlers, K>
  /** Closes what the area opened for this session (sockets, servers, vault keys). */
  dispose?(): Promise<void> | void
}
