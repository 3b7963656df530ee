import { chromium } from 'playwright-core'
import type { Browser, Page } from 'playwright-core'
import { expect, vi } from 'vitest'
import { chromiumLaunchOptions } from '../helpers/chromium'

// The consumer apps are driven the way a person tries them: a real Chromium, the form's own
// fields, the code read from the emulator's outbox (the "mailbox").

export async function launch(): Promise<Browser> {
  return chromium.launch(chromiumLaunchOptions())
}

interface OutboxEntry { to: string, code?: string, at: number }

/** The newest code sent to `to`, read from `outboxUrl` (the emulator's `_outbox.json`); waits until one is there. */
export async function codeSentTo(outboxUrl: string, to: string): Promise<string> {
  return vi.waitUntil(async () => {
    const { outbox } = await (await fetch(outboxUrl)).json() as { outbox: OutboxEntry[] }
    return outbox.filter(m => m.to === to).sort((a, b) => a.at - b.at).at(-1)?.code
  }, { timeout: 20_000, interval: 100 })
}

/**
 * Signs `identifier` in through the form on `page` (already on the sign-in page): password,
 * then the new-device code from the outbox, which verifies by itself once six digits are in.
 */
export async function signInWithEmailedCode(page: Page, outboxUrl: string, identifier: string, password = 'correct-horse') {
  await page.locator('.cts[data-step="credentials"]').waitFor({ timeout: 60_000 })
  await page.fill('input[autocomplete="username"]', identifier)
  await page.fill('input[autocomplete="current-password"]', password)
  await page.keyboard.press('Enter')
  await page.locator('.cts[data-step="verify"]').waitFor()
  expect(await page.locator('.cts').textContent()).toContain('new device')
  const code = await codeSentTo(outboxUrl, identifier)
  await page.fill('input[autocomplete="one-time-code"]', code)
}

/**
 * Resets `identifier`'s password through the form on `page` (already on the sign-in page), as
 * the README's "Forgot password" says: "Forgot password?", the code from the outbox, the new
 * password twice. A wrong confirmation first: refused on its field with no request.
 */
export async function resetPasswordInForm(page: Page, outboxUrl: string, identifier: string, newPassword: string) {
  await page.locator('.cts[data-step="credentials"]').waitFor({ timeout: 60_000 })
  await page.fill('input[autocomplete="username"]', identifier)
  await page.getByRole('button', { name: 'Forgot password?' }).click()
  await page.locator('.cts[data-step="reset-code"]').waitFor()
  await page.fill('input[autocomplete="one-time-code"]', await codeSentTo(outboxUrl, identifier))
  await page.locator('.cts[data-step="new-password"] input[name="new-password"]').waitFor()
  await page.fill('input[name="new-password"]', newPassword)
  await page.fill('input[name="confirm-password"]', `${newPassword}?`)
  await page.getByRole('button', { name: 'Reset password' }).click()
  await expect.poll(() => page.locator('input[name="confirm-password"]').getAttribute('aria-invalid')).toBe('true')
  await page.fill('input[name="confirm-password"]', newPassword)
  await page.getByRole('button', { name: 'Reset password' }).click()
}

/** Collects uncaught page errors, console errors and failed responses, to assert a clean run. */
export function problemsOf(page: Page): string[] {
  const problems: string[] = []
  page.on('pageerror', error => problems.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    // A failed load is reported below with its URL (the console's line has none).
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(`console: ${message.text()}`)
  })
  page.on('response', (response) => {
    // A new app has no favicon: the browser's own request, not the app's.
    if (response.status() >= 400 && new URL(response.url()).pathname !== '/favicon.ico') problems.push(`${response.status()}: ${response.url()}`)
  })
  return problems
}
