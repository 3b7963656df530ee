import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { Browser, FrameLocator, Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { PAGE_SIGN_IN_CHANNEL } from '../../src/emulator/control/pageSignIn'
import { chromiumLaunchOptions } from '../helpers/chromium'
import { freePort, plainEnv, repoRoot, run, startServer } from '../helpers/processes'

// The Nuxt DevTools tab as a developer meets it: `nuxi dev` of an app with DevTools on
// (test/fixtures/devtools), DevTools opened with its shortcut and authorized from the terminal,
// the tab clicked in DevTools' side bar; then the same app built for production.

const fixture = 'test/fixtures/devtools'
const nuxi = join(repoRoot, 'node_modules/.bin/nuxi')
const PASSWORD = 'correct-horse'

/** One labelled row of the tab's "Sign-in on this app's pages" (its `<dt>` → `<dd>`). */
const row = (tab: FrameLocator, name: string) => tab.locator('#forms li').first().locator(`dt:text-is("${name}") + dd`)

/**
 * The authorization link `nuxi dev` prints. Its token is a nanoid (letters, digits, `_` and `-`):
 * one with a `-` in it, about one in five, was cut short by `\w+` and refused.
 */
const AUTH_LINK = /__nuxt_devtools__\/auth\?token=([\w-]+)/

/** Opens DevTools on `page` as a developer does, and its Clerk emulator tab; returns the tab's frame. */
async function openTab(page: Page, terminal: () => string): Promise<FrameLocator> {
  await page.locator('#nuxt-devtools-anchor').waitFor({ state: 'attached', timeout: 60_000 })
  await page.keyboard.press('Shift+Alt+D')
  const devtools = page.frameLocator('#nuxt-devtools-iframe')
  // First use: DevTools asks for the token it printed in the terminal, then welcomes.
  const token = devtools.getByPlaceholder('Enter token here')
  const started = devtools.getByRole('link', { name: 'Get Started' })
  await token.or(started).first().waitFor({ timeout: 60_000 })
  if (await token.isVisible()) {
    await expect.poll(() => AUTH_LINK.exec(terminal())?.[1], { timeout: 30_000 }).toBeTruthy()
    await token.fill(AUTH_LINK.exec(terminal())![1]!)
    await token.press('Enter')
  }
  await started.click()
  const link = devtools.locator('a[href$="/modules/custom-clerk-emulator"]')
  await link.click({ timeout: 60_000 })
  const tab = devtools.frameLocator('iframe[src$="/__clerk/?devtools"]')
  await tab.getByRole('heading', { name: 'Clerk emulator' }).waitFor({ timeout: 30_000 })
  return tab
}

describe('given nuxi dev of an app with Nuxt DevTools on', () => {
  let browser: Browser | undefined
  afterAll(async () => {
    await browser?.close()
  })

  it('shows the Clerk emulator tab in DevTools, with the page\'s sign-in updating as it moves', async () => {
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    const server = await startServer(nuxi, ['dev', fixture, '--port', String(port), '--host', '127.0.0.1'], `${base}/`, {
      env: plainEnv(),
      timeoutMs: 300_000,
      ready: status => status === 200,
    })
    try {
      browser = await chromium.launch(chromiumLaunchOptions())
      // Tall enough for DevTools' side bar to list every tab without its overflow menu.
      const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } })
      const errors: string[] = []
      page.on('pageerror', error => errors.push(error.message))
      await page.goto(`${base}/`)
      await page.locator('.cts[data-step="credentials"]').waitFor({ timeout: 120_000 })
      const tab = await openTab(page, server.output)

      // The page's form, as the tab shows it, before and after the password.
      await expect.poll(() => row(tab, 'Step').textContent(), { timeout: 30_000 }).toBe('credentials')
      expect(await row(tab, 'Session').textContent()).toBe('signed out')
      await page.fill('input[autocomplete="username"]', 'jane@example.com')
      await page.fill('input[autocomplete="current-password"]', PASSWORD)
      await page.locator('input[autocomplete="current-password"]').press('Enter')
      await expect.poll(() => row(tab, 'Step').textContent(), { timeout: 30_000 }).toBe('verify')
      expect(await row(tab, 'Status').textContent()).toBe('needs_client_trust')
      expect(await row(tab, 'client_trust_state').textContent()).toBe('new')
      expect(await row(tab, 'Factor').textContent()).toBe('email_code')
      expect(await row(tab, 'Sign-in').textContent()).toMatch(/^sia_/)

      // The code, read from the tab's own outbox; the tab follows the sign-in to its session.
      const code = (await tab.locator('#outbox li .code').first().textContent({ timeout: 30_000 }))!.trim()
      expect(code).toMatch(/^\d{6}$/)
      await page.fill('input[autocomplete="one-time-code"]', code)
      await expect.poll(() => row(tab, 'Session').textContent(), { timeout: 30_000 }).toMatch(/^sess_\w+ \(active\)$/)
      expect(await row(tab, 'Status').textContent()).toBe('complete')
      expect(await row(tab, 'Session tasks').textContent()).toBe('none')

      // Nothing typed reaches the tab.
      const shown = await tab.locator('#forms').textContent()
      expect(shown).not.toContain(PASSWORD)
      expect(shown).not.toContain('jane@example.com')
      expect(shown).not.toContain(code)
      // No page error but DevTools' own: its UI asks a CDN for icon sets it lacks, which fails
      // offline (the tab's icon is one DevTools ships: test/unit/devtools-tab.test.ts).
      expect(errors.filter(error => !/esm\.sh\/@iconify-json\//.test(error))).toEqual([])
    }
    finally {
      await server.stop()
    }
  })
})

describe('given the same app built for production', () => {
  it('serves no dashboard and ships none of the tab\'s code', async () => {
    const build = await run(nuxi, ['build', fixture, '--dotenv', '/dev/null'], { env: plainEnv(), timeoutMs: 280_000 })
    expect(build.code, build.output.slice(-3000)).toBe(0)
    const output = join(repoRoot, fixture, '.output')
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    const livePublishableKey = `pk_live_${Buffer.from('clerk.example.com$').toString('base64').replace(/=+$/, '')}`
    const server = await startServer(process.execPath, [join(output, 'server/index.mjs')], `${base}/`, {
      env: plainEnv({ PORT: String(port), HOST: '127.0.0.1', NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY: livePublishableKey }),
      timeoutMs: 30_000,
    })
    try {
      expect((await fetch(`${base}/`)).status).toBe(200)
      for (const path of ['/__clerk/', '/__clerk/?devtools', '/__clerk/_outbox.json']) expect((await fetch(`${base}${path}`)).status, path).toBe(404)
    }
    finally {
      await server.stop()
    }
    // The client chunks hold neither the channel the forms speak on (nor the plugin named after it)
    // nor the tab's page.
    const hits: string[] = []
    let chunks = 0
    const publicDir = join(output, 'public')
    for (const file of await readdir(publicDir, { recursive: true })) {
      if (!file.endsWith('.js')) continue
      chunks++
      const text = await readFile(join(publicDir, file), 'utf8')
      if (text.includes(PAGE_SIGN_IN_CHANNEL) || text.includes('client-trust:page-sign-in') || text.includes('Sign-in on this app')) hits.push(file)
    }
    expect(chunks).toBeGreaterThan(0)
    expect(hits).toEqual([])
  })
})
