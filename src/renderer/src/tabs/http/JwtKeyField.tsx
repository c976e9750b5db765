// One key field for verifying and signing: a shared secret (UTF-8 or base64url), a PEM, or a JWKS, typed or read
// from a file picked in the page. The text stays in memory in the JWT store; nothing is saved anywhere.
import { useState } from 'react'
import type { WireError } from '../../../../shared/errors'
import { ErrorBox } from '../../ui/ErrorBox'
import { Segmented } from '../../ui/Segmented'
import { readKeyFile, type KeyForm, type KeyKind, type SecretEncoding } from './jwt-store'

const KINDS: readonly (readonly [KeyKind, string])[] = [
  ['secret', 'Shared secret'],
  ['pem', 'PEM'],
  ['jwks', 'JWKS']
]

const ENCODINGS: readonly (readonly [SecretEncoding, string])[] = [
  ['utf8', 'Text (UTF-8)'],
  ['base64url', 'base64url bytes']
]

export interface JwtKeyFieldProps {
  /** "Verification key" / "Signing key": the group's name and the text box's label. */
  label: string
  value: KeyForm
  onChange: (next: KeyForm) => void
  /** Signing needs private keys, verifying public ones: the words under the box differ. */
  use: 'verify' | 'sign'
  testId: string
}

function words(kind: KeyKind, use: 'verify' | 'sign'): string {
  if (kind === 'secret') return 'HS256/384/512: the same secret signs and verifies (RFC 7518 §3.2). It should be at least as long as the hash (32, 48 or 64 bytes).'
  if (kind === 'pem')
    return use === 'verify'
      ? 'RS*, PS*, ES*, EdDSA: the signer’s public key (BEGIN PUBLIC KEY) or its certificate (BEGIN CERTIFICATE). A public key is never an HMAC secret: offering one for an HS* token is refused as algorithm confusion (RFC 8725 §2.1).'
      : 'RS*, PS*, ES*, EdDSA: a private key (BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY).'
  return use === 'verify' ? 'A JWK Set ({"keys": […]}, RFC 7517 §5): the key is picked by the token’s kid.' : 'A JWK Set holding a private key (with "d"), or an "oct" key for HS*; picked by the header’s kid.'
}

export function JwtKeyField({ label, value, onChange, use, testId }: JwtKeyFieldProps) {
  const [fileError, setFileError] = useState<WireError | null>(null)
  const placeholder = value.kind === 'secret' ? (value.encoding === 'utf8' ? 'your-256-bit-secret' : 'AyM1SysPpbyDfgZld3umj1qzKObw…') : value.kind === 'pem' ? '-----BEGIN PUBLIC KEY-----\n…' : '{"keys": [{"kty": "RSA", "kid": "…", "n": "…", "e": "AQAB"}]}'
  return (
    <fieldset className="jwt-key" data-testid={testId}>
      <legend>{label}</legend>
      <div className="jwt-row">
        <Segmented label={`${label} kind`} options={KINDS} value={value.kind} onChange={(kind) => onChange({ ...value, kind })} />
        {value.kind === 'secret' ? <Segmented label={`${label} encoding`} options={ENCODINGS} value={value.encoding} onChange={(encoding) => onChange({ ...value, encoding })} /> : null}
        <span className="spacer" />
        <label className="jwt-file small-button">
          Read from a file…
          <input
            className="jwt-file-input"
            type="file"
            accept=".pem,.crt,.cer,.key,.pub,.json,.jwk,.jwks,.txt"
            aria-label={`${label} from a file`}
            onChange={(e) => {
              const file = e.target.files?.[0]
              e.target.value = ''
              if (!file) return
              void readKeyFile(file).then((r) => {
                if ('error' in r) return setFileError(r.error)
                setFileError(null)
                const kind: KeyKind = /-----BEGIN /.test(r.text) ? 'pem' : /^\s*\{/.test(r.text) ? 'jwks' : value.kind
                onChange({ ...value, kind, text: r.text, fileName: file.name })
              })
            }}
          />
        </label>
      </div>
      {value.kind === 'secret' ? (
        <input
          type="password"
          className="mono"
          aria-label={label}
          autoComplete="off"
          spellCheck={false}
          value={value.text}
          placeholder={placeholder}
          onChange={(e) => onChange({ ...value, text: e.target.value, fileName: null })}
        />
      ) : (
        <textarea className="mono" rows={4} aria-label={label} spellCheck={false} value={value.text} placeholder={placeholder} onChange={(e) => onChange({ ...value, text: e.target.value, fileName: null })} />
      )}
      <p className="hint jwt-key-words">
        {value.fileName ? <span className="jwt-file-name">Read from {value.fileName} (kept in memory only). </span> : null}
        {words(value.kind, use)}
      </p>
      <ErrorBox error={fileError} onDismiss={() => setFileError(null)} />
    </fieldset>
  )
}
