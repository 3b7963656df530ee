import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { SEEDED_TOTP_SECRET, totpCode } from '../../src/emulator'
import { JANE, PASSWORD, count, expectSignedIn, fapiCalls, latestCode, messagesTo, setupPlayground, useDevices } from './harness'
import type { SignInForm } from './harness'
import { focused } from './a11y'

// Keyboard only. Tab, Shift+Tab, Enter and Space move and act; typing fills fields.

/** Presses Tab until `target` has the focus (at most `max` times). */
async function tabTo(page: Page, target: string, max = 15) {
  for (let tabs = 0; tabs < max && await focused(page) !== target; tabs++) await page.keyboard.press('Tab')
  expect(await focused(page)).toBe(target)
}

/** From the top of the page: identifier, Tab, password, Enter. */
async function typeCredentials(page: Page, identifier: string) {
  await tabTo(page, 'username')
  await page.keyboard.type(identifier)
  await page.keyboard.press('Tab')
  expect(await focused(page)).toBe('current-password')
  await page.keyboard.type(PASSWORD)
  await page.keyboard.press('Enter')
}

/** Waits for `step`, its code field focused: the next keys type the code. */
async function atCodeField(page: Page, form: SignInForm, step: string) {
  await form.atStep(step)
  await expect.poll(() => focused(page)).toBe('one-time-code')
}

describe('given the playground in Chromium: keyboard only', async () => {
  await setupPlayground()

  const { onSignIn } = useDevices({ reset: true })

  it('credentials → new-device code → signed in, the six digits verifying by themselves (/custom, segmented)', async () => {
    const { page, form, since } = await onSignIn('/custom')
    await typeCredentials(page, JANE.identifier)
    await atCodeField(page, form, 'verify')
    await expect.poll(() => messagesTo(JANE.identifier, since)).toHaveLength(1)
    await page.keyboard.type(await latestCode(JANE.identifier, since))
    // Enter right after the sixth digit: still one request.
    await page.keyboard.press('Enter')
    await expectSignedIn(page, JANE.firstName)
    expect(count(await fapiCalls(since), '/attempt_second_factor')).toBe(1)
  })

  it('MFA with an authenticator app (TOTP)', async () => {
    const { page, form, since } = await onSignIn()
    await typeCredentials(page, 'mia@example.com')
    await atCodeField(page, form, 'second-factor')
    await page.keyboard.type(totpCode(SEEDED_TOTP_SECRET, Date.now()))
    await page.keyboard.press('Enter')
    await expectSignedIn(page, 'Mia')
    expect(count(await fapiCalls(since), '/attempt_second_factor')).toBe(1)
  })

  it('switches method ("Use another method" with Space, a method with Enter) and signs in with the SMS code', async () => {
    const { page, form, since } = await onSignIn()
    await typeCredentials(page, 'sam@example.com')
    await atCodeField(page, form, 'verify')
    await tabTo(page, 'another-method')
    await page.keyboard.press('Space')
    // The list's heading takes the focus; the methods follow it in Tab order.
    await expect.poll(() => focused(page)).toBe('title')
    await page.keyboard.press('Tab')
    expect(await focused(page)).toBe('select-method')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-cts-strategy'))).toBe('phone_code')
    await page.keyboard.press('Enter')
    await page.locator('.cts[data-factor="phone_code"]').waitFor()
    await expect.poll(() => focused(page)).toBe('one-time-code')
    await expect.poll(() => messagesTo('+15555550122', since)).toHaveLength(1)
    await page.keyboard.type(await latestCode('+15555550122', since))
    await page.keyboard.press('Enter')
    await expectSignedIn(page, 'Sam')
    expect(count(await fapiCalls(since), '/attempt_second_factor')).toBe(1)
  })
})
