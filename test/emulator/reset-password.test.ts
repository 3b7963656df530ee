// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { SEEDED_TOTP_SECRET, totpCode } from '../../src/emulator'
import type { RunningClerkEmulator } from '../../src/emulator'
import { errorCode, useRealClerks } from '../helpers/realClerk'
import type { RealClerkContext } from '../helpers/realClerk'
import { fapiBrowser } from './fapiClient'

// A forgotten password, driven by the real clerk-js 6.40 through `SignInFuture`'s
// resetPasswordEmailCode / resetPasswordPhoneCode, as Clerk's forgot-password guide does.

const OLD = 'correct-horse'
const NEW = 'a-new-stable-42'

const { realClerk, sharedEmulator } = useRealClerks()

/** Up to `needs_new_password` by an emailed reset code, as the guide's first two steps. */
async function verifiedByEmail(ctx: RealClerkContext, identifier = 'jane@example.com') {
  expect(errorCode(await ctx.signIn().create({ identifier }))).toBe('ok')
  expect(errorCode(await ctx.signIn().resetPasswordEmailCode.sendCode())).toBe('ok')
  const sent = ctx.emulator.outbox().at(-1)
  expect(errorCode(await ctx.signIn().resetPasswordEmailCode.verifyCode({ code: sent?.code ?? '' }))).toBe('ok')
  expect(ctx.signIn().status).toBe('needs_new_password')
  return sent
}

/** The password error clerk-js put on the field: what a form shows there. */
function passwordField(ctx: RealClerkContext) {
  return ctx.clerk.__internal_state.signInSignal().errors.fields.password
}

async function signOut(ctx: RealClerkContext) {
  await ctx.clerk.signOut(() => {})
  await ctx.waitFor(() => !ctx.clerk.user)
}

/** Another browser (its own client cookie) signed in as Jane: its session id. */
async function janeElsewhere(emulator: RunningClerkEmulator) {
  const other = fapiBrowser(emulator)
  const id = await other.sendEmailCode('jane@example.com')
  const sessionId = (await other.attemptEmailCode(id)).json.response.created_session_id as string
  return { other, sessionId, tokens: () => other.call('POST', `/v1/client/sessions/${sessionId}/tokens`, {}) }
}

describe('given a user who forgot the password', () => {
  it('resets Jane\'s by an emailed code, signs her in, and only the new password works afterwards', async () => {
    const ctx = await realClerk()
    const sent = await verifiedByEmail(ctx)
    expect(sent).toMatchObject({ channel: 'email', kind: 'code', purpose: 'reset_password', to: 'jane@example.com', code: '424242', userId: 'user_jane' })
    expect(ctx.signIn().firstFactorVerification).toMatchObject({ status: 'verified', strategy: 'reset_password_email_code' })
    expect(errorCode(await ctx.signIn().resetPasswordEmailCode.submitPassword({ password: NEW }))).toBe('ok')
    // No new-device code after a reset: the reset code proved the email (see resetPassword.ts).
    expect(ctx.signIn().status).toBe('complete')
    await ctx.signIn().finalize()
    expect(ctx.clerk.user?.id).toBe('user_jane')
    expect(ctx.emulator.outbox()).toHaveLength(1)

    await signOut(ctx)
    expect(errorCode(await ctx.signIn().password({ identifier: 'jane@example.com', password: OLD }))).toBe('form_password_incorrect')
    expect(passwordField(ctx)?.code).toBe('form_password_incorrect')
    expect(errorCode(await ctx.signIn().password({ identifier: 'jane@example.com', password: NEW }))).toBe('ok')
    expect(ctx.signIn().status).toBe('complete')
  })

  it('resets Phil\'s (phone only) by an SMS code', async () => {
    const ctx = await realClerk()
    expect(errorCode(await ctx.signIn().create({ identifier: '+15555550100' }))).toBe('ok')
    expect(ctx.signIn().supportedFirstFactors?.map(f => f.strategy)).toEqual(['password', 'reset_password_phone_code'])
    // clerk-js finds the factor by itself; no email factor to send to.
    expect(errorCode(await ctx.signIn().resetPasswordEmailCode.sendCode())).toBe('factor_not_found')
    expect(errorCode(await ctx.signIn().resetPasswordPhoneCode.sendCode())).toBe('ok')
    const sms = ctx.emulator.outbox().at(-1)
    expect(sms).toMatchObject({ channel: 'sms', purpose: 'reset_password', to: '+15555550100', userId: 'user_phil' })
    expect(errorCode(await ctx.signIn().resetPasswordPhoneCode.verifyCode({ code: '000000' }))).toBe('form_code_incorrect')
    expect(errorCode(await ctx.signIn().resetPasswordPhoneCode.verifyCode({ code: sms?.code ?? '' }))).toBe('ok')
    expect(errorCode(await ctx.signIn().resetPasswordPhoneCode.submitPassword({ password: NEW }))).toBe('ok')
    await ctx.signIn().finalize()
    expect(ctx.clerk.user?.id).toBe('user_phil')
  })

  it('offers both reset codes to a user with both, the one of the identifier typed first', async () => {
    const ctx = await realClerk()
    await ctx.signIn().create({ identifier: '+1 555 555 0122' })
    expect(ctx.signIn().supportedFirstFactors?.map(f => f.strategy)).toEqual(['password', 'reset_password_phone_code', 'reset_password_email_code'])
    await ctx.signIn().create({ identifier: 'sam@example.com' })
    expect(ctx.signIn().supportedFirstFactors).toEqual([
      { strategy: 'password' },
      expect.objectContaining({ strategy: 'reset_password_email_code', safeIdentifier: 's***@example.com', emailAddressId: 'idn_email_sam', primary: true }),
      expect.objectContaining({ strategy: 'reset_password_phone_code', safeIdentifier: '+1******0122', phoneNumberId: 'idn_phone_sam', primary: true }),
    ])
  })

  it('refuses a wrong code and an expired one, and a new code gets through', async () => {
    let now = Date.now()
    const ctx = await realClerk({ emulator: { now: () => now } })
    await ctx.signIn().create({ identifier: 'jane@example.com' })
    await ctx.signIn().resetPasswordEmailCode.sendCode()
    expect(errorCode(await ctx.signIn().resetPasswordEmailCode.verifyCode({ code: '000000' }))).toBe('form_code_incorrect')
    expect(ctx.clerk.__internal_state.signInSignal().errors.fields.code?.code).toBe('form_code_incorrect')
    now += 10 * 60_000
    expect(errorCode(await ctx.signIn().resetPasswordEmailCode.verifyCode({ code: '424242' }))).toBe('verification_expired')
    expect(ctx.signIn().status).toBe('needs_first_factor')
    await ctx.signIn().resetPasswordEmailCode.sendCode()
    expect(errorCode(await ctx.signIn().resetPasswordEmailCode.verifyCode({ code: '424242' }))).toBe('ok')
  })
})

describe('given the instance\'s password rules', () => {
  const rules = { minLength: 12, requireNumbers: true, requireUppercase: true, minZxcvbnStrength: 3 }

  it.each([
    ['too short and missing a digit and a capital', 'short', ['form_password_length_too_short', 'form_password_no_uppercase', 'form_password_no_number']],
    ['72 characters (clerk-js wants fewer than max_length)', `A1${'x'.repeat(70)}`, ['form_password_length_too_long']],
    ['more than 72 bytes in fewer characters', `A1${'é'.repeat(40)}`, ['form_password_size_in_bytes_exceeded']],
    ['breached', 'Password123!', ['form_password_pwned']],
    ['easy to guess', 'Aaaaaaaaaaaa1', ['form_password_not_strong_enough']],
    ['the current one', null, ['form_new_password_matches_current']],
  ])('refuses a password %s with Clerk\'s codes on the password field', async (_name, password, codes) => {
    const current = 'Current-Horse-2024'
    const ctx = await realClerk({ emulator: { instance: { passwordSettings: rules }, users: [{ emailAddress: 'ada@example.com', password: current }] } })
    await verifiedByEmail(ctx, 'ada@example.com')
    const result = await ctx.signIn().resetPasswordEmailCode.submitPassword({ password: password ?? current })
    const raw = ctx.clerk.__internal_state.signInSignal().errors.raw ?? []
    expect(raw.map(e => (e as { code: string }).code)).toEqual(codes)
    expect(raw.every(e => (e as { meta?: { paramName?: string } }).meta?.paramName === 'password')).toBe(true)
    expect(errorCode(result)).toBe(codes[0])
    // clerk-js keeps one error per field: the last one of its param.
    expect(passwordField(ctx)?.code).toBe(codes.at(-1))
    // Still waiting for a new password: a good one goes through.
    expect(ctx.signIn().status).toBe('needs_new_password')
    expect(errorCode(await ctx.signIn().resetPasswordEmailCode.submitPassword({ password: 'Seven-Blue-Lanterns-42' }))).toBe('ok')
    expect(ctx.signIn().status).toBe('complete')
  })

  it('tells a form why a password is weak (zxcvbn suggestions, as Clerk\'s UI reads them)', async () => {
    const ctx = await realClerk({ emulator: { instance: { passwordSettings: { minZxcvbnStrength: 4 } } } })
    await verifiedByEmail(ctx)
    await ctx.signIn().resetPasswordEmailCode.submitPassword({ password: 'abcdefgh1234' })
    const error = passwordField(ctx) as { meta?: { zxcvbn?: { suggestions: Array<{ code: string, message: string }> } } } | null
    expect(error?.meta?.zxcvbn?.suggestions.map(s => s.code)).toEqual(['repeated', 'sequences'])
  })

  it('takes a breached password when the instance turns the check off', async () => {
    const ctx = await realClerk({ emulator: { instance: { passwordSettings: { disableHibp: true } } } })
    await verifiedByEmail(ctx)
    expect(errorCode(await ctx.signIn().resetPasswordEmailCode.submitPassword({ password: 'password123' }))).toBe('ok')
  })

  it('refuses a right but breached password at sign-in when the instance enforces it, and a reset is the way out', async () => {
    const ctx = await realClerk({ emulator: { instance: { passwordSettings: { enforceHibpOnSignIn: true } }, users: [{ emailAddress: 'bo@example.com', password: 'password123' }] } })
    expect(errorCode(await ctx.signIn().password({ identifier: 'bo@example.com', password: 'password123' }))).toBe('form_password_pwned')
    expect(passwordField(ctx)?.code).toBe('form_password_pwned')
    await verifiedByEmail(ctx, 'bo@example.com')
    expect(errorCode(await ctx.signIn().resetPasswordEmailCode.submitPassword({ password: NEW }))).toBe('ok')
  })
})

describe('given the user\'s sessions in other browsers', () => {
  it('ends them by default: the other browser\'s session is revoked, its next token request refused', async () => {
    const emulator = await sharedEmulator()
    const elsewhere = await janeElsewhere(emulator)
    expect((await elsewhere.tokens()).status).toBe(200)
    const ctx = await realClerk({ reuse: emulator })
    await verifiedByEmail(ctx)
    await ctx.signIn().resetPasswordEmailCode.submitPassword({ password: NEW })
    const refused = await elsewhere.tokens()
    expect(refused.status).toBe(401)
    expect(refused.json.errors[0].code).toBe('authentication_invalid')
    expect((await elsewhere.other.call('GET', '/v1/client')).json.response.sessions).toEqual([])
    expect((await elsewhere.other.call('GET', `/v1/client/sessions/${elsewhere.sessionId}`)).json.response.status).toBe('revoked')
    // This browser's new session is untouched (not activated here: a live session's token poller
    // would outlive the test's emulator).
    expect(ctx.clerk.client?.sessions.map(s => [s.id, s.status])).toEqual([[ctx.signIn().createdSessionId, 'active']])
  })

  it('keeps them with signOutOfOtherSessions: false', async () => {
    const emulator = await sharedEmulator()
    const elsewhere = await janeElsewhere(emulator)
    const ctx = await realClerk({ reuse: emulator })
    await verifiedByEmail(ctx)
    expect(errorCode(await ctx.signIn().resetPasswordEmailCode.submitPassword({ password: NEW, signOutOfOtherSessions: false }))).toBe('ok')
    expect((await elsewhere.tokens()).status).toBe(200)
  })
})

describe('given other users', () => {
  it('asks Mia (MFA) for her second factor after the reset', async () => {
    const ctx = await realClerk()
    await verifiedByEmail(ctx, 'mia@example.com')
    await ctx.signIn().resetPasswordEmailCode.submitPassword({ password: NEW })
    expect(ctx.signIn().status).toBe('needs_second_factor')
    expect(ctx.signIn().supportedSecondFactors?.map(f => f.strategy)).toEqual(['totp', 'phone_code', 'backup_code'])
    expect(errorCode(await ctx.signIn().mfa.verifyTOTP({ code: totpCode(SEEDED_TOTP_SECRET, Date.now()) }))).toBe('ok')
    await ctx.signIn().finalize()
    expect(ctx.clerk.user?.id).toBe('user_mia')
  })

  it('lets Nina (needs_new_password after her password) set one and go on, with no code; afterwards she signs in like anyone', async () => {
    const emulator = await sharedEmulator()
    const ctx = await realClerk({ reuse: emulator })
    await ctx.signIn().password({ identifier: 'nina@example.com', password: OLD })
    expect(ctx.signIn().status).toBe('needs_new_password')
    expect(ctx.signIn().firstFactorVerification.strategy).toBe('password')
    expect(errorCode(await ctx.signIn().resetPasswordEmailCode.submitPassword({ password: OLD }))).toBe('form_new_password_matches_current')
    expect(errorCode(await ctx.signIn().resetPasswordEmailCode.submitPassword({ password: NEW }))).toBe('ok')
    expect(ctx.signIn().status).toBe('complete')
    await ctx.signIn().finalize()
    expect(ctx.clerk.user?.id).toBe('user_nina')
    expect(emulator.outbox()).toEqual([])

    const fresh = fapiBrowser(emulator)
    expect((await fresh.signInWithPassword('nina@example.com', OLD)).json.errors[0].code).toBe('form_password_incorrect')
    expect((await fresh.signInWithPassword('nina@example.com', NEW)).json.response.status).toBe('needs_client_trust')
  })

  it('forgets every reset on _reset: the configured passwords are back', async () => {
    const emulator = await sharedEmulator()
    const ctx = await realClerk({ reuse: emulator })
    await verifiedByEmail(ctx)
    await ctx.signIn().resetPasswordEmailCode.submitPassword({ password: NEW })
    emulator.reset()
    const browser = fapiBrowser(emulator)
    expect((await browser.signInWithPassword('jane@example.com', NEW)).json.errors[0].code).toBe('form_password_incorrect')
    expect((await browser.signInWithPassword('jane@example.com', OLD)).json.response.status).toBe('needs_client_trust')
    expect((await browser.signInWithPassword('nina@example.com', OLD)).json.response.status).toBe('needs_new_password')
  })
})
