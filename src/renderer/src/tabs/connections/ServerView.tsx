// One running server as Connections shows it: listen address, defences, live counters, clients, transcripts.
import { useEffect, useState } from 'react'
import type { ClientInfo, ServerInfo, ServerStats } from '../../../../shared/contract'
import { api } from '../../app/api'
import { useStore } from '../../app/store'
import { VirtualList } from '../../ui/VirtualList'
import { StreamPanel } from './StreamPanel'
import { FailedHandshakes } from './FailedHandshakes'
import { bytesLabel, connectTargets, hostPort, secondsOrOff } from './model'
import { connectionsStore } from './store'

function age(from: number, to: number | null, now: number): string {
  const s = Math.max(0, Math.round(((to ?? now) - from) / 1000))
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`
}

function clientTitle(client: ClientInfo | undefined): string {
  return client ? `Client ${hostPort(client.remoteAddress, client.remotePort)}` : 'Client'
}

const COUNTERS: { key: keyof ServerStats; label: string; bad?: boolean; tcpOnly?: boolean; udpOnly?: boolean }[] = [
  { key: 'accepted', label: 'accepted', tcpOnly: true },
  { key: 'active', label: 'active', tcpOnly: true },
  { key: 'datagrams', label: 'datagrams', udpOnly: true },
  { key: 'refusedMaxConnections', label: 'refused (max connections)', bad: true, tcpOnly: true },
  { key: 'idleTimeouts', label: 'idle timeouts', bad: true, tcpOnly: true },
  { key: 'linesTooLong', label: 'lines too long', bad: true },
  { key: 'slowClients', label: 'too slow (line deadline)', bad: true, tcpOnly: true },
  { key: 'evictions', label: 'closed to make room', bad: true, tcpOnly: true },
  { key: 'backpressurePauses', label: 'paused (not reading replies)', bad: true, tcpOnly: true },
  { key: 'tlsFailures', label: 'TLS handshakes failed', bad: true, tcpOnly: true }
]

/** A running server: where it listens, its defences and counters, its clients, and a client's transcript. */
export function ServerView({ info }: { info: ServerInfo }) {
  const [stats, setStats] = useState<ServerStats>(info.stats)
  const [clients, setClients] = useState<ClientInfo[]>([])
  // Which client is shown outlives the view; counters and clients are asked of main again on mount.
  const selected = useStore(connectionsStore, (s) => s.serverClient[info.id] ?? null)
  const setSelected = (streamId: string) => connectionsStore.set((s) => ({ ...s, serverClient: { ...s.serverClient, [info.id]: streamId } }))
  const [now, setNow] = useState(Date.now())
  const udp = info.protocol === 'udp'

  useEffect(() => {
    let alive = true
    void api.call('server.clients', { serverId: info.id }).then((r) => {
      if (alive && r.ok) setClients(r.value)
    })
    // Counters may have moved while this view was not shown: start from the current ones.
    void api.call('server.list', {}).then((r) => {
      const current = r.ok ? r.value.find((s) => s.id === info.id) : undefined
      if (alive && current) setStats(current.stats)
    })
    const offStats = api.on('server.stats', (p) => {
      if (p.serverId === info.id) setStats(p.stats)
    })
    const offClient = api.on('server.client', ({ client }) => {
      if (client.serverId !== info.id) return
      setClients((prev) => {
        const i = prev.findIndex((c) => c.streamId === client.streamId)
        if (i < 0) return [client, ...prev].slice(0, 5000)
        const next = prev.slice()
        next[i] = client
        return next
      })
    })
    const tick = setInterval(() => setNow(Date.now()), 1000)
    return () => {
      alive = false
      offStats()
      offClient()
      clearInterval(tick)
    }
  }, [info.id])

  const listen = hostPort(info.address, info.port)
  return (
    <div className="detail">
      <dl className="kvs">
        <div className="kv">
          <dt>Listening</dt>
          <dd data-testid="server-listen">
            {info.protocol.toUpperCase()} {listen} <span className="muted">· {info.behaviour}</span>
          </dd>
        </div>
        {!udp ? (
          <div className="kv">
            <dt>Defences</dt>
            <dd data-testid="server-defences">
              idle timeout {secondsOrOff(info.limits.idleTimeoutMs)} · line deadline {secondsOrOff(info.limits.lineDeadlineMs)} · max line {info.limits.maxLineLength} B · max {info.limits.maxConnections} connections
            </dd>
          </div>
        ) : null}
        {info.tls ? (
          <div className="kv">
            <dt>Certificate</dt>
            <dd>
              {info.tls.subject}
              {info.tls.selfSigned ? ' (throwaway self-signed)' : ''}
              {info.tls.requireClientCert ? ' · client certificate required' : ''}
              <div className="mono small muted">SHA-256 {info.tls.fingerprint256}</div>
            </dd>
          </div>
        ) : null}
      </dl>
      {info.warning ? (
        <div className="warning" role="alert">
          {info.warning}
        </div>
      ) : null}
      <div className="counters" data-testid="server-counters">
        {COUNTERS.filter((c) => (udp ? !c.tcpOnly : !c.udpOnly)).map((c) => (
          <div key={c.key} className={`counter ${c.bad && stats[c.key] > 0 ? 'bad' : ''}`}>
            <div className="counter-value">{stats[c.key]}</div>
            <div className="counter-label">{c.label}</div>
          </div>
        ))}
        <div className="counter">
          <div className="counter-value">{bytesLabel(stats.bytesIn)}</div>
          <div className="counter-label">in</div>
        </div>
        <div className="counter">
          <div className="counter-value">{bytesLabel(stats.bytesOut)}</div>
          <div className="counter-label">out</div>
        </div>
      </div>
      {info.protocol === 'tls' ? <FailedHandshakes serverId={info.id} initial={info.failedHandshakes ?? []} /> : null}
      {udp ? (
        <StreamPanel streamId={info.id} title="Datagrams" />
      ) : (
        <>
        <h3 className="clients-title">Clients</h3>
        <div className="split">
          <section className="clients" aria-label="Clients">
            <div className="table-head clients-grid">
              <span>Client</span>
              <span>In</span>
              <span>Out</span>
              <span>Age</span>
              <span>State</span>
            </div>
            {clients.length === 0 ? (
              <div className="transcript-empty">No clients yet. Connect to {connectTargets(info.address, info.port)}.</div>
            ) : (
              <VirtualList
                label="Clients"
                count={clients.length}
                rowHeight={28}
                testId="clients-table"
                renderRow={(i) => {
                  const c = clients[i] as ClientInfo
                  return (
                    <button className={`table-row clients-grid ${selected === c.streamId ? 'selected' : ''}`} onClick={() => setSelected(c.streamId)}>
                      <span className="mono" title={c.tls?.peerSubject ?? undefined}>
                        {hostPort(c.remoteAddress, c.remotePort)}
                        {c.tls?.peerSubject ? ` · ${c.tls.peerSubject}` : ''}
                      </span>
                      <span>{bytesLabel(c.bytesIn)}</span>
                      <span>{bytesLabel(c.bytesOut)}</span>
                      <span>{age(c.connectedAt, c.closedAt, now)}</span>
                      <span className={c.closedAt ? 'muted' : 'good'}>{c.closedAt ? c.closeReason ?? 'closed' : 'open'}</span>
                    </button>
                  )
                }}
              />
            )}
          </section>
          {selected ? (
            <div className="client-detail">
              <StreamPanel streamId={selected} title={clientTitle(clients.find((c) => c.streamId === selected))} />
              <button className="small-button" onClick={() => void api.call('server.disconnect', { streamId: selected })}>
                Disconnect this client
              </button>
            </div>
          ) : (
            <div className="transcript-empty">Select a client to see its transcript.</div>
          )}
        </div>
        </>
      )}
    </div>
  )
}
