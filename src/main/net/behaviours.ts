// What a server does with the bytes a client sends: one small object per behaviour, chosen from a table.
import type { ServerBehaviour } from '../../shared/contract'
import { concatBytes } from '../../shared/bytes'

export interface BehaviourContext {
  /** Send bytes to the client. */
  reply(bytes: Uint8Array): void
  /** Close the client after what was sent, with a reason shown in its transcript. */
  finish(reason: string): void
  maxLineLength: number
  fixedReply: Uint8Array
  onLineTooLong(): void
}

/** One per connection (stream behaviours) or per datagram (UDP, where `end` is never called). */
export interface Behaviour {
  receive(bytes: Uint8Array): void
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

function upperCase(line: Uint8Array): Uint8Array {
  return encoder.encode(decoder.decode(line).toUpperCase())
}

/** Reads lines; answers each upper-cased with its own line ending. Refuses a line longer than the limit. */
class UpperLineServer implements Behaviour {
  private pending: Uint8Array[] = []
  private pendingLength = 0
  private refused = false
  constructor(private readonly ctx: BehaviourContext) {}

  receive(bytes: Uint8Array): void {
    if (this.refused) return
    let start = 0
    for (let i = 0; i < bytes.length; i++) {
      if (bytes[i] !== 0x0a) continue
      const piece = bytes.subarray(start, i + 1)
      if (this.pendingLength + piece.length - 1 > this.ctx.maxLineLength) return this.refuse()
      const line = this.pendingLength ? concatBytes([...this.pending, piece]) : piece
      this.pending = []
      this.pendingLength = 0
      this.ctx.reply(upperCase(line))
      start = i + 1
    }
    if (start < bytes.length) {
      const rest = bytes.slice(start)
      this.pending.push(rest)
      this.pendingLength += rest.length
      if (this.pendingLength > this.ctx.maxLineLength) this.refuse()
    }
  }

  private refuse(): void {
    this.refused = true
    this.pending = []
    this.pendingLength = 0
    this.ctx.onLineTooLong()
    this.ctx.reply(encoder.encode(`ERROR: line too long (over ${this.ctx.maxLineLength} bytes); closing.\n`))
    this.ctx.finish(`line over ${this.ctx.maxLineLength} bytes refused`)
  }
}


export const BEHAVIOURS: Record<ServerBehaviour, { label: string; describe: string; create(ctx: BehaviourContext): Behaviour }> = {
  echo: {
    label: 'Echo',
    describe: 'Sends back every byte it receives (RFC 862).',
    create: (ctx) => ({ receive: (bytes) => ctx.reply(bytes) })
  },
  upper: {
    label: 'Upper-case lines',
    describe: 'Reads a line and answers it upper-cased, like the classic socketserver example.',
    create: (ctx) => new UpperLineServer(ctx)
  },
  discard: {
    label: 'Discard',
    describe: 'Reads and throws away everything (RFC 863).',
    create: () => ({ receive: () => {} })
  },
  fixed: {
    label: 'Fixed reply',
    describe: 'Answers the first data from a client with a fixed reply, then closes (a canned HTTP response, say).',
    create: (ctx) => {
      let answered = false
      return {
        receive: () => {
          if (answered) return
          answered = true
          ctx.reply(ctx.fixedReply)
          ctx.finish('fixed reply sent')
        }
      }
    }
  }
}
