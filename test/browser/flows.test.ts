import { describe, expect, it } from 'vitest'
import type { Device } from './harness'
import { focused } from './a11y'
import {
  JANE, PASSWORD, PHIL, count, emulator, enterCode, expectCallCounts, expectNoErrorShown, expectNoSecrets, expectSignedIn, fapiCalls,
  fillCredentials, hydrationProblems, latestCode, messagesTo, openSignIn, screenshot, setupPlayground, stepsSeen, submitCredentials,
  useDevices, visibleText,
} from './harness'

/** `calls` contains `expected` as a subsequence: same order, others may come between. */
function expectInOrder(calls: string[], expected: string[]) {
  let at = -1
  for (const call of expected) {
    const next = calls.indexOf(call, at + 1)
    expect(next, `${call} after ${expected[expected.indexOf(call) - 1] ?? 'the start'} in\n${calls.join('\n')}`).toBeGreaterThan(at)
    at = next
  }
}

const SIGN_IN = 'POST /v1/client/sign_ins'
const PREPARE = 'POST /v1/client/sign_ins/:id/prepare_second_factor'
const ATTEMPT = 'POST /v1/client/sign_ins/:id/attempt_second_factor'
const TOUCH = 'POST /v1/client/sessions/:id/touch'

describe('given the playground in Chromium', async () => {
  await setupPlayground()

  const { device, onSignIn } = useDevices({ reset: true, keepDevices: true })

  describe('given Jane on a browser she never used', () => {
    let laptop: Device

    it('asks for the emailed code after the password, once, and signs her in', async () => {
      laptop = await device()
      const { page } = laptop
      const since = Date.now()
      const form = await openSignIn(page)
      await expectNoErrorShown(form)
      await screenshot(page, 'credentials')

      await submitCredentials(form, page)
      await expect.poll(() => visibleText(form.root)).toContain('new device')
      expect(await visibleText(form.root)).toContain(`Enter the code sent to ${JANE.masked}`)
      // The default cooldown: "Resend" waits 30 s after the code went out.
      expect(await form.resend.isDisabled()).toBe(true)
      expect(await visibleText(form.resend)).toMatch(/^Resend code \((30|29|28)s\)$/)
      await screenshot(page, 'code')

      const sent = await messagesTo(JANE.identifier, since)
      expect(sent.map(m => [m.channel, m.kind])).toEqual([['email', 'code']])
      const code = await latestCode(JANE.identifier, since)
      await enterCode(form, code)
      await expectSignedIn(page, JANE.firstName)
      expect(await visibleText(page.locator('section'))).toContain(JANE.identifier)
      await screenshot(page, 'signed-in')

      const calls = await fapiCalls(since)
      expect(count(calls, '/prepare_second_factor')).toBe(1)
      expect(count(calls, '/attempt_second_factor')).toBe(1)
      expect(count(calls, '/sign_ins')).toBe(1)
      expectInOrder(calls, ['PATCH /v1/environment', 'GET /v1/client', SIGN_IN, PREPARE, ATTEMPT, TOUCH])
      const prepare = (await emulator.requests()).filter(r => r.at >= since && r.path.endsWith('/prepare_second_factor'))
      expect(prepare.map(r => r.body.strategy)).toEqual(['email_code'])
      // Never back to an earlier step; `complete` shows while the session is activated.
      const steps = await stepsSeen(page)
      expect(steps.slice(0, 3)).toEqual(['loading', 'credentials', 'verify'])
      expect(steps.slice(3).filter(s => s !== 'complete')).toEqual([])
      await expectNoSecrets(laptop, [PASSWORD, code])
    })

    it('renders her on the server on a full page load once she is signed in', async () => {
      // The server knows the session, not the profile (Clerk's SSR auth state has no user
      // object): it renders the signed-in state with her user id; the browser adds her name.
      const html = await (await laptop.context.request.get('/')).text()
      expect(html).toMatch(/data-testid="signed-in"[^>]*>\s*Signed in as user_jane\s*</)
      expect(html).not.toContain('data-testid="signed-out"')

      // A real document navigation with her cookies and no JavaScript at all.
      const noJs = await device({ javaScriptEnabled: false, storageState: await laptop.context.storageState() })
      await noJs.page.goto('/')
      expect(await visibleText(noJs.page.getByTestId('signed-in'))).toBe('Signed in as user_jane')

      // The same full load with JavaScript hydrates without mismatch and then shows her name.
      const since = laptop.console.length
      await laptop.page.goto('/')
      await expectSignedIn(laptop.page, JANE.firstName)
      expect(laptop.console.slice(since).filter(m => /hydrat/i.test(m))).toEqual([])
    })

    it('signs her in again on the same browser without a code', async () => {
      const { page } = laptop
      await page.goto('/')
      // Her name only appears once clerk-js has loaded: the button works from then on.
      await expectSignedIn(page, JANE.firstName)
      const since = Date.now()
      await page.getByRole('button', { name: 'Sign out' }).click()
      await page.waitForURL(u => u.pathname === '/sign-in')
      const form = await openSignIn(page)
      await fillCredentials(form)
      await form.continue.click()
      await expectSignedIn(page, JANE.firstName)

      expect(await stepsSeen(page)).not.toContain('verify')
      await expectCallCounts(since, { '/sign_ins': 1, '/prepare_second_factor': 0, '/attempt_second_factor': 0 })
      expect(await messagesTo(JANE.identifier, since)).toEqual([])
      await expectNoSecrets(laptop, [PASSWORD])
    })

    it('asks for a code again on a second, fresh browser', async () => {
      const { page, form, since } = await onSignIn()
      await submitCredentials(form, page)
      expect(await visibleText(form.root)).toContain(JANE.masked)
      expect(await messagesTo(JANE.identifier, since)).toHaveLength(1)

      await enterCode(form, await latestCode(JANE.identifier, since))
      await expectSignedIn(page, JANE.firstName)
      expect(count(await fapiCalls(since), '/prepare_second_factor')).toBe(1)
    })
  })

  it('keeps the README\'s word on focus and the resend countdown, also across a reload of the code step', async () => {
    const { page, form, since } = await onSignIn()
    // Page load: the page's own focus order is kept, the form takes no focus.
    expect(await focused(page)).toBeNull()
    await submitCredentials(form, page)
    // The flow moved on: focus goes to the new step's first field.
    await expect.poll(() => focused(page)).toBe('one-time-code')
    await expect.poll(() => visibleText(form.resend)).toMatch(/^Resend code \((2\d|30)s\)$/)
    expect(await form.resend.isDisabled()).toBe(true)

    await page.reload()
    await form.atStep('verify')
    // Resumed at the code: the code field has the focus, and the countdown goes on.
    await expect.poll(() => focused(page)).toBe('one-time-code')
    await expect.poll(() => visibleText(form.resend)).toMatch(/^Resend code \((1\d|2\d|30)s\)$/)
    expect(await form.resend.isDisabled()).toBe(true)
    expect(count(await fapiCalls(since), '/prepare_second_factor')).toBe(1)
  })

  it('signs Phil in with his phone number and the SMS code', async () => {
    const { page, form, since } = await onSignIn()
    await submitCredentials(form, page, PHIL.identifier)
    expect(await visibleText(form.root)).toContain('Enter the code sent to +1******0100')

    const sent = await messagesTo(PHIL.identifier, since)
    expect(sent.map(m => m.channel)).toEqual(['sms'])
    await enterCode(form, await latestCode(PHIL.identifier, since))
    await expectSignedIn(page, 'Phil')

    const prepare = (await emulator.requests()).filter(r => r.at >= since && r.path.endsWith('/prepare_second_factor'))
    expect(prepare.map(r => r.body.strategy)).toEqual(['phone_code'])
  })

  it('completes with the keyboard alone (Tab, typing, Enter)', async () => {
    const { d, page, form, since } = await onSignIn()
    const focusedAutocomplete = () => page.evaluate(() => document.activeElement?.getAttribute('autocomplete') ?? document.activeElement?.tagName)
    // From the top of the page, Tab through the header links to the first field.
    for (let tabs = 0; tabs < 10 && await focusedAutocomplete() !== 'username'; tabs++) await page.keyboard.press('Tab')
    expect(await focusedAutocomplete()).toBe('username')
    await page.keyboard.type(JANE.identifier)
    await page.keyboard.press('Tab')
    expect(await focusedAutocomplete()).toBe('current-password')
    await page.keyboard.type(PASSWORD)
    await page.keyboard.press('Enter')

    await form.atStep('verify')
    // The code field takes the focus when the code step appears.
    await expect.poll(focusedAutocomplete).toBe('one-time-code')
    await expect.poll(() => messagesTo(JANE.identifier, since)).toHaveLength(1)
    const code = await latestCode(JANE.identifier, since)
    await page.keyboard.type(code)
    await page.keyboard.press('Enter')
    await expectSignedIn(page, JANE.firstName)

    await expectCallCounts(since, { '/prepare_second_factor': 1, '/attempt_second_factor': 1 })
    await expectNoSecrets(d, [PASSWORD, code])
  })

  it('completes the same flow on the headless page (/headless)', async () => {
    const d = await device()
    const { page } = d
    const since = Date.now()
    await page.goto('/headless')
    const identifier = page.locator('input[autocomplete="username"]')
    await identifier.waitFor()
    await identifier.fill(JANE.identifier)
    await page.locator('input[autocomplete="current-password"]').fill(PASSWORD)
    const prepared = page.waitForResponse(r => r.url().includes('/prepare_second_factor'))
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByText(`New device: we sent a code to ${JANE.masked}.`).waitFor()
    expect((await prepared).status()).toBe(200)

    const code = await latestCode(JANE.identifier, since)
    await page.locator('input[autocomplete="one-time-code"]').fill(code)
    await page.getByRole('button', { name: 'Check code' }).click()
    await expectSignedIn(page, JANE.firstName)

    await expectCallCounts(since, { '/prepare_second_factor': 1, '/attempt_second_factor': 1 })
    await expectNoSecrets(d, [PASSWORD, code])
  })

  it('hydrates /sign-in without hydration warnings or page errors', async () => {
    const d = await device()
    const form = await openSignIn(d.page)
    // Interactive after hydration: typing reaches the component's state.
    await form.identifier.fill(JANE.identifier)
    expect(await form.identifier.inputValue()).toBe(JANE.identifier)
    expect(hydrationProblems(d)).toEqual([])
  })
})
