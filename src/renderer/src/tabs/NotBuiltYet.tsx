// The place for a tab whose engine is not built yet: it says what will come and what works today, pretending nothing.
const PLANS: Record<string, { title: string; text: string }> = {
  dns: {
    title: 'DNS',
    text: 'Every common record type from any resolver (system, UDP, TCP, DNS over TLS and HTTPS), with TTLs, reverse lookups, a trace from the root, DNSSEC, and the raw packet annotated byte by byte.'
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

/** What a user can use today, named as the tab bar names it. */
const BUILT = ['Connections', 'Certificates', 'DNS', 'Subnets', 'HTTP', 'Walkthrough']

/** A tab that is planned but not built: says so plainly, pretends nothing, promises no date. */
export function NotBuiltYet({ tab }: { tab: string }) {
  const plan = PLANS[tab] ?? { title: tab, text: '' }
  return (
    <div className="not-built" data-testid="not-built">
      <h1>{plan.title}</h1>
      <p className="not-built-badge">Not built yet</p>
      <p>
        <strong>What it will do: </strong>
        {plan.text}
      </p>
      <p className="muted">
        This tab does nothing yet; nothing here is simulated. Built and working today: {BUILT.slice(0, -1).join(', ')} and {BUILT.at(-1)}.
      </p>
    </div>
  )
}
