import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import type { Device, SignInForm } from './harness'
import {
  JANE, PASSWORD, emulator, enterCode, expectNoSecrets, expectSignedIn, fillCredentials, latestCode, openSignIn, setupPlayground, statusOf,
  submitCredentials, trackRejections, useDevices, visibleText,
} from './harness'

const HTML = '<img src=x onerror="window.__ctsXss=1">'

/** `alert()`s and unhandled rejections of every document of the device, seen by the page itself. */
async function watchPage(d: Device) {
  const dialogs: string[] = []
  d.context.on('page', page => page.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  }))
  d.page.on('dialog', (dialog) => {
    dialogs.push(dialog.message())
    void dialog.dismiss()
  })
  return { dialogs, rejections: await trackRejections(d) }
}

/** The form answered: not busy any more, buttons usable, never blank. */
async function expectSettled(page: Page, form: SignInForm) {
  await expect.poll(() => form.root.locator('form[aria-busy="true"]').count()).toBe(0)
  expect(await form.root.getAttribute('data-step')).not.toBe('loading')
  expect((await visibleText(form.root)).trim()).not.toBe('')
  expect(await page.locator('.cts form').count()).toBe(1)
}

/** Every message the form shows, field and global, as one list. */
async function shownErrors(form: SignInForm) {
  const fields = await form.root.locator('.cts-field-error').allTextContents()
  return [...fields, await visibleText(form.globalError)].map(t => t.trim()).filter(Boolean)
}

// Secrets stay in their inputs, Clerk's text is rendered as text,
// and hostile input gets a clear message, never a crash.
describe('given the playground in Chromium, with hostile text and input', async () => {
  await setupPlayground()

  const { device, onSignIn } = useDevices({ restore: () => emulator.setScenario({ errorMessage: null }) })

  /** A new device, watched, on /sign-in. */
  async function openWatched() {
    const d = await device()
    const watch = await watchPage(d)
    return { d, page: d.page, watch, form: await openSignIn(d.page) }
  }

  /** Submits hostile credentials; the form answers with a message and stays on them, usable. */
  async function submitHostile(identifier: string, password: string) {
    const opened = await openWatched()
    const { page, form } = opened
    await fillCredentials(form, identifier, password)
    await form.continue.click()
    await expect.poll(() => shownErrors(form)).not.toEqual([])
    await expectSettled(page, form)
    expect(await form.root.getAttribute('data-step')).toBe('credentials')
    return opened
  }

  it('renders an error message containing HTML as text: no element created, no script run', async () => {
    const { d, page, watch, form } = await openWatched()
    await emulator.setScenario({ errorMessage: `Denied ${HTML}` })
    await fillCredentials(form)
    expect(await statusOf(page, '/v1/client/sign_ins', () => form.continue.click())).toBe(422)
    await expect.poll(() => visibleText(form.globalError)).toBe(`Denied ${HTML}`)
    expect(await page.locator('.cts img, img[src="x"]').count()).toBe(0)
    expect(await page.evaluate(() => (window as unknown as { __ctsXss?: number }).__ctsXss)).toBeUndefined()
    expect(watch.dialogs).toEqual([])
    expect(await watch.rejections()).toEqual([])
    expect(await form.identifier.inputValue()).toBe(JANE.identifier)
    await expectNoSecrets(d, [PASSWORD])
  })

  it('empties the password field after Start over and after success; secrets never leave their inputs', async () => {
    const { d, page, form, since } = await onSignIn()
    await submitCredentials(form, page)
    await form.startOver.click()
    await form.atStep('credentials')
    expect(await form.password.inputValue()).toBe('')

    await submitCredentials(form, page)
    const code = await latestCode(JANE.identifier, since)
    await enterCode(form, code)
    await expectSignedIn(page, JANE.firstName)
    // Whatever inputs remain on the signed-in page hold no secret.
    const values = await page.locator('input').evaluateAll(inputs => inputs.map(i => (i as HTMLInputElement).value))
    expect(values.filter(v => v.includes(PASSWORD) || v.includes(code))).toEqual([])
    // Nor does the page's state: history entries, storage.
    const state = await page.evaluate(() => JSON.stringify([history.state, { ...localStorage }, { ...sessionStorage }, document.cookie]))
    expect(state).not.toContain(PASSWORD)
    expect(state).not.toContain(code)
    await expectNoSecrets(d, [PASSWORD, code])
    const logged = JSON.stringify(await emulator.requests())
    expect(logged).not.toContain(PASSWORD)
    expect(logged).not.toContain(code)
  })

  const long = 'a'.repeat(10_000)
  const identifiers: Array<[string, string]> = [
    ['empty', ''],
    ['whitespace only', ' \t  '],
    ['10 000 characters', `${long}@example.com`],
    ['unicode', 'jöhn.dœ@exämple.com'],
    ['emoji', '😀🔥@example.com'],
    ['control characters', 'jane\u0000\u0007\u001B[2J@example.com'],
    ['right-to-left override', 'jane\u202E@example.com'],
    ['an HTML tag', '<script>alert(1)</script>'],
  ]

  it.each(identifiers)('answers a %s identifier with a message and stays usable', async (_name, identifier) => {
    const { d, form, watch } = await submitHostile(identifier, PASSWORD)
    expect(await form.continue.isEnabled()).toBe(true)
    expect(watch.dialogs).toEqual([])
    expect(await watch.rejections()).toEqual([])
    await expectNoSecrets(d, [PASSWORD])
  })

  const passwords: Array<[string, string]> = [
    ['empty', ''],
    ['whitespace only', '   '],
    ['10 000 characters', long],
    ['unicode and emoji', 'pässwörd-😀-密码'],
    ['control characters', 'pass\u0000word\u001B'],
  ]

  it.each(passwords)('answers a %s password with a message and stays usable', async (_name, password) => {
    const { d, form, watch } = await submitHostile(JANE.identifier, password)
    expect(await form.identifier.inputValue()).toBe(JANE.identifier)
    expect(await watch.rejections()).toEqual([])
    if (password.trim()) await expectNoSecrets(d, [password])
  })

  it('answers hostile codes with a message, stays on the code step, then takes the right one', async () => {
    const since = Date.now()
    const { page, watch, form } = await openWatched()
    await submitCredentials(form, page)
    const code = await latestCode(JANE.identifier, since)
    for (const bad of ['', '   ', 'abcdef', '😀😀😀😀😀😀', '4242\u00004242', '1'.repeat(10_000), '１２３４５６', `${HTML}`]) {
      await enterCode(form, bad)
      await expect.poll(() => shownErrors(form)).not.toEqual([])
      await expectSettled(page, form)
      expect(await form.root.getAttribute('data-step')).toBe('verify')
    }
    expect(await page.locator('.cts img').count()).toBe(0)
    await enterCode(form, code)
    await expectSignedIn(page, JANE.firstName)
    expect(watch.dialogs).toEqual([])
    expect(await watch.rejections()).toEqual([])
  })
})
