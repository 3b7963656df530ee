import type { EmulatorScenario } from '../../src/testing'
import { describe, expect, it } from 'vitest'
import {
  JANE, PASSWORD, attemptsAnswered, count, emulator, enterCode, expectCallCounts, expectNoSecrets, expectSignedIn, fapiCalls,
  fillCredentials, latestCode, messagesTo, openSignIn, passwordStep, setupPlayground, signInForm, statusOf, submitCredentials, trackRejections, useDevices,
  visibleText, watchFapi,
} from './harness'

const OFF: Partial<EmulatorScenario> = { outage: false, delayMs: 0, rateLimit: false, expireSignIns: false, malformed: false, errorMessage: null, clerkJsUnavailable: false, retryAfterSeconds: 30 }

// Exactly once across remounts, and every fault ends in a clear
// message, input kept, and recovery without a reload. `loadTimeout` 3 s and a 2 s resend
// cooldown through runtime-config environment variables keep the suite fast.
describe('given the playground in Chromium, when the network and the server misbehave', async () => {
  await setupPlayground({ env: { NUXT_PUBLIC_CLIENT_TRUST_LOAD_TIMEOUT: '3', NUXT_PUBLIC_CLIENT_TRUST_RESEND_COOLDOWN: '2' } })

  const { device, onSignIn, atCodeStep } = useDevices({ restore: () => emulator.setScenario(OFF) })

  describe('given a sign-in left and re-entered mid-flow (remounts)', () => {
    it('sends one sign_ins, one prepare and one attempt across /sign-in → /headless → /sign-in', async () => {
      const { d, page, form, since, code } = await atCodeStep()

      // SPA navigations: the form (and the composable) unmount and mount again, twice.
      await page.getByRole('link', { name: 'Headless' }).click()
      await page.getByText(/New device: we sent a code to/).waitFor()
      await page.getByRole('link', { name: 'Sign in' }).click()
      await form.atStep('verify')
      await page.getByRole('link', { name: 'Headless' }).click()
      await page.getByText(/New device: we sent a code to/).waitFor()
      await page.getByRole('link', { name: 'Sign in' }).click()
      await form.atStep('verify')
      expect(await visibleText(form.root)).toContain(`Enter the code sent to ${JANE.masked}`)

      await enterCode(form, code)
      await expectSignedIn(page, JANE.firstName)
      await expectCallCounts(since, { '/v1/client/sign_ins': 1, '/prepare_second_factor': 1, '/attempt_second_factor': 1 })
      expect(await messagesTo(JANE.identifier, since)).toHaveLength(1)
      await expectNoSecrets(d, [PASSWORD, code])
    })

    it('sends one prepare for a double click on an enabled "Resend code"', async () => {
      const { page, form, since } = await onSignIn()
      await submitCredentials(form, page)
      await page.locator('[data-cts-action="resend"]:enabled').waitFor()
      await emulator.setScenario({ delayMs: 300 })
      await form.resend.dblclick()
      await expect.poll(async () => count(await fapiCalls(since), '/prepare_second_factor')).toBe(2)
      await emulator.setScenario({ delayMs: 0 })
      await expect.poll(() => form.resend.isDisabled()).toBe(true)
      // Still two a moment later: the second click sent nothing.
      await page.evaluate(() => new Promise(resolve => setTimeout(resolve, 500)))
      expect(count(await fapiCalls(since), '/prepare_second_factor')).toBe(2)
      expect(await messagesTo(JANE.identifier, since)).toHaveLength(2)
    })
  })

  it('says the server cannot be reached when FAPI is unreachable, keeps both fields, and recovers on retry', async () => {
    const d = await device()
    const { page } = d
    const rejections = await trackRejections(d)
    const form = await openSignIn(page)
    await page.route('**/__clerk/v1/client/sign_ins?**', route => route.abort('connectionrefused'))
    await fillCredentials(form)
    await form.continue.click()
    await expect.poll(() => visibleText(form.globalError)).toBe('Could not reach the server. Check your connection and try again.')
    expect(await form.root.getAttribute('data-step')).toBe('credentials')
    expect(await form.identifier.inputValue()).toBe(JANE.identifier)
    expect(await form.password.inputValue()).toBe(PASSWORD)
    expect(await form.continue.isEnabled()).toBe(true)

    await page.unroute('**/__clerk/v1/client/sign_ins?**')
    const prepared = page.waitForResponse(r => r.url().includes('/prepare_second_factor'))
    await form.continue.click()
    await form.atStep('verify')
    expect((await prepared).status()).toBe(200)
    await expect.poll(() => visibleText(form.globalError)).toBe('')
    expect(await rejections()).toEqual([])
  })

  it('shows a clear message on a 5xx while verifying, keeps the code typed, and verifies on retry', async () => {
    const { d, page, form, since, code } = await atCodeStep()
    await emulator.setScenario({ outage: true })
    await form.code.fill(code)
    expect(await statusOf(page, '/attempt_second_factor', () => form.verify.click())).toBe(503)
    await expect.poll(() => visibleText(form.globalError)).toMatch(/unavailable|try again/i)
    expect(await form.root.getAttribute('data-step')).toBe('verify')
    expect(await form.code.inputValue()).toBe(code)
    expect(await form.verify.isEnabled()).toBe(true)

    await emulator.setScenario({ outage: false })
    await form.verify.click()
    await expectSignedIn(page, JANE.firstName)
    expect(await attemptsAnswered(since)).toEqual([
      'POST /v1/client/sign_ins/:id/attempt_second_factor → 503',
      'POST /v1/client/sign_ins/:id/attempt_second_factor → 200',
    ])
    await expectNoSecrets(d, [PASSWORD, code])
  })

  it('keeps showing progress during a very slow request, and Start over leaves it at once (clerk-js has no timeout)', async () => {
    const { page, form, code } = await atCodeStep()
    await emulator.setScenario({ delayMs: 30_000 })
    const sent = watchFapi(page)
    await enterCode(form, code)
    await expect.poll(() => sent.filter(s => s.endsWith('/attempt_second_factor'))).toHaveLength(1)
    // Several seconds in: still busy, never blank, and the way out works.
    await page.evaluate(() => new Promise(resolve => setTimeout(resolve, 3000)))
    expect(await form.root.getAttribute('data-step')).toBe('verify')
    expect(await form.root.locator('form').getAttribute('aria-busy')).toBe('true')
    expect(await form.verify.isDisabled()).toBe(true)
    expect(await form.startOver.isEnabled()).toBe(true)

    await form.startOver.click()
    await form.atStep('credentials')
    expect(await form.identifier.inputValue()).toBe(JANE.identifier)
    expect(await form.continue.isEnabled()).toBe(true)
    await emulator.setScenario({ delayMs: 0 })

    // A new attempt works while the old request is still hanging.
    const retry = Date.now()
    await submitCredentials(form, page)
    await enterCode(form, await latestCode(JANE.identifier, retry))
    await expectSignedIn(page, JANE.firstName)
  })

  it('follows the server\'s retry_after for "Resend code" when sending the code answers 429', async () => {
    const { page, form, since } = await onSignIn()
    // Throttle exactly the automatic send: the sign-in itself goes through.
    await page.route('**/prepare_second_factor?**', async (route) => {
      await emulator.setScenario({ rateLimit: true, retryAfterSeconds: 6 })
      await route.continue()
    })
    await fillCredentials(form)
    const limited = page.waitForResponse(r => r.url().includes('/prepare_second_factor'))
    await form.continue.click()
    await form.atStep('verify')
    expect((await limited).status()).toBe(429)
    await expect.poll(() => visibleText(form.globalError)).toBe('Too many attempts. Wait a moment and try again.')
    // 6 s from the server, not the 2 s cooldown of the app.
    await expect.poll(() => visibleText(form.resend)).toMatch(/^Resend code \([56]s\)$/)
    expect(await form.resend.isDisabled()).toBe(true)
    await page.unroute('**/prepare_second_factor?**')
    await emulator.setScenario({ rateLimit: false })

    await page.locator('[data-cts-action="resend"]:enabled').waitFor({ timeout: 15_000 })
    expect(await statusOf(page, '/prepare_second_factor', () => form.resend.click())).toBe(200)
    await expect.poll(() => visibleText(form.globalError)).toBe('')
    await enterCode(form, await latestCode(JANE.identifier, since))
    await expectSignedIn(page, JANE.firstName)
  })

  it.each(['json', 'shape'] as const)('shows the generic message for a malformed (%s) answer, keeps both fields, and recovers', async (malformed) => {
    const d = await device()
    const { page } = d
    const rejections = await trackRejections(d)
    const form = await openSignIn(page)
    await emulator.setScenario({ malformed })
    await fillCredentials(form)
    expect(await statusOf(page, '/v1/client/sign_ins', () => form.continue.click())).toBe(200)
    await expect.poll(() => visibleText(form.globalError)).toBe('Something went wrong. Please try again.')
    expect(await form.root.getAttribute('data-step')).toBe('credentials')
    expect(await form.identifier.inputValue()).toBe(JANE.identifier)
    expect(await form.password.inputValue()).toBe(PASSWORD)

    await emulator.setScenario({ malformed: false })
    await submitCredentials(form, page)
    await expect.poll(() => visibleText(form.globalError)).toBe('')
    expect(await rejections()).toEqual([])
  })

  it('says a step whose code did not download cannot show, offers Start over with the identifier kept, and shows it once the network is back', async () => {
    const d = await device()
    const { page } = d
    const rejections = await trackRejections(d)
    const form = await openSignIn(page)
    await passwordStep(form, 'mia@example.com', 'second-factor')
    await form.factorIs('totp')
    // The network drops from here: the methods list, a chunk of its own, cannot be downloaded.
    await page.route('**/_nuxt/**', route => route.abort('internetdisconnected'))
    await form.action('another-method').click()
    await expect.poll(() => visibleText(form.root.locator('[data-cts-part="step"] [data-cts-part="title"]'))).toBe('Could not reach the server. Check your connection and try again.')
    expect(await visibleText(form.startOver)).toBe('Start over')
    // Said as a new view is: focus on the way out, the message in the live region.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-cts-action'))).toBe('start-over')
    expect(await form.root.locator('[data-cts-part="live"]').textContent()).toBe('Could not reach the server. Check your connection and try again.')
    await form.startOver.click()
    await form.atStep('credentials')
    expect(await form.identifier.inputValue()).toBe('mia@example.com')

    // Back online: the same step downloads and shows, without a reload.
    await page.unroute('**/_nuxt/**')
    await passwordStep(form, 'mia@example.com', 'second-factor')
    await form.action('another-method').click()
    await expect.poll(() => form.root.locator('[data-cts-action="select-method"]').count()).toBeGreaterThan(0)
    expect(await rejections()).toEqual([])
  })

  it('says "Forgot password?" cannot start while its code cannot download, keeps the identifier, and starts once the network is back (busy while it downloads)', async () => {
    const d = await device()
    const { page } = d
    const rejections = await trackRejections(d)
    const form = await openSignIn(page)
    await form.atStep('credentials')
    // The reset's actions are a chunk of their own, downloaded when first needed: the network drops first.
    await page.route('**/_nuxt/**', route => route.abort('internetdisconnected'))
    await form.identifier.fill(JANE.identifier)
    const since = Date.now()
    await form.action('forgot-password').click()
    await expect.poll(() => visibleText(form.globalError)).toBe('Could not reach the server. Check your connection and try again.')
    expect(await form.root.getAttribute('data-step')).toBe('credentials')
    expect(await form.identifier.inputValue()).toBe(JANE.identifier)
    // Nothing was asked of Clerk.
    expect((await emulator.requests()).filter(r => r.at >= since && r.path.endsWith('/sign_ins'))).toEqual([])

    // Back online, on a slow network: busy while the chunk comes, then the reset, without a reload.
    let release = () => {}
    const held = new Promise<void>(resolve => release = resolve)
    await page.unroute('**/_nuxt/**')
    await page.route('**/_nuxt/**', async (route) => {
      await held
      await route.continue()
    })
    await form.action('forgot-password').click()
    await expect.poll(() => form.root.getAttribute('data-state')).toBe('busy')
    expect(await form.action('forgot-password').isDisabled()).toBe(true)
    release()
    await form.atStep('reset-code')
    await page.unroute('**/_nuxt/**')
    await expect.poll(() => visibleText(form.globalError)).toBe('')
    expect(await rejections()).toEqual([])
  })

  it('says sign-in is unavailable when clerk-js fails to load, instead of an endless skeleton', async () => {
    const { page } = await device()
    await emulator.setScenario({ clerkJsUnavailable: true })
    await page.goto('/sign-in')
    const form = signInForm(page)
    await form.atStep('loading')
    await expect.poll(() => visibleText(form.globalError), { timeout: 8_000 })
      .toBe('Sign-in is unavailable right now. Check your connection, then reload the page to try again.')
    expect(await form.root.getAttribute('data-step')).toBe('loading')

    // Back up: a reload works, as the message says.
    await emulator.setScenario({ clerkJsUnavailable: false })
    await page.reload()
    await form.atStep('credentials')
    await expect.poll(() => visibleText(form.globalError)).toBe('')
  })
})
