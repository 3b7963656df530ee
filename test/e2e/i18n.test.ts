import { arSA, deDE, enUS } from '@clerk/localizations'
import { $fetch, createPage, url } from '@nuxt/test-utils/e2e'
import { describe, expect, it } from 'vitest'
import { expectServerRenderedIn, setupFixture } from './fixture'

// The @nuxtjs/i18n opt-in (`clientTrust: { i18n: true }`): the form follows the
// app's current locale, the Clerk localization loaded on demand, switched without reload.
describe('given a Nuxt app with @nuxtjs/i18n and clientTrust.i18n', async () => {
  await setupFixture('i18n')

  it('server-renders the form in the default locale (de) already', async () => {
    const html = await $fetch<string>('/')
    expectServerRenderedIn(html, 'de-DE', deDE.formFieldLabel__password)
  })

  it('switches with setLocale: Arabic right to left, English, a locale Clerk lacks → English, no reload', async () => {
    const page = await createPage()
    const errors: string[] = []
    page.on('pageerror', error => errors.push(error.message))
    await page.goto(url('/'))
    const root = page.locator('.cts[data-step]')
    await page.waitForSelector('.cts[data-step="credentials"]')
    const identifier = page.locator('input[autocomplete="username"]')
    await identifier.fill('jane@example.com')
    let loads = 0
    page.on('load', () => loads++)
    const submit = root.locator('button[type="submit"]')
    expect(await submit.textContent()).toContain(deDE.formButtonPrimary)

    await page.getByTestId('locale-ar').click()
    await expect.poll(() => root.getAttribute('dir')).toBe('rtl')
    expect(await root.getAttribute('lang')).toBe('ar-SA')
    expect(await submit.textContent()).toContain(arSA.formButtonPrimary)

    await page.getByTestId('locale-en').click()
    await expect.poll(() => root.getAttribute('lang')).toBe('en-US')
    expect(await root.getAttribute('dir')).toBe('ltr')
    expect(await page.locator('label').first().textContent()).toContain(enUS.formFieldLabel__emailAddress_username)

    await page.getByTestId('locale-tlh').click()
    await expect.poll(() => root.getAttribute('lang')).toBeNull()
    expect(await submit.textContent()).toContain('Continue')

    expect(await identifier.inputValue()).toBe('jane@example.com')
    expect(loads).toBe(0)
    expect(errors).toEqual([])
    await page.close()
  })
})
