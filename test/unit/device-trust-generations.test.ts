import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { currentFactor, isDeviceTrustSecondFactor, offeredFactors } from '../../src/runtime/core/factors'
import { stepFromStatus } from '../../src/runtime/core/flow'

// Older Clerk applications ask a new device for its code under `needs_second_factor`; the form tells
// that from real MFA by `clientTrustState` and the factors offered (core/factors.ts cites Clerk).

describe('isDeviceTrustSecondFactor', () => {
  it.each([
    ['a new device, an email code', 'new', ['email_code'], true],
    ['a new device, an SMS code', 'new', ['phone_code'], true],
    ['a new device, both codes', 'new', ['email_code', 'phone_code'], true],
    ['a new device, an email link', 'new', ['email_link'], true],
    ['a new device, an authenticator app among the factors (MFA)', 'new', ['totp', 'phone_code', 'backup_code'], false],
    ['a new device, an email code and backup codes (MFA)', 'new', ['email_code', 'backup_code'], false],
    ['a known device, an email code (MFA: Device Trust never asks a known device)', 'known', ['email_code'], false],
    ['a pending state', 'pending', ['email_code'], false],
    ['no clientTrustState (an older clerk-js, or none sent)', null, ['email_code'], false],
    ['a new device, nothing offered', 'new', [], false],
    ['a new device, a strategy this form does not know', 'new', ['passkey'], false],
  ] as const)('given %s: %s', (_, clientTrustState, strategies, expected) => {
    expect(isDeviceTrustSecondFactor({ clientTrustState, strategies })).toBe(expected)
  })

  it('is false without evidence', () => {
    expect(isDeviceTrustSecondFactor(undefined)).toBe(false)
    expect(isDeviceTrustSecondFactor({ clientTrustState: 'new' })).toBe(false)
  })

  it('never takes an authenticator app or backup codes, or a device that is not new, for Device Trust', () => {
    const strategy = fc.constantFrom('email_code', 'phone_code', 'email_link', 'totp', 'backup_code', 'passkey')
    fc.assert(fc.property(fc.constantFrom('new', 'known', 'pending', null), fc.array(strategy, { maxLength: 5 }), (state, strategies) => {
      const trust = isDeviceTrustSecondFactor({ clientTrustState: state, strategies })
      if (state !== 'new' || strategies.some(s => s === 'totp' || s === 'backup_code')) expect(trust).toBe(false)
      else if (strategies.length > 0 && strategies.every(s => s !== 'passkey')) expect(trust).toBe(true)
    }))
  })
})

describe('stepFromStatus, given an older application\'s needs_second_factor', () => {
  it('is the new-device step for Device Trust and the MFA step for real MFA', () => {
    expect(stepFromStatus('needs_second_factor', false, { clientTrustState: 'new', strategies: ['email_code'] })).toBe('verify')
    expect(stepFromStatus('needs_second_factor', false, { clientTrustState: 'new', strategies: ['totp', 'backup_code'] })).toBe('second-factor')
    expect(stepFromStatus('needs_second_factor', false, { clientTrustState: 'known', strategies: ['phone_code'] })).toBe('second-factor')
    expect(stepFromStatus('needs_second_factor')).toBe('second-factor')
  })

  it('leaves the other statuses as they were', () => {
    const trust = { clientTrustState: 'new', strategies: ['email_code'] }
    expect(stepFromStatus('needs_client_trust', false, trust)).toBe('verify')
    expect(stepFromStatus('needs_first_factor', true, trust)).toBe('reset-code')
    expect(stepFromStatus('complete', false, trust)).toBe('complete')
  })

  it('then offers and starts with what the newer generation\'s new-device step does: an email code before an SMS code', () => {
    const second = [
      { strategy: 'email_code', safeIdentifier: 's***@example.com', emailAddressId: 'idn_e' },
      { strategy: 'phone_code', safeIdentifier: '+1******0122', phoneNumberId: 'idn_p' },
    ]
    const step = stepFromStatus('needs_second_factor', false, { clientTrustState: 'new', strategies: second.map(f => f.strategy) })
    const offered = offeredFactors(step, { second })
    expect(offered.map(f => f.strategy)).toEqual(['email_code', 'phone_code'])
    // MFA would start with the SMS code (Clerk's order for a second factor); a new device with the email code.
    expect(currentFactor(offered, step, undefined, null)?.strategy).toBe('email_code')
    expect(currentFactor(offered, 'second-factor', undefined, null)?.strategy).toBe('phone_code')
  })
})
