// The contract's flat query options (what a form or a flag gives) as the engine's QueryOptions, in one place, so the
// lookup, the trace, DNSSEC and insights all send the same bytes for the same choices.
import type { z } from 'zod'
import type { queryOptionsInput } from '../contract/dns'
import type { QueryOptions } from './model'

export function queryOptionsFrom(input: z.output<typeof queryOptionsInput>): QueryOptions {
  return {
    rd: input.rd,
    cd: input.cd,
    ad: input.ad,
    // edns false: no OPT record at all (a plain RFC 1035 query, 512-byte UDP answers).
    edns: input.edns
      ? {
          udpSize: input.udpSize,
          do: input.do,
          nsid: input.nsid,
          cookie: input.cookie,
          ...(input.clientSubnet ? { clientSubnet: input.clientSubnet } : {}),
          ...(input.padding ? { padding: input.padding } : {})
        }
      : null,
    timeoutMs: input.timeoutMs,
    retries: input.retries,
    randomCase: input.randomCase
  }
}
