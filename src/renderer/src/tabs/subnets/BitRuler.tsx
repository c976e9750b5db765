// The address as bits: where the prefix cuts, drawn.
import type { IPAddress } from '../../../../shared/ip'
import { addressToBinary } from '../../../../shared/ip'

/** The address as bits, grouped by octet (IPv4) or hextet (IPv6); network bits and host bits in two colours. */
export function BitRuler({ address, prefixLength }: { address: IPAddress; prefixLength: number }) {
  const bits = addressToBinary(address).replace(/[^01]/g, '')
  const group = address.version === 4 ? 8 : 16
  const groups: string[] = []
  for (let i = 0; i < bits.length; i += group) groups.push(bits.slice(i, i + group))
  return (
    <div className={`ruler ruler-v${address.version}`} aria-label={`Binary: ${prefixLength} network bits, ${bits.length - prefixLength} host bits`} data-testid="bit-ruler">
      {groups.map((g, gi) => (
        <div className="ruler-group" key={gi}>
          <div className="ruler-bits">
            {g.split('').map((b, bi) => {
              const index = gi * group + bi
              return (
                <span key={bi} className={index < prefixLength ? 'bit net' : 'bit host'}>
                  {b}
                </span>
              )
            })}
          </div>
          <div className="ruler-label">{address.version === 4 ? parseInt(g, 2) : parseInt(g, 2).toString(16)}</div>
        </div>
      ))}
      <div className="ruler-legend">
        <span className="bit net">■</span> network ({prefixLength} bits) <span className="bit host">■</span> host ({bits.length - prefixLength} bits)
      </div>
    </div>
  )
}
