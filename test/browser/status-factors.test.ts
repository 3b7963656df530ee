import { $fetch } from '@nuxt/test-utils/e2e'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { SEEDED_TOTP_SECRET, totpCode } from '../../src/emulator'
import type { SignInForm } from './harness'
import {
  PASSWORD, count, deviceTracker, emulator, expectNoSecrets, expectSignedIn, fapiCalls, latestCode, messagesTo, openSignIn,
  setupPlayground, stepsSeen, visibleText,
} from './harness'

// Issue 5, factors: MFA (TOTP, SMS, email, backup codes), "Use another method", email links.

const MIA = { identifier: 'mia@example.com', phone: '+15555550111', name: 'Mia' }
const ELLA = { identifier: 'ella@example.com', name: 'Ella' }
const SAM = { identifier: 'sam@example.com', phone: '+15555550122', name: 'Sam' }
const LEE = { identifier: 'lee@example.com', name: 'Lee' }

const expireCodes = (on: boolean) => $fetch('/__clerk/_scenario', { method: 'POST', body: { expireCodes: on } })

/** Submits the password and waits for `step`; unlike the harness' helper, no code need be sent. */
async function passwordStep(form: SignInForm, identifier: string, step: string) {
  await form.identifier.fill(identifier)
  await form.password.fill(PASSWORD)
  await form.continue.click()
  await form.atStep(step)
}

const factorIs = (page: Page, strategy: string) => page.locator(`.cts[data-factor="${strategy}"]`).waitFor()
const action = (form: SignInForm, name: string) => form.root.locator(`[data-cts-action="${name}"]`)
const method = (form: SignInForm, strategy: string) => form.root.locator(`[data-cts-action="select-method"][data-cts-strategy="${strategy}"]`)

describe('given the playground in Chromium: second factors and email links', async () => {
  await setupPlayground()

  const { device, expectNoPageErrors, closeAll } = deviceTracker()
  beforeAll(() => emulator.reset())
  afterEach(() => expireCodes(false))
  afterEach(expectNoPageErrors)
  afterAll(closeAll)

  it('asks Mia (MFA) for her authenticator code first, never a new-device code, and signs her in', async () => {
    const d = await device()
    const { page } = d
    const since = Date.now()
    const form = await openSignIn(page)
    await passwordStep(form, MIA.identifier, 'second-factor')
    await factorIs(page, 'totp')
    expect(await visibleText(form.root)).toContain('Two-step verification')
    expect(await visibleText(form.root)).toContain('Enter the code from your authenticator app')
    expect(await visibleText(form.root)).not.toContain('new device')
    const code = totpCode(SEEDED_TOTP_SECRET, Date.now())
    await form.code.fill(code)
    await form.verify.click()
    await expectSignedIn(page, MIA.name)
    const calls = await fapiCalls(since)
    expect(count(calls, '/prepare_second_factor')).toBe(0)
    expect(count(calls, '/attempt_second_factor')).toBe(1)
    expect(await messagesTo(MIA.identifier, since)).toEqual([])
    expect(await stepsSeen(page)).not.toContain('verify')
    await expectNoSecrets(d, [PASSWORD, code])
  })

  it('lets Mia switch to SMS from "Use another method": exactly one code, to the masked number listed', async () => {
    const { page } = await device()
    const since = Date.now()
    const form = await openSignIn(page)
    await passwordStep(form, MIA.identifier, 'second-factor')
    await action(form, 'another-method').click()
    expect(await visibleText(form.root)).toContain('Use another method')
    expect(await form.root.locator('[data-cts-action="select-method"]').allInnerTexts())
      .toEqual(['Send an SMS code to +1******0111', 'Use a backup code'])
    const prepared = page.waitForResponse(r => r.url().includes('/prepare_second_factor'))
    await method(form, 'phone_code').dblclick()
    expect((await prepared).status()).toBe(200)
    await factorIs(page, 'phone_code')
    await expect.poll(() => visibleText(form.root)).toContain('Enter the code sent to +1******0111')
    await form.code.fill(await latestCode(MIA.phone, since))
    await form.verify.click()
    await expectSignedIn(page, MIA.name)
    const calls = await fapiCalls(since)
    expect(count(calls, '/prepare_second_factor')).toBe(1)
    expect((await messagesTo(MIA.phone, since)).map(m => m.channel)).toEqual(['sms'])
  })

  it('takes a backup code from "Use a backup code", once only', async () => {
    const { page } = await device()
    const form = await openSignIn(page)
    await passwordStep(form, MIA.identifier, 'second-factor')
    await action(form, 'backup-code').click()
    await factorIs(page, 'backup_code')
    expect(await visibleText(form.root)).toContain('Enter one of your backup codes')
    await form.code.fill('backup-0001')
    await form.verify.click()
    await expectSignedIn(page, MIA.name)

    // The same code on a fresh browser is refused.
    const other = await device()
    const again = await openSignIn(other.page)
    await passwordStep(again, MIA.identifier, 'second-factor')
    await action(again, 'backup-code').click()
    await again.code.fill('backup-0001')
    await again.verify.click()
    await expect.poll(() => again.code.getAttribute('aria-invalid')).toBe('true')
    expect(await visibleText(await again.describedBy(again.code))).toBe('Incorrect, try again')
  })

  it('sends Ella (email-code MFA) one code, also across a reload, and signs her in', async () => {
    const { page } = await device()
    const since = Date.now()
    const form = await openSignIn(page)
    await passwordStep(form, ELLA.identifier, 'second-factor')
    await factorIs(page, 'email_code')
    await expect.poll(async () => (await messagesTo(ELLA.identifier, since)).length).toBe(1)
    await page.reload()
    await form.atStep('second-factor')
    await factorIs(page, 'email_code')
    await form.code.fill(await latestCode(ELLA.identifier, since))
    await form.verify.click()
    await expectSignedIn(page, ELLA.name)
    expect(count(await fapiCalls(since), '/prepare_second_factor')).toBe(1)
  })

  it('offers Sam (email and SMS trust) the other channel; switching sends one code to it', async () => {
    const { page } = await device()
    const since = Date.now()
    const form = await openSignIn(page)
    await passwordStep(form, SAM.identifier, 'verify')
    await factorIs(page, 'email_code')
    await expect.poll(async () => (await messagesTo(SAM.identifier, since)).length).toBe(1)
    await action(form, 'another-method').click()
    expect(await form.root.locator('[data-cts-action="select-method"]').allInnerTexts()).toEqual(['Send an SMS code to +1******0122'])
    await method(form, 'phone_code').click()
    await factorIs(page, 'phone_code')
    await expect.poll(async () => (await messagesTo(SAM.phone, since)).length).toBe(1)
    expect(await visibleText(form.root)).toContain('new device')
    await form.code.fill(await latestCode(SAM.phone, since))
    await form.verify.click()
    await expectSignedIn(page, SAM.name)
    const calls = await fapiCalls(since)
    expect(count(calls, '/prepare_second_factor')).toBe(2)
    expect((await messagesTo(SAM.identifier, since)).length).toBe(1)
  })

  describe('given Lee, whose new device is verified by an email link', () => {
    it('shows "check your email" and finishes once the link is opened in another tab', async () => {
      const d = await device()
      const { page } = d
      const since = Date.now()
      const form = await openSignIn(page)
      await passwordStep(form, LEE.identifier, 'verify')
      await factorIs(page, 'email_link')
      await expect.poll(() => visibleText(form.root)).toContain('Open the link sent to l***@example.com to continue.')
      expect(await visibleText(form.root)).toContain('Check your email')
      await expect.poll(async () => (await messagesTo(LEE.identifier, since)).length).toBe(1)
      const link = (await messagesTo(LEE.identifier, since))[0]!.link!

      const tab = await d.context.newPage()
      await tab.goto(link)
      await expectSignedIn(page, LEE.name)
      await expectSignedIn(tab, LEE.name)
      expect(count(await fapiCalls(since), '/prepare_second_factor')).toBe(1)
      await tab.close()
    })

    it('finishes on the first device when the link is opened on another one, which says so', async () => {
      const { page } = await device()
      const since = Date.now()
      const form = await openSignIn(page)
      await passwordStep(form, LEE.identifier, 'verify')
      await expect.poll(async () => (await messagesTo(LEE.identifier, since)).length).toBe(1)
      // A reload keeps waiting for the same link: nothing is sent again.
      await page.reload()
      await factorIs(page, 'email_link')
      const phone = await device()
      await phone.page.goto((await messagesTo(LEE.identifier, since))[0]!.link!)
      await expect.poll(() => visibleText(phone.page.locator('.cts'))).toContain('You\'re verified. Go back to the tab or device where you started signing in.')
      await expectSignedIn(page, LEE.name)
      expect(await phone.page.getByTestId('signed-in').count()).toBe(0)
      expect(count(await fapiCalls(since), '/prepare_second_factor')).toBe(1)
    })

    it('says an expired link expired, and a new one works', async () => {
      const { page } = await device()
      const since = Date.now()
      const form = await openSignIn(page)
      await passwordStep(form, LEE.identifier, 'verify')
      await expect.poll(async () => (await messagesTo(LEE.identifier, since)).length).toBe(1)
      await expireCodes(true)
      const other = await device()
      await other.page.goto((await messagesTo(LEE.identifier, since))[0]!.link!)
      await expect.poll(() => visibleText(form.root), { timeout: 10_000 }).toContain('This link has expired. Send a new one.')
      await expect.poll(() => visibleText(other.page.locator('.cts'))).toContain('This link has expired. Send a new one.')
      await expireCodes(false)
      await action(form, 'resend').click()
      await expect.poll(async () => (await messagesTo(LEE.identifier, since)).length).toBe(2)
      await other.page.goto((await messagesTo(LEE.identifier, since))[1]!.link!)
      await expectSignedIn(page, LEE.name)
    })
  })
})
