// Every extension by name, critical or not, with its decoded value in words (a table of renderers, one per type).
import type { ReactNode } from 'react'
import type { ExtensionInfo, ExtensionValue, GeneralName, KeyUsageName } from '../../../../shared/x509/types'
import { parseHex } from '../../../../shared/bytes'
import { HexView } from '../../ui/HexView'
import { formatDate } from './model'

const GENERAL_NAME_LABEL: Record<GeneralName['type'], string> = {
  dns: 'DNS',
  ip: 'IP',
  email: 'Email',
  uri: 'URI',
  directoryName: 'DirName',
  registeredId: 'RID',
  otherName: 'Other',
  x400Address: 'X.400',
  ediPartyName: 'EDI'
}

const KEY_USAGE_WORDS: Record<KeyUsageName, string> = {
  digitalSignature: 'Digital signature',
  nonRepudiation: 'Non-repudiation (content commitment)',
  keyEncipherment: 'Key encipherment',
  dataEncipherment: 'Data encipherment',
  keyAgreement: 'Key agreement',
  keyCertSign: 'Certificate signing',
  cRLSign: 'CRL signing',
  encipherOnly: 'Encipher only',
  decipherOnly: 'Decipher only'
}

const TLS_FEATURES: Record<number, string> = { 5: 'status_request (OCSP Must-Staple)', 17: 'status_request_v2' }

export function GeneralNames({ names, testId }: { names: GeneralName[]; testId?: string }) {
  if (names.length === 0) return <span className="muted">none</span>
  return (
    <ul className="gn-list" data-testid={testId}>
      {names.map((n, i) => (
        <li key={i}>
          <span className="gn-type">{GENERAL_NAME_LABEL[n.type]}</span>
          <span className="mono gn-value">{n.value}</span>
          {n.oid ? <span className="muted small"> ({n.oid})</span> : null}
        </li>
      ))}
    </ul>
  )
}

function Urls({ label, urls }: { label: string; urls: string[] }) {
  if (urls.length === 0) return null
  return (
    <div className="ext-line">
      <span className="ext-label">{label}</span>
      <ul className="plain-list">
        {urls.map((u) => (
          <li key={u} className="mono url">
            {u}
          </li>
        ))}
      </ul>
    </div>
  )
}

function Line({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="ext-line">
      <span className="ext-label">{label}</span>
      <span className="ext-text">{children}</span>
    </div>
  )
}

/** An extension's raw value as a byte dump (the hex is always even-length from the engine; bad input shows empty). */
function Hex({ hex }: { hex: string }) {
  let bytes: Uint8Array = new Uint8Array(0)
  try {
    bytes = parseHex(hex)
  } catch {
    // nothing to show: the engine sent something that is not hex
  }
  return <HexView bytes={bytes} maxRows={8} label="Extension value bytes" testId="extension-hex" />
}

export function ExtensionValueView({ value, hex }: { value: ExtensionValue; hex: string }): ReactNode {
  switch (value.type) {
    case 'basicConstraints':
      return (
        <>
          <Line label="CA">{value.ca ? 'yes — may issue certificates' : 'no — an end-entity certificate'}</Line>
          {value.ca ? <Line label="Path length">{value.pathLength === undefined ? 'unlimited' : `at most ${value.pathLength} intermediate CA${value.pathLength === 1 ? '' : 's'} below`}</Line> : null}
        </>
      )
    case 'keyUsage':
      return (
        <div className="flags">
          {value.usages.map((u) => (
            <span key={u} className="flag" title={u}>
              {KEY_USAGE_WORDS[u] ?? u}
            </span>
          ))}
        </div>
      )
    case 'extKeyUsage':
      return (
        <ul className="plain-list">
          {value.purposes.map((p) => (
            <li key={p.oid}>
              {p.name ?? 'Unknown purpose'} <span className="muted mono small">{p.oid}</span>
            </li>
          ))}
        </ul>
      )
    case 'subjectAltName':
    case 'issuerAltName':
      return <GeneralNames names={value.names} testId={value.type === 'subjectAltName' ? 'ext-san' : undefined} />
    case 'subjectKeyIdentifier':
      return <span className="mono">{value.keyId}</span>
    case 'authorityKeyIdentifier':
      return (
        <>
          {value.keyId ? <Line label="Key ID">{<span className="mono">{value.keyId}</span>}</Line> : null}
          {value.issuer ? <Line label="Issuer">{<GeneralNames names={value.issuer} />}</Line> : null}
          {value.serial ? <Line label="Serial">{<span className="mono">{value.serial}</span>}</Line> : null}
        </>
      )
    case 'authorityInfoAccess':
    case 'subjectInfoAccess': {
      const other = value.descriptions.filter((d) => !['1.3.6.1.5.5.7.48.1', '1.3.6.1.5.5.7.48.2'].includes(d.method.oid))
      return (
        <>
          <Urls label="OCSP" urls={value.ocsp} />
          <Urls label="CA issuers" urls={value.caIssuers} />
          {other.map((d, i) => (
            <Line key={i} label={d.method.name ?? d.method.oid}>
              <GeneralNames names={[d.location]} />
            </Line>
          ))}
        </>
      )
    }
    case 'crlDistributionPoints':
      return (
        <>
          {value.points.map((p, i) => (
            <div key={i} className="ext-sub">
              {p.fullName ? <GeneralNames names={p.fullName} /> : null}
              {p.relativeName ? <Line label="Relative name">{p.relativeName}</Line> : null}
              {p.reasons ? <Line label="Reasons">{p.reasons.join(', ')}</Line> : null}
              {p.crlIssuer ? <Line label="CRL issuer">{<GeneralNames names={p.crlIssuer} />}</Line> : null}
            </div>
          ))}
        </>
      )
    case 'certificatePolicies':
      return (
        <ul className="plain-list">
          {value.policies.map((p) => (
            <li key={p.oid}>
              {p.name ?? 'Policy'} <span className="muted mono small">{p.oid}</span>
              {p.cps.map((c) => (
                <div key={c} className="small">
                  CPS: <span className="mono url">{c}</span>
                </div>
              ))}
              {p.userNotices.map((n, i) => (
                <div key={i} className="small">
                  Notice: {n}
                </div>
              ))}
            </li>
          ))}
        </ul>
      )
    case 'policyMappings':
      return (
        <ul className="plain-list mono small">
          {value.mappings.map((m, i) => (
            <li key={i}>
              {m.issuerDomainPolicy} → {m.subjectDomainPolicy}
            </li>
          ))}
        </ul>
      )
    case 'policyConstraints':
      return (
        <>
          {value.requireExplicitPolicy !== undefined ? <Line label="Require explicit policy">after {value.requireExplicitPolicy} certificate(s)</Line> : null}
          {value.inhibitPolicyMapping !== undefined ? <Line label="Inhibit policy mapping">after {value.inhibitPolicyMapping} certificate(s)</Line> : null}
        </>
      )
    case 'inhibitAnyPolicy':
      return <span>anyPolicy is not accepted after {value.skipCerts} more certificate(s)</span>
    case 'nameConstraints':
      return (
        <>
          <Line label="Permitted">{value.permitted.length ? <GeneralNames names={value.permitted.map((s) => s.base)} /> : <span className="muted">none</span>}</Line>
          <Line label="Excluded">{value.excluded.length ? <GeneralNames names={value.excluded.map((s) => s.base)} /> : <span className="muted">none</span>}</Line>
        </>
      )
    case 'signedCertificateTimestamps':
      return (
        <table className="small-table">
          <thead>
            <tr>
              <th>Log ID</th>
              <th>Timestamp</th>
              <th>Signature</th>
            </tr>
          </thead>
          <tbody>
            {value.scts.map((s, i) => (
              <tr key={i}>
                <td className="mono wrap-any">{s.logId}</td>
                <td>{formatDate(s.timestamp)}</td>
                <td>
                  {s.hashAlgorithm} / {s.signatureAlgorithm}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )
    case 'tlsFeature':
      return (
        <span>
          {value.features.map((f) => TLS_FEATURES[f] ?? `feature ${f}`).join(', ')}
          {value.mustStaple ? ' — servers must staple an OCSP response' : ''}
        </span>
      )
    case 'ctPoison':
      return <span>Precertificate poison: this is a precertificate submitted to CT logs, not a certificate to use.</span>
    case 'netscapeCertType':
      return <span>{value.types.join(', ')}</span>
    case 'crlNumber':
      return <span className="mono">{value.number}</span>
    case 'malformed':
      return (
        <>
          <div className="field-error">Could not be decoded: {value.error}</div>
          <Hex hex={hex} />
        </>
      )
    case 'unknown':
      return (
        <>
          <div className="muted small">Not an extension Wirebench decodes; its raw value:</div>
          <Hex hex={hex} />
        </>
      )
  }
}

export function ExtensionsList({ extensions }: { extensions: ExtensionInfo[] }) {
  if (extensions.length === 0) return <p className="muted small">No extensions (a version 1 certificate, or none requested).</p>
  return (
    <div className="ext-list" data-testid="extensions">
      {extensions.map((ext, i) => (
        <div key={`${ext.oid}-${i}`} className="ext">
          <div className="ext-head">
            <span className="ext-name">{ext.name}</span>
            <span className="muted mono small">{ext.oid}</span>
            {ext.critical ? (
              <span className="crit-flag" title="Critical: software that does not understand it must reject the certificate">
                critical
              </span>
            ) : null}
          </div>
          <div className="ext-value">
            <ExtensionValueView value={ext.value} hex={ext.hex} />
          </div>
        </div>
      ))}
    </div>
  )
}
