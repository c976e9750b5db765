// JWT: decode in the page, verify and sign in main. (Placeholder until the panel lands.)
export function JwtPanel() {
  return <p className="hint">JWT panel: coming in this change.</p>
}
