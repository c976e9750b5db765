// The Generate form's SAN field: how typed text becomes the list of names the generator receives.
import { describe, expect, it } from 'vitest'
import { splitNames } from './generate-model'

describe('splitNames', () => {
  it('splits on commas and new lines, not on spaces', () => {
    expect(splitNames('localhost, 127.0.0.1,::1\nwww.example.test\r\n\n')).toEqual(['localhost', '127.0.0.1', '::1', 'www.example.test'])
  })

  it('keeps a space inside an entry, so the generator can refuse it with words instead of making two names', () => {
    expect(splitNames('www example.com, api.example.com')).toEqual(['www example.com', 'api.example.com'])
  })
})
