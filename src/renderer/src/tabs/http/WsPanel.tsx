// WebSocket client panel. (Placeholder until the panel lands.)
export function WsPanel() {
  return <p className="hint">WebSocket panel: coming in this change.</p>
}
