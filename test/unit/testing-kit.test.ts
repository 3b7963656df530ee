import { describe, expect, it } from 'vitest'
import { publishableKeyFor } from '../../src/emulator'
import { TestingError, detectBackend, isClerkTestIdentifier, withClerkEmulator } from '../../src/testing'
import { answerSecondFactors, chooseFactor } from '../../src/testing/signIn'
import type { EmulatorClient } from '../../src/testing'
import type { OutboxEntry } from '../../src/emulator'
import { describeOutbox, waitForCode } from '../../src/testing/emulatorClient'
import { chooseResetFactor } from '../../src/testing/resetPassword'

// The testing kit's pure decisions; its browser behaviour is proven in test/testing.

describe('given Clerk test-mode addresses', () => {
  it.each([
    'jane+clerk_test@example.com', 'JANE+CLERK_TEST@Example.com', '+12015550100', '+1 (973) 555-0133', '+15555550199',
  ])('takes %s as a test address', (value) => {
    expect(isClerkTestIdentifier(value)).toBe(true)
  })

  it.each([
    'jane@example.com', 'jane+clerk_testing@example.com', 'clerk_test@example.com', '+12015550200', '+442015550100', '+1201555010', 'jane',
  ])('refuses %s', (value) => {
    expect(isClerkTestIdentifier(value)).toBe(false)
  })
})

describe('given a publishable key', () => {
  it('takes a development instance for real Clerk and anything else for the emulator', () => {
    expect(detectBackend(publishableKeyFor('clerk.emulator.invalid'))).toBe('emulator')
    expect(detectBackend(publishableKeyFor('happy-cat-12.clerk.accounts.dev'))).toBe('clerk')
    expect(detectBackend('pk_test_not-base64-at-all')).toBe('emulator')
  })

  it('stops at a production key with what to do', () => {
    expect(() => detectBackend(publishableKeyFor('clerk.example.com').replace('pk_test_', 'pk_live_'))).toThrow(TestingError)
    expect(() => detectBackend('pk_live_Y2xlcmsuZXhhbXBsZS5jb20k')).toThrow(/production Clerk key \(pk_live_\).*development keys/)
  })
})

describe('given the second factors a sign-in offers', () => {
  const email = { strategy: 'email_code', emailAddressId: 'idn_1' }
  const phone = { strategy: 'phone_code', phoneNumberId: 'idn_2' }
  const identifier = 'jane@example.com'

  it('prefers the email code, honours `strategy`, and takes TOTP or a backup code only when given one', () => {
    expect(chooseFactor('needs_client_trust', [phone, email], { identifier })).toBe(email)
    expect(chooseFactor('needs_client_trust', [email, phone], { identifier, strategy: 'phone_code' })).toBe(phone)
    const mfa = [{ strategy: 'totp' }, phone, { strategy: 'backup_code' }]
    expect(chooseFactor('needs_second_factor', mfa, { identifier }).strategy).toBe('phone_code')
    expect(chooseFactor('needs_second_factor', mfa, { identifier, totpSecret: 'S' }).strategy).toBe('totp')
    expect(chooseFactor('needs_second_factor', mfa, { identifier, backupCode: 'b' }).strategy).toBe('backup_code')
  })

  it('names the option to pass when nothing can be answered', () => {
    expect(() => chooseFactor('needs_second_factor', [{ strategy: 'totp' }, { strategy: 'backup_code' }], { identifier }))
      .toThrow(/offers totp, backup_code.*pass `totpSecret`.*pass `backupCode`/)
    expect(() => chooseFactor('needs_client_trust', [{ strategy: 'email_link' }], { identifier }))
      .toThrow(/email links are not supported by the kit/)
  })
})

describe('given an outbox to show in an error', () => {
  it('lists the newest ten, newest last, and says when it is empty', () => {
    expect(describeOutbox([])).toBe('  (the outbox is empty)')
    const entries = Array.from({ length: 12 }, (_, i) => ({ id: `m${i}`, at: i * 1000, channel: 'email' as const, kind: 'code' as const, purpose: i === 11 ? 'reset_password' as const : 'client_trust' as const, to: `u${i}@x.test`, code: '424242', signInId: `sia_${i}`, userId: 'u' }))
    const lines = describeOutbox(entries).split('\n')
    expect(lines[0]).toBe('  … 2 older')
    expect(lines.at(-2)).toBe('  1970-01-01T00:00:10.000Z email code to u10@x.test (sign-in sia_10): 424242')
    expect(lines.at(-1)).toBe('  1970-01-01T00:00:11.000Z email password-reset code to u11@x.test (sign-in sia_11): 424242')
  })
})

describe('given codes for different purposes in the outbox', () => {
  const entry = (purpose: OutboxEntry['purpose'], code: string, at: number): OutboxEntry =>
    ({ id: code, at, channel: 'email', kind: 'code', purpose, to: 'jane@example.com', code, signInId: 'sia_1', userId: 'user_jane' })
  const outbox = [entry('client_trust', '111111', 1), entry('reset_password', '222222', 2), entry('mfa', '333333', 3)]
  const client = { outbox: async () => outbox } as EmulatorClient
  const newest = (purpose?: OutboxEntry['purpose'] | OutboxEntry['purpose'][]) =>
    waitForCode(client, { to: 'jane@example.com', purpose, timeout: 0 }, () => 'none')

  it('takes the newest of any purpose by default, as before purposes existed', async () => {
    expect(await newest()).toBe('333333')
  })

  it('takes the newest of the purposes asked for', async () => {
    expect(await newest('reset_password')).toBe('222222')
    expect(await newest(['client_trust', 'reset_password'])).toBe('222222')
    expect(await newest('client_trust')).toBe('111111')
  })
})

describe('given the reset codes a sign-in offers', () => {
  const email = { strategy: 'reset_password_email_code', emailAddressId: 'idn_1' }
  const sms = { strategy: 'reset_password_phone_code', phoneNumberId: 'idn_2' }
  const options = { identifier: 'sam@example.com', newPassword: 'x' }

  it('prefers the email, takes the SMS when asked or when it is the only one', () => {
    expect(chooseResetFactor([{ strategy: 'password' }, sms, email], options, 'who')).toBe(email)
    expect(chooseResetFactor([email, sms], { ...options, channel: 'sms' }, 'who')).toBe(sms)
    expect(chooseResetFactor([sms], options, 'who')).toBe(sms)
    expect(chooseResetFactor([email], { ...options, channel: 'sms' }, 'who')).toBe(email)
  })

  it('says what is missing when there is none', () => {
    expect(() => chooseResetFactor([{ strategy: 'password' }], options, 'resetPassword(\'x\')')).toThrow(/^resetPassword\('x'\): the sign-in offers no reset code \(first factors: password\)/)
  })
})

describe('given @nuxt/test-utils setup options', () => {
  it('adds the emulator with its users and fixed codes, keeping the app\'s own config', () => {
    const users = [{ emailAddress: 'ada@kit.test', password: 'pw' }]
    const merged = withClerkEmulator({ browser: true, nuxtConfig: { ssr: true, clientTrust: { afterSignInUrl: '/home', emulator: { path: '/__auth' } } } }, { users })
    expect(merged).toEqual({
      browser: true,
      nuxtConfig: { ssr: true, clientTrust: { afterSignInUrl: '/home', emulator: { path: '/__auth', enabled: true, codes: 'fixed', users } } },
    })
  })
})

describe('given a wrong password on the emulator', () => {
  it('throws a TestingError by that name, offering the app\'s own users before the seeded password', async () => {
    const { firstStepError } = await import('../../src/testing/signIn')
    const error = firstStepError('signIn(\'ann@example.com\')', { ok: false, code: 'form_password_incorrect', message: 'wrong', status: 422 } as never, 'emulator')
    expect(error).toBeInstanceOf(TestingError)
    expect(error.name).toBe('TestingError')
    expect(error.code).toBe('form_password_incorrect')
    expect(error.message.indexOf('clientTrust.emulator.users')).toBeLessThan(error.message.indexOf('correct-horse'))
  })
})

describe('given a sign-in Clerk Protect stopped (needs_protect_check)', () => {
  it('fails before any request, saying how to pass the challenge on the emulator', async () => {
    // The kit throws on this status before it touches the page: nothing of the page is read.
    const page = new Proxy({}, {
      get: () => {
        throw new Error('the page was used')
      },
    })
    const first = { ok: true as const, id: 'sia_1', status: 'needs_protect_check', factors: [], firstFactors: [], createdSessionId: null }
    const source = { backend: 'emulator' as const, code: () => Promise.reject(new Error('no code expected')) }
    const error = await answerSecondFactors(page as never, first, { identifier: 'jane@example.com' }, source, 'signIn(\'jane@example.com\')').catch((e: unknown) => e) as TestingError
    expect(error).toBeInstanceOf(TestingError)
    expect(error.code).toBe('unsupported_status')
    expect(error.message).toContain('needs_protect_check')
    expect(error.message).toContain('solveProtectCheck')
  })
})
