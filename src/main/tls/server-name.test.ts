// The SNI rule's edge cases that loopback servers cannot show: zone-scoped IPv6, brackets, trailing dots.
import { describe, expect, it } from 'vitest'
import { WirebenchError } from '../../shared/errors'
import { serverNameFor, verifyNameFor } from './server-name'

describe('serverNameFor', () => {
  it('sends a DNS name, never an address literal of any spelling', () => {
    expect(serverNameFor('example.com')).toBe('example.com')
    expect(serverNameFor('example.com.')).toBe('example.com')
    for (const literal of ['192.0.2.1', '::1', '[::1]', 'fe80::1%eth0', '2001:db8::1']) expect(serverNameFor(literal), literal).toBeNull()
  })

  it('lets an explicit name override, and "" send none', () => {
    expect(serverNameFor('192.0.2.1', 'api.example.com')).toBe('api.example.com')
    expect(serverNameFor('example.com', '')).toBeNull()
    expect(() => serverNameFor('example.com', '[2001:db8::1]')).toThrow(WirebenchError)
  })
})

describe('verifyNameFor', () => {
  it('checks the explicit name, else the SNI name, else the address', () => {
    expect(verifyNameFor('192.0.2.1', null)).toBe('192.0.2.1')
    expect(verifyNameFor('[::1]', null)).toBe('::1')
    expect(verifyNameFor('192.0.2.1', 'a.example')).toBe('a.example')
    expect(verifyNameFor('192.0.2.1', 'a.example', 'b.example')).toBe('b.example')
  })
})
