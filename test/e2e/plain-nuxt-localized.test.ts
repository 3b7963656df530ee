import { esES } from '@clerk/localizations'
import { $fetch, createPage, url } from '@nuxt/test-utils/e2e'
import { describe, expect, it } from 'vitest'
import { expectServerRenderedIn, setupFixture } from './fixture'

// The module option: without @clerk/nuxt, `clientTrust: { localization }` makes
// the form speak that language from the server render on, and is given to Clerk too.
describe('given a Nuxt app without @clerk/nuxt and clientTrust.localization = esES', async () => {
  await setupFixture('plain-nuxt', { nuxtConfig: { clientTrust: { localization: esES } } })

  it('server-renders the form in Spanish, with lang on the root', async () => {
    const html = await $fetch<string>('/')
    expectServerRenderedIn(html, 'es-ES', esES.formFieldLabel__password)
  })

  it('gives the same localization to the Clerk instance the module installs', async () => {
    const page = await createPage()
    await page.goto(url('/'))
    await page.waitForSelector('[data-step="credentials"]')
    const locale = await page.evaluate(() => (window as unknown as { Clerk: { __internal_getOption: (key: string) => { locale?: string } | undefined } })
      .Clerk.__internal_getOption('localization')?.locale)
    expect(locale).toBe('es-ES')
    expect(await page.locator('[data-step="credentials"] button[type="submit"]').textContent()).toContain(esES.formButtonPrimary)
    await page.close()
  })
})
