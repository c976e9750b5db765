// The Connections forms' own checks: ports in decimal only, times in seconds with 0 as off, counts in their unit.
import { describe, expect, it } from 'vitest'
import { checkCount, checkPort, checkSeconds, fieldMessage } from './form-checks'
import { connectTargets, secondsOrOff } from './model'

describe('ports', () => {
  it('refuses hexadecimal, octal, binary and exponent forms that Number() would quietly accept', () => {
    expect(checkPort('0x50', { listen: false })).toEqual({ ok: false, message: '"0x50" is not a decimal number: type ports in decimal (as a number, 0x50 would be port 80).' })
    for (const text of ['0o120', '0b1010000', '1e3', '80.0', '-1', ' 8 0 ']) expect(checkPort(text, { listen: false }).ok).toBe(false)
  })

  it('takes decimal ports, 0 only for listening', () => {
    expect(checkPort(' 8080 ', { listen: false })).toEqual({ ok: true, value: 8080 })
    expect(checkPort('0', { listen: true })).toEqual({ ok: true, value: 0 })
    expect(checkPort('0', { listen: false })).toEqual({ ok: false, message: 'Port 0 cannot be connected to; use 1 to 65535.' })
    expect(checkPort('70000', { listen: false })).toEqual({ ok: false, message: 'A port is a whole number from 0 to 65535.' })
  })
})

describe('times in seconds', () => {
  it('speaks seconds, not milliseconds or schema paths, and treats 0 as off', () => {
    expect(checkSeconds('0.05', 'Idle timeout')).toEqual({ ok: false, message: 'Idle timeout: 0.05 s is too short; use at least 0.1 seconds, or 0 to turn it off.' })
    expect(checkSeconds('0', 'Idle timeout')).toEqual({ ok: true, value: 0 })
    expect(checkSeconds('2.5', 'Idle timeout')).toEqual({ ok: true, value: 2500 })
    expect(checkSeconds('ten', 'Line deadline').ok).toBe(false)
    expect(secondsOrOff(0)).toBe('off')
    expect(secondsOrOff(30_000)).toBe('30s')
  })
})

describe('counts and messages', () => {
  it('names the unit, and keeps quiet about an empty field until a submit', () => {
    expect(checkCount('0', 'Max connections', 'connections', 1, 100_000)).toEqual({ ok: false, message: 'Max connections: from 1 to 100000 connections.' })
    const empty = checkPort('', { listen: false })
    expect(fieldMessage(empty, '')).toBeNull()
    expect(fieldMessage(empty, '', true)).toBe('Type the port to connect to, 1 to 65535.')
  })

  it('offers loopback to connect to for a server bound to every interface', () => {
    expect(connectTargets('0.0.0.0', 4000)).toBe('127.0.0.1:4000')
    expect(connectTargets('::', 4000)).toBe('[::1]:4000 or 127.0.0.1:4000')
    expect(connectTargets('127.0.0.1', 4000)).toBe('127.0.0.1:4000')
  })
})
