import type { Page } from 'playwright-core'
import { afterEach, describe, expect, it } from 'vitest'
import type { SignInForm } from './harness'
import {
  JANE, PASSWORD, count, deviceTracker, emulator, expectNoErrorShown, expectNoSecrets, expectSignedIn, fapiCalls, latestCode, messagesTo,
  openSignIn, screenshot, setupPlayground, submitCredentials, visibleText,
} from './harness'

/** FAPI requests the page itself sent from now on (seen by the browser, not the server). */
function watchFapi(page: Page) {
  const sent: string[] = []
  page.on('request', (request) => {
    if (request.url().includes('/__clerk/v1/')) sent.push(`${request.method()} ${new URL(request.url()).pathname}`)
  })
  return sent
}

/** Real pointer clicks at the button's position, even when it is already disabled (ignored then, like a user's). */
async function center(form: SignInForm, button: 'continue' | 'verify') {
  const box = await form[button].boundingBox()
  expect(box, `${button} button on screen`).toBeTruthy()
  return { x: box!.x + box!.width / 2, y: box!.y + box!.height / 2 }
}

describe('given the playground in Chromium, when things go wrong', async () => {
  await setupPlayground()

  const { device, expectNoPageErrors, closeAll } = deviceTracker()
  afterEach(() => emulator.setScenario({ outage: false, delayMs: 0, rateLimit: false, expireSignIns: false }))
  afterEach(expectNoPageErrors)
  afterEach(closeAll)

  it('shows a wrong password under the password field and keeps the identifier', async () => {
    const d = await device()
    const { page } = d
    const since = Date.now()
    const form = await openSignIn(page)
    await form.identifier.fill(JANE.identifier)
    await form.password.fill('wrong-horse')
    const answered = page.waitForResponse(r => r.url().includes('/v1/client/sign_ins'))
    await form.continue.click()
    expect((await answered).status()).toBe(422)

    await expect.poll(() => form.password.getAttribute('aria-invalid')).toBe('true')
    const message = await form.describedBy(form.password)
    expect(await visibleText(message)).toBe('Password is incorrect. Try again.')
    expect(await form.root.getAttribute('data-step')).toBe('credentials')
    expect(await form.identifier.inputValue()).toBe(JANE.identifier)
    expect(await form.identifier.getAttribute('aria-invalid')).toBeNull()
    expect(await visibleText(form.globalError)).toBe('')
    await screenshot(page, 'error')

    expect(await fapiCalls(since, true)).toContain('POST /v1/client/sign_ins → 422')
    expect(await messagesTo(JANE.identifier, since)).toEqual([])
    await expectNoSecrets(d, [PASSWORD, 'wrong-horse'])
  })

  it('shows a wrong code under the code field, clears it, stays on the code step, then takes the right one', async () => {
    const d = await device()
    const { page } = d
    const since = Date.now()
    const form = await openSignIn(page)
    await submitCredentials(form, page)
    const code = await latestCode(JANE.identifier, since)
    const wrong = code === '111111' ? '222222' : '111111'

    await form.code.fill(wrong)
    const refused = page.waitForResponse(r => r.url().includes('/attempt_second_factor'))
    await form.verify.click()
    expect((await refused).status()).toBe(422)
    await expect.poll(() => form.code.getAttribute('aria-invalid')).toBe('true')
    expect(await visibleText(await form.describedBy(form.code))).toBe('Incorrect, try again')
    expect(await form.code.inputValue()).toBe('')
    expect(await form.root.getAttribute('data-step')).toBe('verify')

    await form.code.fill(code)
    await form.verify.click()
    await expectSignedIn(page, JANE.firstName)
    const calls = await fapiCalls(since, true)
    expect(calls.filter(c => c.includes('/attempt_second_factor'))).toEqual([
      'POST /v1/client/sign_ins/:id/attempt_second_factor → 422',
      'POST /v1/client/sign_ins/:id/attempt_second_factor → 200',
    ])
    expect(count(calls, '/prepare_second_factor → 200')).toBe(1)
    await expectNoSecrets(d, [PASSWORD, code, wrong])
  })

  it('starts over from the code step without a request', async () => {
    const { page } = await device()
    const form = await openSignIn(page)
    await submitCredentials(form, page)
    await form.code.fill('12')
    const since = Date.now()
    const sent = watchFapi(page)

    await form.startOver.click()
    await form.atStep('credentials')
    expect(await form.password.inputValue()).toBe('')
    await expectNoErrorShown(form)
    // Let any request a click handler might have queued leave first.
    await page.evaluate(() => new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve))))
    expect(sent).toEqual([])
    expect((await fapiCalls(since)).filter(c => c.includes('/sign_ins'))).toEqual([])
  })

  describe('given an impatient user (the emulator answers after 300 ms)', () => {
    it('sends one request for Enter + click on Continue, and one for a double click on Verify', async () => {
      const { page } = await device()
      const since = Date.now()
      const form = await openSignIn(page)
      await emulator.setScenario({ delayMs: 300 })
      await form.identifier.fill(JANE.identifier)
      await form.password.fill(PASSWORD)
      const cont = await center(form, 'continue')
      await form.password.press('Enter')
      await page.mouse.click(cont.x, cont.y)
      await form.atStep('verify')
      await expect.poll(() => messagesTo(JANE.identifier, since)).toHaveLength(1)

      await form.code.fill(await latestCode(JANE.identifier, since))
      const verify = await center(form, 'verify')
      await page.mouse.dblclick(verify.x, verify.y)
      await expectSignedIn(page, JANE.firstName)

      const calls = await fapiCalls(since)
      expect(count(calls, '/v1/client/sign_ins')).toBe(1)
      expect(count(calls, '/prepare_second_factor')).toBe(1)
      expect(count(calls, '/attempt_second_factor')).toBe(1)
    })

    it('sends one request for a double click on Continue, and one for Enter + click on Verify', async () => {
      const { page } = await device()
      const since = Date.now()
      const form = await openSignIn(page)
      await emulator.setScenario({ delayMs: 300 })
      await form.identifier.fill(JANE.identifier)
      await form.password.fill(PASSWORD)
      const cont = await center(form, 'continue')
      await page.mouse.dblclick(cont.x, cont.y)
      await form.atStep('verify')
      await expect.poll(() => messagesTo(JANE.identifier, since)).toHaveLength(1)

      await form.code.fill(await latestCode(JANE.identifier, since))
      const verify = await center(form, 'verify')
      await form.code.press('Enter')
      await page.mouse.click(verify.x, verify.y)
      await expectSignedIn(page, JANE.firstName)

      const calls = await fapiCalls(since)
      expect(count(calls, '/v1/client/sign_ins')).toBe(1)
      expect(count(calls, '/prepare_second_factor')).toBe(1)
      expect(count(calls, '/attempt_second_factor')).toBe(1)
    })
  })

  describe('given a code pasted or typed with a separator', () => {
    it('accepts "424 242" pasted from the clipboard', async () => {
      const d = await device()
      const { page } = d
      await d.context.grantPermissions(['clipboard-read', 'clipboard-write'])
      const since = Date.now()
      const form = await openSignIn(page)
      await submitCredentials(form, page)
      const code = await latestCode(JANE.identifier, since)
      const spaced = `${code.slice(0, 3)} ${code.slice(3)}`
      await page.evaluate(text => navigator.clipboard.writeText(text), spaced)
      await form.code.focus()
      await page.keyboard.press('ControlOrMeta+V')
      expect(await form.code.inputValue()).toBe(spaced)

      const answered = page.waitForResponse(r => r.url().includes('/attempt_second_factor'))
      await form.verify.click()
      expect((await answered).status()).toBe(200)
      await expectSignedIn(page, JANE.firstName)
      expect(count(await fapiCalls(since), '/attempt_second_factor')).toBe(1)
    })

    it('accepts "424-242" typed on the keyboard', async () => {
      const { page } = await device()
      const since = Date.now()
      const form = await openSignIn(page)
      await submitCredentials(form, page)
      const code = await latestCode(JANE.identifier, since)
      const dashed = `${code.slice(0, 3)}-${code.slice(3)}`
      await form.code.fill('')
      await form.code.focus()
      await page.keyboard.type(dashed)
      expect(await form.code.inputValue()).toBe(dashed)

      const answered = page.waitForResponse(r => r.url().includes('/attempt_second_factor'))
      await page.keyboard.press('Enter')
      expect((await answered).status()).toBe(200)
      await expectSignedIn(page, JANE.firstName)
      expect(count(await fapiCalls(since), '/attempt_second_factor')).toBe(1)
    })
  })

  it('shows a global message during a FAPI outage, keeps the identifier, and works once it ends', async () => {
    const d = await device()
    const { page } = d
    const since = Date.now()
    const form = await openSignIn(page)
    await emulator.setScenario({ outage: true })
    await form.identifier.fill(JANE.identifier)
    await form.password.fill(PASSWORD)
    const failed = page.waitForResponse(r => r.url().includes('/v1/client/sign_ins'))
    await form.continue.click()
    expect((await failed).status()).toBe(503)

    await expect.poll(() => visibleText(form.globalError)).toMatch(/unavailable|try again/i)
    expect(await form.root.getAttribute('data-step')).toBe('credentials')
    expect(await form.identifier.inputValue()).toBe(JANE.identifier)
    expect(await form.identifier.getAttribute('aria-invalid')).toBeNull()
    expect(await form.password.getAttribute('aria-invalid')).toBeNull()
    await screenshot(page, 'outage')

    await emulator.setScenario({ outage: false })
    if (!await form.password.inputValue()) await form.password.fill(PASSWORD)
    const prepared = page.waitForResponse(r => r.url().includes('/prepare_second_factor'))
    await form.continue.click()
    await form.atStep('verify')
    expect((await prepared).status()).toBe(200)
    await expect.poll(() => visibleText(form.globalError)).toBe('')

    const calls = await fapiCalls(since, true)
    expect(calls.filter(c => c.startsWith('POST /v1/client/sign_ins →'))).toEqual([
      'POST /v1/client/sign_ins → 503',
      'POST /v1/client/sign_ins → 200',
    ])
    await expectNoSecrets(d, [PASSWORD])
  })
})
