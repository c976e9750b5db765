// What an engine may tell the UI: contract events, plus raw bytes on a stream, which the host batches.
import type { EventName, PayloadOf } from '../../shared/contract'

export interface EngineEvents {
  emit<E extends EventName>(name: E, payload: PayloadOf<E>): void
  /** Bytes that went in or out on a stream (a client connection, a server's client, a UDP socket). */
  data(streamId: string, dir: 'in' | 'out', bytes: Uint8Array, peer?: string): void
  /** Something that happened on a stream, shown in its transcript ("peer sent FIN", "idle timeout"). */
  note(streamId: string, text: string): void
}
