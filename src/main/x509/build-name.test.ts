// SAN text from the Generate form and `cert new`: what becomes a name, and the words for what cannot.
import { describe, expect, it } from 'vitest'
import { generalNameFromText } from './build-name'

const refusal = (text: string): string => {
  try {
    return `accepted as ${JSON.stringify(generalNameFromText(text))}`
  } catch (e) {
    return (e as Error).message
  }
}

describe('generalNameFromText', () => {
  it('takes DNS names, IPs, e-mail addresses and URIs', () => {
    expect(generalNameFromText('Example.COM.')).toEqual({ type: 'dns', value: 'example.com' })
    expect(generalNameFromText('*.example.com')).toEqual({ type: 'dns', value: '*.example.com' })
    expect(generalNameFromText('192.0.2.1')).toEqual({ type: 'ip', value: '192.0.2.1' })
    expect(generalNameFromText('::1')).toEqual({ type: 'ip', value: '::1' })
    expect(generalNameFromText('ops@example.com')).toEqual({ type: 'email', value: 'ops@example.com' })
    expect(generalNameFromText('spiffe://lab/svc')).toEqual({ type: 'uri', value: 'spiffe://lab/svc' })
    // digits in labels are fine where the name does not end in one
    expect(generalNameFromText('1.2.3.example')).toEqual({ type: 'dns', value: '1.2.3.example' })
  })

  it('refuses a dotted quad that is not an IPv4 address instead of taking it as a DNS name', () => {
    expect(refusal('300.1.1.1')).toBe('"300.1.1.1" looks like an IPv4 address but is not one (300 is over 255), and it is not a DNS name either.')
    expect(refusal('1.2.3.4.5')).toMatch(/ends in a numeric label/)
    expect(refusal('10.0.0.300')).toMatch(/300 is over 255/)
  })

  it('refuses a space inside a name, saying how to separate names', () => {
    expect(refusal('www example.com')).toBe('"www example.com" contains a space, and a name cannot: separate several names with commas or new lines.')
  })
})
