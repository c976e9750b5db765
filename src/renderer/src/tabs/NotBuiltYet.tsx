// The place for a tab whose engine is not built yet: it says what will come and pretends nothing.
const PLANS: Record<string, { title: string; text: string }> = {
  certificates: {
    title: 'Certificates',
    text: 'Drop any certificate file (PEM, DER, PKCS#7, PKCS#12, CSR, keys) to inspect it, build and verify its chain against Mozilla’s roots, and generate keys, CAs and certificates.'
  },
  dns: {
    title: 'DNS',
    text: 'Every common record type from any resolver (system, UDP, TCP, DoH), with TTLs, reverse lookups, a trace from the root and the raw packet annotated.'
  },
  subnets: {
    title: 'Subnets',
    text: 'IPv4 and IPv6 parsing with binary views, a CIDR calculator, split and merge, classification per the IANA registries, port numbers and local interfaces.'
  },
  http: {
    title: 'HTTP',
    text: 'A raw request editor whose bytes go on the wire exactly as typed, over TCP or TLS, with the parsed and raw response, timings, cookies, auth and WebSockets.'
  },
  walkthrough: {
    title: 'Walkthrough',
    text: 'A visual step-by-step of a real request — DNS, TCP, the TLS handshake record by record, HTTP — with real bytes and timings, explained.'
  }
}

/** A tab that is planned but not built: says so plainly, pretends nothing. */
export function NotBuiltYet({ tab }: { tab: string }) {
  const plan = PLANS[tab] ?? { title: tab, text: '' }
  return (
    <div className="not-built" data-testid="not-built">
      <h1>{plan.title}</h1>
      <p className="not-built-badge">Not built yet</p>
      <p>{plan.text}</p>
      <p className="muted">This tab does nothing yet; nothing here is simulated. The Connections tab works today.</p>
    </div>
  )
}
