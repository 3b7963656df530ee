import { fileURLToPath } from 'node:url'
import { getBrowser, url } from '@nuxt/test-utils/e2e'
import type { BrowserContext, Page } from 'playwright-core'
import { afterEach } from 'vitest'
import type { EmulatorClient, NuxtEmulatorOptions } from '../../src/testing'
import { setupWithClerkEmulator } from '../../src/testing'
import { chromiumLaunchOptions } from '../helpers/chromium'

/**
 * The playground (`@clerk/nuxt` + this module, the emulator at /__clerk), built once for the
 * calling describe with the kit's own one-liner, in real Chromium: `newPage` opens a fresh
 * browser context (a new device, `navigator.webdriver` left true as in a user's Playwright),
 * closed after each test.
 */
export async function usePlayground(emulator?: NuxtEmulatorOptions) {
  const clerk: EmulatorClient = await setupWithClerkEmulator({
    rootDir: fileURLToPath(new URL('../../playground', import.meta.url)),
    browser: true,
    browserOptions: { type: 'chromium', launch: chromiumLaunchOptions() },
    emulator,
    // A build on a busy 2-core machine can take longer than the default 2 minutes.
    setupTimeout: 300_000,
  })

  const contexts: BrowserContext[] = []
  async function newPage(path = '/'): Promise<Page> {
    const context = await (await getBrowser()).newContext({ baseURL: url('/') })
    contexts.push(context)
    const page = await context.newPage()
    if (path) await page.goto(path)
    return page
  }
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map(c => c.close()))
  })

  /** What the server says about the context's cookies: a route protected with @clerk/nuxt. */
  async function serverUser(page: Page): Promise<{ status: number, userId?: string }> {
    const response = await page.context().request.get('/api/me', { failOnStatusCode: false })
    return { status: response.status(), userId: response.ok() ? (await response.json()).userId : undefined }
  }

  return { clerk, newPage, serverUser }
}
