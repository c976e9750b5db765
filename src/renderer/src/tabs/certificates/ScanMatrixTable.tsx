// The protocol × suite matrix: each suite the server accepts is a row, each protocol it speaks a column; a cell is
// coloured by the suite's strength, marked FS (forward secrecy) and AEAD, and numbered by the server's order when it
// enforces one (RFC 5246 §7.4.1.2 leaves the choice to the server; a server that follows its own list shows ranks).
import type { ProtocolName, ScanResult } from '../../../../shared/tls/scan-model'
import { cellTitle, scanMatrix } from './scan-matrix'

const PROTOCOL_LABEL: Record<ProtocolName, string> = { SSLv3: 'SSL 3.0', 'TLSv1.0': 'TLS 1.0', 'TLSv1.1': 'TLS 1.1', 'TLSv1.2': 'TLS 1.2', 'TLSv1.3': 'TLS 1.3' }

export function ScanMatrixTable({ result }: { result: ScanResult }) {
  const { columns, rows } = scanMatrix(result)
  const offered = (['TLSv1.3', 'TLSv1.2', 'TLSv1.1', 'TLSv1.0', 'SSLv3'] as const).map((p) => ({ p, on: result.protocols[p] }))
  return (
    <section className="card" aria-label="Protocols and cipher suites" data-testid="scan-matrix-card">
      <h3>Protocols and cipher suites</h3>
      <div className="scan-protocols" data-testid="scan-protocols">
        {offered.map(({ p, on }) => (
          <span key={p} className={`scan-proto ${on ? (p === 'TLSv1.2' || p === 'TLSv1.3' ? 'tone-good' : 'tone-bad') : 'tone-muted'}`} title={on ? `${p} is accepted` : `${p} is refused`}>
            {PROTOCOL_LABEL[p]} {on ? 'yes' : 'no'}
          </span>
        ))}
      </div>
      <p className="small muted">
        {result.serverPreference
          ? 'The server picks by its own order (numbers are its ranks): what it prefers is what clients get.'
          : Object.values(result.serverPreferenceBy).some((v) => v === false)
            ? 'The server follows the client’s order: a client that lists a weak suite first may get it.'
            : 'Whose order decides is unknown: too few suites were accepted to tell.'}{' '}
        Suites were found by elimination: offer all, note the pick, remove it, ask again.
      </p>
      {rows.length === 0 ? (
        <p className="small">No suite was accepted.</p>
      ) : (
        <div className="scan-matrix-wrap">
          <table className="scan-matrix" data-testid="scan-matrix">
            <thead>
              <tr>
                <th scope="col">Suite (IANA name)</th>
                {columns.map((p) => (
                  <th key={p} scope="col" className="scan-col">
                    {PROTOCOL_LABEL[p]}
                  </th>
                ))}
                <th scope="col">Key exchange · cipher</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.name} data-testid="scan-suite-row">
                  <th scope="row" className="mono scan-suite-name" title={row.info?.openssl ? `OpenSSL: ${row.info.openssl}` : undefined}>
                    {row.name}
                  </th>
                  {columns.map((p) => {
                    const cell = row.cells[p]
                    const s = row.info?.strength ?? 'acceptable'
                    return (
                      <td key={p} className={cell ? `scan-cell scan-${s}` : 'scan-cell scan-none'} title={cellTitle(row, p, result.serverPreferenceBy[p] !== null)} aria-label={cellTitle(row, p, result.serverPreferenceBy[p] !== null)}>
                        {cell ? (
                          <>
                            <span className="scan-rank">{cell.rank ?? '✓'}</span>
                            {row.info?.forwardSecrecy ? <span className="scan-mark">FS</span> : null}
                            {row.info?.aead ? <span className="scan-mark">AEAD</span> : null}
                          </>
                        ) : (
                          <span aria-hidden="true">·</span>
                        )}
                      </td>
                    )
                  })}
                  <td className="small scan-kx" title={row.info ? `${row.info.strength}: ${row.info.strengthWhy}` : undefined}>
                    {row.info ? (
                      <>
                        <span className={`scan-strength scan-strength-${row.info.strength}`}>{row.info.strength}</span> {row.info.kx.replace(/ \(TLS 1\.3\)$/, '')}
                        {row.info.dhBits ? ` ${row.info.dhBits}-bit` : ''}
                        {row.info.ecdheGroup ? ` ${row.info.ecdheGroup}` : ''} · {row.info.cipher}
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="small muted scan-legend">
        <span className="scan-legend-chip scan-strong">strong</span>
        <span className="scan-legend-chip scan-acceptable">acceptable</span>
        <span className="scan-legend-chip scan-weak">weak</span>
        <span className="scan-legend-chip scan-insecure">insecure</span> FS: forward secrecy — an ephemeral (EC)DHE key, so a stolen server key does not
        decrypt recorded traffic. AEAD: encryption and integrity in one (GCM, ChaCha20-Poly1305; RFC 5116), never the CBC padding-oracle family.
      </p>
    </section>
  )
}
