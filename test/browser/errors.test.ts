import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { SignInForm } from './harness'
import {
  JANE, PASSWORD, attemptsAnswered, count, emulator, enterCode, expectCallCounts, expectNoErrorShown, expectNoSecrets, expectSignedIn,
  fapiCalls, fillCredentials, latestCode, messagesTo, screenshot, setupPlayground, statusOf, submitCredentials, useDevices, visibleText,
  watchFapi,
} from './harness'

/** Real pointer clicks at the button's position, even when it is already disabled (ignored then, like a user's). */
async function center(form: SignInForm, button: 'continue' | 'verify') {
  const box = await form[button].boundingBox()
  expect(box, `${button} button on screen`).toBeTruthy()
  return { x: box!.x + box!.width / 2, y: box!.y + box!.height / 2 }
}

describe('given the playground in Chromium, when things go wrong', async () => {
  await setupPlayground()

  const { onSignIn, atCodeStep } = useDevices({ restore: () => emulator.setScenario({ outage: false, delayMs: 0, rateLimit: false, expireSignIns: false }) })

  it('shows a wrong password under the password field and keeps the identifier', async () => {
    const { d, page, form, since } = await onSignIn()
    await fillCredentials(form, JANE.identifier, 'wrong-horse')
    expect(await statusOf(page, '/v1/client/sign_ins', () => form.continue.click())).toBe(422)

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
    const { d, page, form, since, code } = await atCodeStep()
    const wrong = code === '111111' ? '222222' : '111111'

    await form.code.fill(wrong)
    expect(await statusOf(page, '/attempt_second_factor', () => form.verify.click())).toBe(422)
    await expect.poll(() => form.code.getAttribute('aria-invalid')).toBe('true')
    expect(await visibleText(await form.describedBy(form.code))).toBe('Incorrect, try again')
    expect(await form.code.inputValue()).toBe('')
    expect(await form.root.getAttribute('data-step')).toBe('verify')

    await enterCode(form, code)
    await expectSignedIn(page, JANE.firstName)
    const calls = await fapiCalls(since, true)
    expect(await attemptsAnswered(since)).toEqual([
      'POST /v1/client/sign_ins/:id/attempt_second_factor → 422',
      'POST /v1/client/sign_ins/:id/attempt_second_factor → 200',
    ])
    expect(count(calls, '/prepare_second_factor → 200')).toBe(1)
    await expectNoSecrets(d, [PASSWORD, code, wrong])
  })

  it('starts over from the code step without a request', async () => {
    const { page, form } = await onSignIn()
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
    // How the user submits each step, with the pointer at the step's button.
    type Press = (page: Page, form: SignInForm, at: { x: number, y: number }) => Promise<void>
    const cases: Array<{ name: string, submit: Press, verify: Press }> = [{
      name: 'sends one request for Enter + click on Continue, and one for a double click on Verify',
      submit: async (page, form, at) => {
        await form.password.press('Enter')
        await page.mouse.click(at.x, at.y)
      },
      verify: (page, _form, at) => page.mouse.dblclick(at.x, at.y),
    }, {
      name: 'sends one request for a double click on Continue, and one for Enter + click on Verify',
      submit: (page, _form, at) => page.mouse.dblclick(at.x, at.y),
      verify: async (page, form, at) => {
        await form.code.press('Enter')
        await page.mouse.click(at.x, at.y)
      },
    }]

    for (const { name, submit, verify } of cases) it(name, async () => {
      const { page, form, since } = await onSignIn()
      await emulator.setScenario({ delayMs: 300 })
      await fillCredentials(form)
      await submit(page, form, await center(form, 'continue'))
      await form.atStep('verify')
      await expect.poll(() => messagesTo(JANE.identifier, since)).toHaveLength(1)

      await form.code.fill(await latestCode(JANE.identifier, since))
      await verify(page, form, await center(form, 'verify'))
      await expectSignedIn(page, JANE.firstName)

      await expectCallCounts(since, { '/v1/client/sign_ins': 1, '/prepare_second_factor': 1, '/attempt_second_factor': 1 })
    })
  })

  describe('given a code pasted or typed with a separator', () => {
    it('accepts "424 242" pasted from the clipboard', async () => {
      const { d, page, form, code, since } = await atCodeStep()
      await d.context.grantPermissions(['clipboard-read', 'clipboard-write'])
      const spaced = `${code.slice(0, 3)} ${code.slice(3)}`
      await page.evaluate(text => navigator.clipboard.writeText(text), spaced)
      await form.code.focus()
      await page.keyboard.press('ControlOrMeta+V')
      expect(await form.code.inputValue()).toBe(spaced)

      expect(await statusOf(page, '/attempt_second_factor', () => form.verify.click())).toBe(200)
      await expectSignedIn(page, JANE.firstName)
      expect(count(await fapiCalls(since), '/attempt_second_factor')).toBe(1)
    })

    it('accepts "424-242" typed on the keyboard', async () => {
      const { page, form, code, since } = await atCodeStep()
      const dashed = `${code.slice(0, 3)}-${code.slice(3)}`
      await form.code.fill('')
      await form.code.focus()
      await page.keyboard.type(dashed)
      expect(await form.code.inputValue()).toBe(dashed)

      expect(await statusOf(page, '/attempt_second_factor', () => page.keyboard.press('Enter'))).toBe(200)
      await expectSignedIn(page, JANE.firstName)
      expect(count(await fapiCalls(since), '/attempt_second_factor')).toBe(1)
    })
  })

  it('shows a global message during a FAPI outage, keeps the identifier, and works once it ends', async () => {
    const { d, page, form, since } = await onSignIn()
    await emulator.setScenario({ outage: true })
    await fillCredentials(form)
    expect(await statusOf(page, '/v1/client/sign_ins', () => form.continue.click())).toBe(503)

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
