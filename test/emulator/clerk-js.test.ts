// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { SEEDED_TOTP_SECRET, totpCode } from '../../src/emulator'
import { emulatorAt } from '../../src/testing/emulatorClient'
import { errorCode, useRealClerks } from '../helpers/realClerk'
import type { RealClerkContext } from '../helpers/realClerk'

const { realClerk, sharedEmulator } = useRealClerks()

async function passwordSignIn(ctx: RealClerkContext, identifier: string) {
  const result = await ctx.signIn().password({ identifier, password: 'correct-horse' })
  expect(result.error).toBeNull()
  return ctx.signIn().status as string
}

async function signOut(ctx: RealClerkContext) {
  // A callback keeps clerk-js from navigating the happy-dom page.
  await ctx.clerk.signOut(() => {})
  await ctx.waitFor(() => !ctx.clerk.user)
}

/** Jane trusts this client with an email code, signs out, and signs back in with no code. */
async function trustThenSignInAgain(ctx: RealClerkContext) {
  await passwordSignIn(ctx, 'jane@example.com')
  await ctx.signIn().mfa.sendEmailCode()
  await ctx.signIn().mfa.verifyEmailCode({ code: '424242' })
  await ctx.signIn().finalize()
  await signOut(ctx)
  expect(await passwordSignIn(ctx, 'jane@example.com')).toBe('complete')
  await ctx.signIn().finalize()
}

describe('given the real clerk-js against the emulator', () => {
  it('signs jane in through an email client-trust code', async () => {
    const ctx = await realClerk()
    expect(await passwordSignIn(ctx, 'jane@example.com')).toBe('needs_client_trust')
    expect((await ctx.signIn().mfa.sendEmailCode()).error).toBeNull()
    const code = ctx.emulator.outbox().at(-1)?.code
    expect(code).toBe('424242')
    expect((await ctx.signIn().mfa.verifyEmailCode({ code: code ?? '' })).error).toBeNull()
    expect(ctx.signIn().status).toBe('complete')
    await ctx.signIn().finalize()
    expect(ctx.clerk.user?.id).toBe('user_jane')
  })

  it('signs phil in through an SMS client-trust code', async () => {
    const ctx = await realClerk()
    expect(await passwordSignIn(ctx, '+15555550100')).toBe('needs_client_trust')
    expect((await ctx.signIn().mfa.sendPhoneCode()).error).toBeNull()
    const sms = ctx.emulator.outbox().at(-1)
    expect(sms).toMatchObject({ channel: 'sms', to: '+15555550100', code: '424242' })
    expect((await ctx.signIn().mfa.verifyPhoneCode({ code: sms?.code ?? '' })).error).toBeNull()
    await ctx.signIn().finalize()
    expect(ctx.clerk.user?.id).toBe('user_phil')
  })

  it('trusts the client after a code: signing out and back in completes directly', async () => {
    const ctx = await realClerk()
    await trustThenSignInAgain(ctx)
    expect(ctx.clerk.user?.id).toBe('user_jane')
    expect(ctx.emulator.outbox()).toHaveLength(1)
  })

  it('asks a new client (another browser) again', async () => {
    const emulator = await sharedEmulator()
    const first = await realClerk({ reuse: emulator })
    await passwordSignIn(first, 'jane@example.com')
    await first.signIn().mfa.sendEmailCode()
    await first.signIn().mfa.verifyEmailCode({ code: '424242' })
    expect(first.signIn().status).toBe('complete')
    await first.close()
    const second = await realClerk({ reuse: emulator })
    expect(await passwordSignIn(second, 'jane@example.com')).toBe('needs_client_trust')
  })

  it('reports a wrong password on the password field', async () => {
    const ctx = await realClerk()
    const result = await ctx.signIn().password({ identifier: 'jane@example.com', password: 'nope' })
    expect(errorCode(result)).toBe('form_password_incorrect')
    expect(ctx.clerk.__internal_state.signInSignal().errors.fields.password?.code).toBe('form_password_incorrect')
  })

  it('rejects an expired code', async () => {
    let now = Date.now()
    const ctx = await realClerk({ emulator: { now: () => now } })
    await passwordSignIn(ctx, 'jane@example.com')
    await ctx.signIn().mfa.sendEmailCode()
    now += 10 * 60_000 + 1
    const result = await ctx.signIn().mfa.verifyEmailCode({ code: '424242' })
    expect(errorCode(result)).toBe('verification_expired')
    expect(ctx.signIn().status).toBe('needs_client_trust')
  })

  it('keeps answering form_code_incorrect to wrong codes, and a fourth attempt within 10 s is rate limited (Retry-After through clerk-js)', async () => {
    let now = Date.now()
    const ctx = await realClerk({ emulator: { now: () => now } })
    await passwordSignIn(ctx, 'jane@example.com')
    await ctx.signIn().mfa.sendEmailCode()
    const codes: string[] = []
    for (const code of ['000000', '111111', '222222', '424242']) codes.push(errorCode(await ctx.signIn().mfa.verifyEmailCode({ code })))
    // No `verification_failed`: Clerk limits attempts per time window instead.
    expect(codes).toEqual(['form_code_incorrect', 'form_code_incorrect', 'form_code_incorrect', 'too_many_requests'])
    const limited = await ctx.signIn().mfa.verifyEmailCode({ code: '424242' })
    expect((limited.error as { retryAfter?: number } | null)?.retryAfter).toBe(10)
    now += 10_000
    expect(errorCode(await ctx.signIn().mfa.verifyEmailCode({ code: '424242' }))).toBe('ok')
    expect(ctx.signIn().status).toBe('complete')
  })

  it('throttles a burst of resends with verification_code_too_many_requests and Retry-After', async () => {
    const ctx = await realClerk()
    await passwordSignIn(ctx, 'jane@example.com')
    const results: string[] = []
    let retryAfter: number | undefined
    for (let i = 0; i < 4; i++) {
      const result = await ctx.signIn().mfa.sendEmailCode()
      results.push(errorCode(result))
      retryAfter ??= (result.error as { retryAfter?: number } | null)?.retryAfter
    }
    expect(results).toEqual(['ok', 'ok', 'ok', 'verification_code_too_many_requests'])
    expect(retryAfter).toBeGreaterThan(50)
    expect(ctx.emulator.outbox()).toHaveLength(3)
  })

  it('surfaces an outage as an error instead of a silent success', async () => {
    const ctx = await realClerk()
    ctx.emulator.setScenario({ outage: true })
    const result = await ctx.signIn().password({ identifier: 'jane@example.com', password: 'correct-horse' })
    expect(result.error).toBeTruthy()
    expect(ctx.clerk.user).toBeFalsy()
  })

  it('asks mia for real MFA and accepts a TOTP code', async () => {
    const ctx = await realClerk()
    expect(await passwordSignIn(ctx, 'mia@example.com')).toBe('needs_second_factor')
    const wrong = await ctx.signIn().mfa.verifyTOTP({ code: '000000' })
    expect(errorCode(wrong)).toBe('form_code_incorrect')
    const result = await ctx.signIn().mfa.verifyTOTP({ code: totpCode(SEEDED_TOTP_SECRET, Date.now()) })
    expect(errorCode(result)).toBe('ok')
    await ctx.signIn().finalize()
    expect(ctx.clerk.user?.id).toBe('user_mia')
  })

  it('signs lee in through an email link opened elsewhere (legacy createEmailLinkFlow)', async () => {
    const ctx = await realClerk()
    expect(await passwordSignIn(ctx, 'lee@example.com')).toBe('needs_client_trust')
    const legacy = ctx.clerk.client!.signIn
    const flow = legacy.createEmailLinkFlow()
    const done = flow.startEmailLinkFlow({ emailAddressId: 'idn_email_lee', redirectUrl: `${ctx.emulator.url}/verified` })
    await ctx.waitFor(() => ctx.emulator.outbox().some(m => m.kind === 'link'))
    const link = ctx.emulator.outbox().find(m => m.kind === 'link')?.link ?? ''
    // Opened "in the mail app": a different client, no cookie.
    const opened = await globalThis.fetch(link, { redirect: 'manual', credentials: 'omit' })
    expect([303, 0]).toContain(opened.status)
    const signIn = await done
    expect(signIn.status).toBe('complete')
    expect(signIn.secondFactorVerification.verifiedFromTheSameClient()).toBe(false)
    await ctx.clerk.setActive({ session: signIn.createdSessionId })
    expect(ctx.clerk.user?.id).toBe('user_lee')
  })

  it('tells clerk-js which browser opened an email link (verified_at_client)', async () => {
    const ctx = await realClerk()
    await passwordSignIn(ctx, 'lee@example.com')
    const flow = ctx.clerk.client!.signIn.createEmailLinkFlow()
    const done = flow.startEmailLinkFlow({ emailAddressId: 'idn_email_lee', redirectUrl: `${ctx.emulator.url}/verified` })
    await ctx.waitFor(() => ctx.emulator.outbox().some(m => m.kind === 'link'))
    // Opened in this browser: happy-dom's fetch sends this client's HttpOnly cookie.
    await window.fetch(ctx.emulator.outbox().find(m => m.kind === 'link')?.link ?? '', { redirect: 'manual', credentials: 'include' })
    const signIn = await done
    expect(signIn.secondFactorVerification.verifiedAtClient).toBe(ctx.clerk.client?.id)
    expect(signIn.secondFactorVerification.verifiedFromTheSameClient()).toBe(true)
  })

  it('hands the lock-out minutes to clerk-js in longMessage, the one place they survive its error parsing', async () => {
    const ctx = await realClerk()
    const result = await ctx.signIn().password({ identifier: 'rex@example.com', password: 'correct-horse' })
    expect(errorCode(result)).toBe('user_locked')
    const error = (result.error as unknown as { errors: Array<{ longMessage?: string, meta?: Record<string, unknown> }> }).errors[0]
    expect(error?.longMessage).toBe('Your account is locked. You will be able to try again in 60 minutes. For more information, contact support.')
    // clerk-js maps only known meta keys: lockout_expires_in_seconds never reaches the app.
    expect(error?.meta?.lockoutExpiresInSeconds).toBeUndefined()
  })

  it('stops a gated sign-in at needs_protect_check, and submitProtectCheck goes on', async () => {
    const ctx = await realClerk()
    ctx.emulator.setScenario({ protectCheck: true })
    expect(await passwordSignIn(ctx, 'jane@example.com')).toBe('needs_protect_check')
    const check = ctx.signIn().protectCheck
    expect(check?.sdkUrl).toBe(`${ctx.emulator.proxyUrl}/protect/sdk.mjs`)
    // clerk-js reads expires_at as epoch milliseconds (ProtectCheckResource).
    expect(check?.expiresAt).toBeGreaterThan(Date.now())
    expect(errorCode(await ctx.signIn().submitProtectCheck({ proofToken: 'pcp_guessed' }))).toBe('protect_check_execution_failed')
    const proofToken = await emulatorAt(ctx.emulator.proxyUrl).solveProtectCheck(check!.token)
    expect(errorCode(await ctx.signIn().submitProtectCheck({ proofToken }))).toBe('ok')
    expect(ctx.signIn().status).toBe('needs_client_trust')
  })

  it('forgets the device when clerk-js destroys the client, not when it signs out', async () => {
    const ctx = await realClerk()
    await trustThenSignInAgain(ctx)
    await ctx.clerk.client!.destroy()
    expect(await passwordSignIn(ctx, 'jane@example.com')).toBe('needs_client_trust')
  })
})
