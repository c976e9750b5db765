// The CIDR calculator: everything about one address or network, computed in the page as you type.
import { useMemo } from 'react'
import {
  addressAdministrator,
  addressFlags,
  addressForms,
  formatAddress,
  formatNetwork,
  multicastBlock,
  parseCidrInput,
  specialPurposeBlocks,
  type AddressFlags,
  type CidrCalculation
} from '../../../../shared/ip'
import { BitRuler } from './BitRuler'
import { KeyValue } from '../../ui/KeyValue'

const FLAG_WORDS: [keyof AddressFlags, string][] = [
  ['private', 'private'],
  ['global', 'global'],
  ['loopback', 'loopback'],
  ['linkLocal', 'link-local'],
  ['multicast', 'multicast'],
  ['reserved', 'reserved'],
  ['unspecified', 'unspecified']
]

function yesNo(v: boolean | null): string {
  return v === null ? 'N/A' : v ? 'yes' : 'no'
}

/** A calculator result row: the shared KeyValue, which shows nothing when the value does not apply (null). */
function Row({ label, value, testId }: { label: string; value: string | null; testId?: string }) {
  return (
    <KeyValue label={label} testId={testId}>
      {value}
    </KeyValue>
  )
}

/** "ARIN", "IANA reserved, RFC 1918 (Private-Use)…", "ARIN — Apple Computer Inc.": the registry once, then what it says. */
function administratorWords(rir: ReturnType<typeof addressAdministrator>): string {
  if (!rir) return 'no RIR: outside the global unicast space IANA delegates'
  const designation = rir.designation.replace(/^Administered by /, '')
  if (!designation || designation === rir.registry) return rir.registry
  return designation.startsWith(rir.registry) ? designation : `${rir.registry} — ${designation}`
}

function Results({ calc }: { calc: CidrCalculation }) {
  const address = calc.address
  const forms = addressForms(address)
  const flags = addressFlags(address)
  const blocks = specialPurposeBlocks(address)
  const rir = addressAdministrator(address)
  const group = multicastBlock(address)
  const single = calc.prefixLength === (calc.version === 4 ? 32 : 128)
  const hostNote =
    calc.version === 4 && calc.prefixLength === 31 ? ' (RFC 3021 point-to-point: both addresses usable)' : single ? (group ? ' (one group address)' : ' (a single host)') : ''
  return (
    <div className="calc-results">
      <section className="card">
        <h3>Network</h3>
        <dl className="kvs one">
          <Row label="Network" value={formatNetwork(calc.network)} testId="calc-network" />
          <Row label="Netmask" value={`${formatAddress(calc.netmask)} (/${calc.prefixLength})`} testId="calc-netmask" />
          <Row label="Wildcard" value={formatAddress(calc.hostmask)} />
          <Row label="Broadcast" value={calc.broadcast ? formatAddress(calc.broadcast) : calc.broadcastNote} testId="calc-broadcast" />
          <Row
            label={group && !single ? 'Groups' : 'Hosts'}
            value={single ? `${formatAddress(calc.firstHost)}${hostNote}` : `${formatAddress(calc.firstHost)} – ${formatAddress(calc.lastHost)}${hostNote}`}
            testId="calc-hosts"
          />
          <Row label="Addresses" value={calc.numAddresses.toLocaleString('en-US')} testId="calc-count" />
          <Row label="Usable" value={calc.usableHosts.toLocaleString('en-US')} />
          <Row label="Class" value={calc.ipv4Class ? `${calc.ipv4Class} (historic; classless since RFC 4632)` : null} />
        </dl>
      </section>
      <section className="card">
        <h3>Classification</h3>
        <div className="flags" data-testid="calc-flags">
          {FLAG_WORDS.map(([key, word]) => (
            <span key={key} className={`flag ${flags[key] ? 'on' : 'off'}`} title={flags[key] ? `is ${word}` : `not ${word}`}>
              {word}
            </span>
          ))}
        </div>
        {group ? (
          <div className="registry-block" data-testid="calc-multicast">
            <div>
              <strong>Multicast</strong> {group.network} {group.name} <span className="muted">{group.rfc}</span>
            </div>
            <div className="muted small">
              A group address: packets to it reach every member that joined the group, not one host{group.scope ? ` · scope ${group.scope}` : ''}. Not in the
              special-purpose registry; IANA keeps multicast in registries of its own.
            </div>
          </div>
        ) : null}
        {blocks.length ? (
          blocks.map((b) => (
            <div key={b.network} className="registry-block" data-testid="calc-registry">
              <div>
                <strong>{b.network}</strong> {b.name} <span className="muted">{b.rfc}</span>
              </div>
              <div className="muted small">
                source {yesNo(b.source)} · destination {yesNo(b.destination)} · forwardable {yesNo(b.forwardable)} · globally reachable {yesNo(b.globallyReachable)} · reserved-by-protocol{' '}
                {yesNo(b.reservedByProtocol)}
              </div>
            </div>
          ))
        ) : group ? null : (
          <p className="muted small" data-testid="calc-registry">
            Not in the IANA special-purpose registry: ordinary address space.
          </p>
        )}
        <p className="small">
          Administered by: <strong data-testid="calc-rir">{administratorWords(rir)}</strong>
          {rir ? <span className="muted"> ({rir.prefix}, {rir.status.toLowerCase()})</span> : null}
        </p>
        <p className="muted small">Flags as CPython 3.13’s ipaddress defines them, from the IANA registries.</p>
      </section>
      <section className="card wide">
        <h3>The address as a number</h3>
        <BitRuler address={address} prefixLength={calc.prefixLength} />
        <dl className="kvs">
          <Row label="Compressed" value={forms.compressed} testId="calc-compressed" />
          <Row label="Exploded" value={forms.exploded} testId="calc-exploded" />
          <Row label="Integer" value={forms.integer} />
          <Row label="Hex" value={forms.hex} />
          <Row label="Bytes" value={forms.bytes.join(' ')} />
          <Row label="Reverse DNS" value={forms.reversePointer} testId="calc-reverse" />
          <Row label="IPv4-mapped" value={forms.ipv4Mapped} />
          <Row label="Zone" value={forms.zone} />
        </dl>
      </section>
    </div>
  )
}

/** The CIDR calculator: type an address, a CIDR, an address and netmask, or a range; results as you type. */
export function Calculator({ input, onInput }: { input: string; onInput: (v: string) => void }) {
  const parsed = useMemo(() => parseCidrInput(input), [input])
  return (
    <div className="calculator">
      <label className="big-input">
        Address, CIDR, address + netmask, or range
        <input
          value={input}
          onChange={(e) => onInput(e.target.value)}
          aria-label="Address or network"
          spellCheck={false}
          placeholder="192.0.2.7/24 · 10.0.0.1 255.255.0.0 · 2001:db8::/48 · 10.0.0.0-10.0.0.99"
          className={parsed.ok || !input.trim() ? '' : 'invalid'}
        />
      </label>
      {!input.trim() ? null : parsed.ok ? (
        parsed.value.kind === 'interface' ? (
          <Results calc={parsed.value.calculation} />
        ) : (
          <section className="card" data-testid="calc-range">
            <h3>
              Range {formatAddress(parsed.value.first)} – {formatAddress(parsed.value.last)}
            </h3>
            <p>
              {parsed.value.numAddresses.toLocaleString('en-US')} addresses = {parsed.value.networks.length} CIDR block{parsed.value.networks.length === 1 ? '' : 's'}:
            </p>
            <ul className="mono">
              {parsed.value.networks.map((n) => (
                <li key={formatNetwork(n)}>{formatNetwork(n)}</li>
              ))}
            </ul>
          </section>
        )
      ) : (
        <div className="error-box" role="alert" data-testid="calc-error">
          {parsed.error}
        </div>
      )}
    </div>
  )
}
