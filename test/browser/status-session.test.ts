import { describe, expect, it } from 'vitest'
import type { SignInForm } from './harness'
import { signIn } from '../../src/testing'
import {
  JANE, PASSWORD, count, emulator, enterCode, expectNoSecrets, expectSignedIn, fapiCalls, fillCredentials, latestCode, setupPlayground,
  signInForm, statusOf, submitCredentials, useDevices, visibleText, waitForMessages,
} from './harness'

// The rest of the status space: session tasks, expiry and lock-out,
// needs_new_password, and opening the sign-in while signed in.

const OTTO = { identifier: 'otto@example.com' }
const REX = { identifier: 'rex@example.com' }
const NINA = { identifier: 'nina@example.com' }

const scenario = (patch: Record<string, boolean>) => emulator.setScenario(patch)
const startOver = (form: SignInForm) => form.root.locator('[data-cts-action="start-over"]')

describe('given the playground in Chromium: tasks, expiry, lock-out and signed-in visits', async () => {
  await setupPlayground({
    nuxtConfig: {
      clientTrust: { taskUrls: { 'choose-organization': '/sign-in/tasks' } },
      runtimeConfig: { public: { clientTrust: { resetPasswordUrl: '/reset-password' } } },
    },
  })

  const { device, onSignIn } = useDevices({ reset: true, keepDevices: true, restore: () => scenario({ expireSignIns: false, expireCodes: false }) })

  it('routes Otto, whose new session has the choose-organization task, to the task page', async () => {
    const { page, form, since } = await onSignIn()
    await submitCredentials(form, page, OTTO.identifier)
    await enterCode(form, await latestCode(OTTO.identifier, since))
    await page.waitForURL(u => u.pathname === '/sign-in/tasks')
    await expect.poll(() => visibleText(page.getByTestId('task'))).toBe('One more step: choose-organization')
    const calls = await fapiCalls(since)
    expect(count(calls, '/touch')).toBeGreaterThanOrEqual(1)
    expect(count(calls, '/prepare_second_factor')).toBe(1)
  })

  it('shows "The code has expired" with a working resend, and signs in with the new code', async () => {
    const { d, page, form, since } = await onSignIn()
    await submitCredentials(form, page)
    const first = await latestCode(JANE.identifier, since)
    await scenario({ expireCodes: true })
    await enterCode(form, first)
    await expect.poll(() => form.code.getAttribute('aria-invalid')).toBe('true')
    expect(await visibleText(await form.describedBy(form.code))).toBe('The code has expired')
    expect(await form.resend.isEnabled()).toBe(true)
    await scenario({ expireCodes: false })
    expect(await statusOf(page, '/prepare_second_factor', () => form.resend.click())).toBe(200)
    await waitForMessages(JANE.identifier, since, 2)
    const second = await latestCode(JANE.identifier, since)
    await enterCode(form, second)
    await expectSignedIn(page, JANE.firstName)
    await expectNoSecrets(d, [PASSWORD, first, second])
  })

  it('goes back to the credentials with a message and the identifier kept when the sign-in expired', async () => {
    const { page, form, since } = await onSignIn()
    await submitCredentials(form, page)
    await scenario({ expireSignIns: true })
    await enterCode(form, await latestCode(JANE.identifier, since))
    await form.atStep('credentials')
    await expect.poll(() => visibleText(form.globalError)).toBe('Your sign-in expired. Please sign in again.')
    expect(await form.identifier.inputValue()).toBe(JANE.identifier)
    expect(await form.password.inputValue()).toBe('')
    // No loop: nothing more was asked of FAPI by itself.
    await page.waitForTimeout(300)
    expect(count(await fapiCalls(since), '/prepare_second_factor')).toBe(1)
    await scenario({ expireSignIns: false })
    await submitCredentials(form, page)
    expect(await visibleText(form.globalError)).toBe('')
  })

  it('answers a fourth code within 10 s with Clerk\'s rate limit, keeps the step, and sends nothing by itself', async () => {
    const { page, form, since } = await onSignIn()
    await submitCredentials(form, page)
    for (const [wrong, status] of [['111111', 422], ['222222', 422], ['333333', 422], ['444444', 429]] as const) {
      const answered = page.waitForResponse(r => r.url().includes('/attempt_second_factor'))
      await enterCode(form, wrong)
      expect((await answered).status()).toBe(status)
    }
    await expect.poll(() => visibleText(form.globalError)).toBe('Too many attempts. Wait a moment and try again.')
    expect(await form.root.getAttribute('data-step')).toBe('verify')
    expect(await form.verify.isEnabled()).toBe(true)
    expect(count(await fapiCalls(since), '/prepare_second_factor')).toBe(1)
  })

  it('tells Rex his account is locked, once, and stays on the credentials', async () => {
    const { page, form, since } = await onSignIn()
    await fillCredentials(form, REX.identifier)
    expect(await statusOf(page, '/v1/client/sign_ins', () => form.continue.click())).toBe(403)
    // Clerk's own text, through the real clerk-js: the only place the minutes survive.
    await expect.poll(() => visibleText(form.globalError)).toBe('Your account is locked. You will be able to try again in 60 minutes. For more information, contact support.')
    await page.waitForTimeout(300)
    expect(await form.root.getAttribute('data-step')).toBe('credentials')
    expect(count(await fapiCalls(since), '/v1/client/sign_ins')).toBe(1)
    expect(await form.identifier.inputValue()).toBe(REX.identifier)
  })

  it('gives Nina (needs_new_password) the reset page and Start over, not a dead end', async () => {
    const { page, form } = await onSignIn()
    await fillCredentials(form, NINA.identifier)
    await form.continue.click()
    await form.atStep('new-password')
    // The new-password step is a chunk of its own: the view before stays until it has loaded.
    await expect.poll(() => visibleText(form.root)).toContain('You need to reset your password before you can sign in.')
    await startOver(form).click()
    await form.atStep('credentials')
    expect(await form.identifier.inputValue()).toBe(NINA.identifier)

    await form.password.fill(PASSWORD)
    await form.continue.click()
    await form.atStep('new-password')
    await form.root.getByRole('link', { name: 'Reset your password' }).click()
    await page.waitForURL(u => u.pathname === '/reset-password')
    await page.getByTestId('reset-password').waitFor()
  })

  it('sends a signed-in visitor of /sign-in to afterSignInUrl, on a full load and in the app', async () => {
    const d = await device()
    const { page } = d
    // Signed in first, with the testing kit: this test is about the visit that follows.
    await page.goto('/')
    await signIn(page, { identifier: JANE.identifier, password: PASSWORD })
    const since = Date.now()

    await page.goto('/sign-in')
    await expectSignedIn(page, JANE.firstName)

    const before = d.urls.length
    await page.getByRole('link', { name: 'Sign in' }).first().click()
    // Through /sign-in and straight back.
    await expect.poll(() => d.urls.slice(before).map(u => new URL(u).pathname).join(' ')).toMatch(/\/sign-in \/$/)
    await expectSignedIn(page, JANE.firstName)
    expect(await signInForm(page).root.count()).toBe(0)
    expect(count(await fapiCalls(since), '/v1/client/sign_ins')).toBe(0)
  })
})
