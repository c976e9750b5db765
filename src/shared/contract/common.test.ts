// The shared input schemas (hosts, ports, payloads, timeouts) accept what users type and refuse the rest in words.
import { describe, expect, it } from 'vitest'
import { connectInput, serverStartInput, splitHostPort } from '.'

function issues(result: { success: boolean; error?: { issues: { message: string }[] } }): string[] {
  return result.success ? [] : (result.error?.issues.map((i) => i.message) ?? [])
}

describe('host and port validation', () => {
  it('accepts names, IPv4 and IPv6 (with or without brackets)', () => {
    for (const host of ['example.com', 'localhost', '127.0.0.1', '::1', '[::1]', 'fe80::1%eth0', 'my_host.internal.']) {
      expect(connectInput.safeParse({ host, port: 80 }).success, host).toBe(true)
    }
    expect(connectInput.parse({ host: '[::1]', port: 80 }).host).toBe('::1')
  })
  it('refuses a port of 70000, 0 for connecting, and non-integers, in words', () => {
    expect(issues(connectInput.safeParse({ host: 'a', port: 70000 }))).toEqual(['A port is a whole number from 0 to 65535.'])
    expect(issues(connectInput.safeParse({ host: 'a', port: 0 }))).toEqual(['Port 0 cannot be connected to; use 1 to 65535.'])
    expect(issues(connectInput.safeParse({ host: 'a', port: 1.5 }))).toEqual(['A port is a whole number from 0 to 65535.'])
    expect(issues(connectInput.safeParse({ host: 'a', port: null }))).toEqual(['A port is a whole number from 0 to 65535.'])
  })
  it('refuses a 300-character host and junk', () => {
    expect(issues(connectInput.safeParse({ host: 'a'.repeat(300), port: 1 }))).toContain('A host name is at most 253 characters.')
    expect(issues(connectInput.safeParse({ host: 'exa mple.com', port: 1 }))).toContain('Not a valid host name or IP address.')
    expect(issues(connectInput.safeParse({ host: '300.1.1.1', port: 1 }))).toContain('Not a valid host name or IP address.')
    expect(issues(connectInput.safeParse({ host: '', port: 1 }))).toContain('Enter a host name or an IP address.')
  })
  it('servers default to loopback, port 0 and echo with sane limits', () => {
    const s = serverStartInput.parse({})
    expect(s).toMatchObject({ protocol: 'tcp', host: '127.0.0.1', port: 0, behaviour: 'echo' })
    expect(s.limits).toEqual({ idleTimeoutMs: 30_000, maxLineLength: 8192, maxConnections: 1000, lineDeadlineMs: 10_000 })
  })
})

describe('splitHostPort', () => {
  it('splits names, IPv4 and bracketed IPv6', () => {
    expect(splitHostPort('example.com:443')).toEqual({ host: 'example.com', port: 443 })
    expect(splitHostPort('[::1]:7')).toEqual({ host: '::1', port: 7 })
    expect(splitHostPort('::1')).toBeNull()
    expect(splitHostPort('host:abc')).toBeNull()
  })
})
