// What a server does with the bytes a client sends: one small object per behaviour, chosen from a table.
import type { ServerBehaviour } from '../../shared/contract'
import { concatBytes } from '../../shared/bytes'
import { WsEchoServer } from './ws-echo'

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
  /** Speaks frames, not lines (WebSocket): the line deadline does not apply, every chunk counts as progress. */
  readonly noLines?: boolean
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
    // The complete lines of a chunk are answered together, in one reply: thousands of tiny replies per chunk
    // cost far more time and memory than their bytes. A newline never falls inside a UTF-8 character, so
    // upper-casing them together gives the same bytes as one by one.
    let start = 0
    for (let i = bytes.indexOf(0x0a); i >= 0; i = bytes.indexOf(0x0a, start)) {
      const lineLength = (start === 0 ? this.pendingLength : 0) + i - start
      if (lineLength > this.ctx.maxLineLength) {
        this.answer(bytes.subarray(0, start))
        return this.refuse()
      }
      start = i + 1
    }
    this.answer(bytes.subarray(0, start))
    if (start < bytes.length) {
      const rest = bytes.slice(start)
      this.pending.push(rest)
      this.pendingLength += rest.length
      if (this.pendingLength > this.ctx.maxLineLength) this.refuse()
    }
  }

  /** Answers complete lines: what was pending from earlier chunks, then `lines` (which ends with a newline). */
  private answer(lines: Uint8Array): void {
    if (lines.length === 0) return
    const whole = this.pendingLength ? concatBytes([...this.pending, lines]) : lines
    this.pending = []
    this.pendingLength = 0
    this.ctx.reply(upperCase(whole))
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


/** The implementation of each behaviour; its label and words live in src/shared/net/behaviours.ts. */
export const BEHAVIOURS: Record<ServerBehaviour, { create(ctx: BehaviourContext): Behaviour }> = {
  echo: {
    create: (ctx) => ({ receive: (bytes) => ctx.reply(bytes) })
  },
  upper: {
    create: (ctx) => new UpperLineServer(ctx)
  },
  discard: {
    create: () => ({ receive: () => {} })
  },
  'ws-echo': {
    create: (ctx) => new WsEchoServer(ctx)
  },
  fixed: {
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
