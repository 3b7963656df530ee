import { describe, expect, it } from 'vitest'
import { alternativesTo, chooseSecondFactor, factorKey, hintKey, isSendable, methodLabelKey, normalizeBackupCode, usableFactors } from '../../src/runtime/core/factors'
import type { SecondFactor } from '../../src/runtime/core/factors'
import { isSignInGone, mapClerkError } from '../../src/runtime/core/errors'
import { formatMessage } from '../../src/runtime/core/messages'
import { defaultMessages } from '../../src/runtime/core/defaultMessages'

const f = (strategy: SecondFactor['strategy'], extra: Partial<SecondFactor> = {}): SecondFactor => ({ strategy, safeIdentifier: null, ...extra })

describe('usableFactors', () => {
  it('keeps the factors the form can finish, in order, and drops passkeys and unknown strategies', () => {
    const offered = [
      { strategy: 'passkey' },
      { strategy: 'phone_code', safeIdentifier: '+1******0111', phoneNumberId: 'idn_1' },
      { strategy: 'totp' },
      { strategy: 'weird' },
      { strategy: 'backup_code', safeIdentifier: '' },
    ]
    expect(usableFactors(offered)).toEqual([
      { strategy: 'phone_code', safeIdentifier: '+1******0111', phoneNumberId: 'idn_1' },
      { strategy: 'totp', safeIdentifier: null },
      { strategy: 'backup_code', safeIdentifier: null },
    ])
    expect(usableFactors(null)).toEqual([])
  })
})

describe('chooseSecondFactor (Clerk\'s order: TOTP, then SMS, then the first offered)', () => {
  it.each([
    [['backup_code', 'phone_code', 'totp'], 'totp'],
    [['email_code', 'backup_code', 'phone_code'], 'phone_code'],
    [['email_code', 'backup_code'], 'email_code'],
    [['backup_code', 'email_code'], 'backup_code'],
  ] as const)('given %j picks %s', (strategies, expected) => {
    expect(chooseSecondFactor(strategies.map(s => f(s)))?.strategy).toBe(expected)
  })

  it('is null when nothing is offered', () => {
    expect(chooseSecondFactor([])).toBeNull()
  })
})

describe('alternativesTo', () => {
  it('lists the others with backup codes last, telling two phone numbers apart', () => {
    const phoneA = f('phone_code', { phoneNumberId: 'a' })
    const phoneB = f('phone_code', { phoneNumberId: 'b' })
    const list = [f('backup_code'), phoneA, f('totp'), phoneB]
    expect(alternativesTo(list, phoneA)).toEqual([f('totp'), phoneB, f('backup_code')])
    expect(alternativesTo(list, null)).toHaveLength(4)
    expect(factorKey(phoneA)).not.toBe(factorKey(phoneB))
  })
})

describe('labels and hints', () => {
  it('names every factor, with the masked address where there is one', () => {
    expect(formatMessage(defaultMessages[methodLabelKey('phone_code')], { identifier: '+1***0100' })).toBe('Send an SMS code to +1***0100')
    expect(defaultMessages[methodLabelKey('backup_code')]).toBe('Use a backup code')
    expect(defaultMessages[hintKey('totp')]).toBe('Enter the code from your authenticator app')
    expect(formatMessage(defaultMessages[hintKey('email_link')], { identifier: 'l***@example.com' })).toBe('Open the link sent to l***@example.com to continue.')
    expect(isSendable('email_code') && isSendable('phone_code')).toBe(true)
    expect(isSendable('totp') || isSendable('email_link') || isSendable(null)).toBe(false)
  })
})

describe('normalizeBackupCode', () => {
  it.each([
    ['  backup-0001 ', { ok: true, code: 'backup-0001' }],
    ['', { ok: false, reason: 'required' }],
    ['two words', { ok: false, reason: 'invalid' }],
    ['x'.repeat(65), { ok: false, reason: 'invalid' }],
  ] as const)('%j → %j', (input, expected) => {
    expect(normalizeBackupCode(input)).toEqual(expected)
  })
})

describe('status errors', () => {
  const apiError = (code: string, meta: Record<string, unknown> = {}) => ({ code, message: 'm', longMessage: 'l', meta })
  it('shows Clerk\'s own lock-out text (it carries the minutes), unless the app translated it', () => {
    const long = 'Your account is locked. You will be able to try again in 30 minutes. For more information, contact support.'
    expect(mapClerkError({ ...apiError('user_locked'), longMessage: long })).toEqual({ field: null, message: long, code: 'user_locked' })
    expect(mapClerkError({ code: 'user_locked', message: 'Account locked', meta: {} }).message).toBe(defaultMessages.accountLocked)
    expect(mapClerkError({ ...apiError('user_locked'), longMessage: long }, { ...defaultMessages, accountLocked: 'Compte verrouillé.' }).message).toBe('Compte verrouillé.')
    // clerk-js never passes lockout_expires_in_seconds on: nothing reads it any more.
    expect(mapClerkError({ ...apiError('user_locked', { lockoutExpiresInSeconds: 1800 }), longMessage: '' }).message).toBe(defaultMessages.accountLocked)
  })
  it('maps gone sign-ins, and no longer gives verification_failed (which Clerk never sends) a meaning', () => {
    expect(mapClerkError(apiError('verification_failed', { paramName: 'code' }))).toEqual({ field: 'code', message: 'l', code: 'verification_failed' })
    expect(mapClerkError(apiError('sign_in_expired')).message).toBe(defaultMessages.signInExpired)
    expect(isSignInGone('sign_in_expired') && isSignInGone('resource_not_found')).toBe(true)
    expect(isSignInGone('form_code_incorrect') || isSignInGone(undefined)).toBe(false)
  })
})
