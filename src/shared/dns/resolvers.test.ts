// Resolver text as users type it: every accepted form, and the refusals a user must be able to act on.
import { describe, expect, it } from 'vitest'
import { WirebenchError } from '../errors'
import { describeResolver, parseResolver } from './resolvers'

function refusal(text: string, transport: Parameters<typeof parseResolver>[1] = 'udp'): string {
  try {
    parseResolver(text, transport)
  } catch (err) {
    expect(err).toBeInstanceOf(WirebenchError)
    expect((err as WirebenchError).code).toBe('DNS_BAD_RESOLVER')
    return (err as WirebenchError).message
  }
  throw new Error(`${text} was accepted`)
}

describe('parseResolver', () => {
  it.each([
    ['1.2.3.4', 'udp', { transport: 'udp', host: '1.2.3.4', port: 53 }],
    ['1.2.3.4:5353', 'udp', { transport: 'udp', host: '1.2.3.4', port: 5353 }],
    ['::1', 'tcp', { transport: 'tcp', host: '::1', port: 53 }],
    ['[::1]:5353', 'udp', { transport: 'udp', host: '::1', port: 5353 }],
    ['2001:db8::53', 'udp', { transport: 'udp', host: '2001:db8::53', port: 53 }],
    ['tls://dns.example', 'udp', { transport: 'tls', host: 'dns.example', port: 853 }],
    ['tls://dns.example:8853', 'udp', { transport: 'tls', host: 'dns.example', port: 8853 }],
    ['tls://1.1.1.1#cloudflare-dns.com', 'udp', { transport: 'tls', host: '1.1.1.1', port: 853, tlsName: 'cloudflare-dns.com' }],
    ['tls://[::1]:853#dns.test', 'udp', { transport: 'tls', host: '::1', port: 853, tlsName: 'dns.test' }],
    ['9.9.9.9', 'tls', { transport: 'tls', host: '9.9.9.9', port: 853 }],
    ['system', 'udp', { transport: 'system', host: '', port: 0 }]
  ] as const)('reads %s (%s)', (text, transport, expected) => {
    expect(parseResolver(text, transport)).toEqual(expected)
  })

  it('reads DoH URLs with their path, port and method', () => {
    expect(parseResolver('https://dns.example/dns-query', 'udp', 'POST')).toEqual({ transport: 'https', host: 'dns.example', port: 443, url: 'https://dns.example/dns-query', method: 'POST' })
    expect(parseResolver('https://127.0.0.1:8443/q?x=1')).toMatchObject({ host: '127.0.0.1', port: 8443, url: 'https://127.0.0.1:8443/q?x=1', method: 'GET' })
    expect(parseResolver('https://[::1]:8443')).toMatchObject({ host: '::1', port: 8443, url: 'https://[::1]:8443/dns-query' })
  })

  it('refuses what cannot be a resolver, in words', () => {
    expect(refusal('300.1.1.1')).toBe('300.1.1.1 is not an IPv4 address (each part is 0–255).')
    expect(refusal('300.1.1.1:53')).toBe('300.1.1.1 is not an IPv4 address (each part is 0–255).')
    expect(refusal('1.2.3')).toMatch(/not an IPv4 address/)
    expect(refusal('http://dns.example/dns-query')).toMatch(/DNS over HTTPS needs an https:\/\/ URL \(RFC 8484 §3\)/)
    expect(refusal('dns.example', 'https')).toMatch(/DNS over HTTPS needs an https:\/\/ URL/)
    expect(refusal('1.2.3.4:70000')).toBe('Port 70000 in 1.2.3.4:70000 is out of range (1–65535).')
    expect(refusal('1.2.3.4:0')).toMatch(/out of range/)
    expect(refusal('[::1]:99999')).toMatch(/out of range/)
    expect(refusal('tls://dns.example:65536')).toMatch(/out of range/)
    expect(refusal('https://dns.example:0/dns-query')).toMatch(/out of range/)
    expect(refusal('dns.example')).toMatch(/not an IP address.*use tls:\/\/dns\.example/)
    expect(refusal('[::1')).toMatch(/never closes/)
    expect(refusal('ftp://x')).toMatch(/only tls:\/\/.*https:\/\//)
    expect(refusal('')).toMatch(/empty/)
  })

  it('takes a DoH server as its URI template (RFC 8484 §3) and refuses other templates', () => {
    expect(parseResolver('https://dns.example/dns-query{?dns}').url).toBe('https://dns.example/dns-query')
    expect(refusal('https://dns.example/{path}')).toMatch(/only URI template variable/)
  })

  it('shows resolvers the way attempts name them', () => {
    expect(describeResolver(parseResolver('[::1]:5353'))).toBe('[::1]#5353')
    expect(describeResolver(parseResolver('127.0.0.1', 'tcp'))).toBe('127.0.0.1#53 (TCP)')
    expect(describeResolver(parseResolver('tls://dns.example'))).toBe('dns.example#853 (TLS)')
  })
})
