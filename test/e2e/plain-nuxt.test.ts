import { deDE } from '@clerk/localizations/de-DE'
import { $fetch, createPage, url } from '@nuxt/test-utils/e2e'
import { describe, expect, it } from 'vitest'
import type { OutboxEntry, RecordedRequest } from '../../src/testing'
import { expectServerRenderedIn, setupFixture } from './fixture'

// The set-up WITHOUT @clerk/nuxt: our module installs @clerk/vue's plugin and the
// emulator supplies the publishable key, so the app needs no Clerk account.
describe('given a Nuxt app without @clerk/nuxt', async () => {
  await setupFixture('plain-nuxt', { setupTimeout: 300_000 })

  it('renders the prefixed component on the server, waiting for Clerk', async () => {
    const html = await $fetch<string>('/')
    expect(html).toMatch(/data-step="loading"/)
    expect(html).not.toContain('correct-horse')
  })

  it('registers the step parts with the same prefix: a step rebuilt from them renders on the server', async () => {
    const html = await $fetch<string>('/parts')
    expect(html).toMatch(/<div class="cts-form" data-cts-part="step" data-state="loading"/)
    expect(html).toMatch(/<h2[^>]*data-cts-part="title"[^>]*>Sign in<\/h2>/)
    expect(html).toContain('Built from the registered parts')
    expect(html).not.toMatch(/<My?Cts/)
  })

  it('server-renders a form given its own localization in that language, and hydrates it as rendered', async () => {
    // The Clerk localization adapter is a chunk of its own: the server waits for it, and the
    // payload tells the browser to load it before hydrating.
    const html = await $fetch<string>('/localized')
    expectServerRenderedIn(html, 'de-DE', deDE.formFieldLabel__password)
    const page = await createPage()
    const problems: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text())
    })
    await page.goto(url('/localized'))
    await page.waitForSelector('[data-step="credentials"]')
    expect(await page.locator('[data-step="credentials"] button[type="submit"]').textContent()).toContain(deDE.formButtonPrimary)
    expect(problems.filter(text => /hydrat/i.test(text))).toEqual([])
    await page.close()
  })

  it('serves the emulator and the clerk-js bundle under /__clerk', async () => {
    const env = await $fetch<{ user_settings?: unknown }>('/__clerk/v1/environment')
    expect(env).toHaveProperty('user_settings')
    const bundle = await fetch(url('/__clerk/npm/@clerk/clerk-js@6/dist/clerk.browser.js'))
    expect(bundle.status).toBe(200)
    expect(bundle.headers.get('content-type')).toMatch(/javascript/)
  })

  it('signs a new device in with the emailed code and lands on afterSignInUrl', async () => {
    await $fetch('/__clerk/_reset', { method: 'POST' })
    const page = await createPage()
    const problems: string[] = []
    page.on('pageerror', error => problems.push(`pageerror: ${error.message}`))
    page.on('console', (message) => {
      // clerk-js always warns about development keys; the emulator's key is one by design.
      if (message.text().includes('loaded with development keys')) return
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`)
    })
    await page.goto(url('/'))
    const identifier = page.locator('input[autocomplete="username"]')
    await identifier.waitFor()
    await page.waitForSelector('[data-step="credentials"]')
    await identifier.fill('jane@example.com')
    await page.locator('input[autocomplete="current-password"]').fill('correct-horse')
    await page.locator('[data-step="credentials"] button[type="submit"]').click()

    const code = page.locator('input[autocomplete="one-time-code"]')
    await code.waitFor()
    await expect.poll(() => page.textContent('body')).toContain('new device')
    const { outbox } = await $fetch<{ outbox: OutboxEntry[] }>('/__clerk/_outbox.json')
    expect(outbox).toHaveLength(1)
    expect(outbox[0]!.channel).toBe('email')
    // Six digits verify by themselves (`autoSubmit`, on by default): no click needed.
    await code.fill(outbox[0]!.code!)

    await page.waitForURL(u => u.pathname === '/account')
    await page.getByTestId('account').waitFor()
    expect(await page.getByTestId('account').textContent()).toContain('Hello Jane')

    const { requests } = await $fetch<{ requests: RecordedRequest[] }>('/__clerk/_requests.json')
    const paths = requests.map(r => `${r.method} ${r.path.replace(/sia_\w+|sess_\w+/g, ':id')}`)
    expect(paths.filter(p => p.endsWith('/prepare_second_factor'))).toHaveLength(1)
    expect(paths.filter(p => p.endsWith('/attempt_second_factor'))).toHaveLength(1)
    // Clerk loads and runs without the prebuilt UI bundle, silently.
    expect(problems).toEqual([])
    await page.close()
  })
})
