import type { Page } from 'playwright-core'
import type { EmulatorScenario } from '../emulator/types'
import type { EmulatorClient, EmulatorRef, LastCodeOptions } from './emulatorClient'
import { emulatorAt } from './emulatorClient'
import { TestingError } from './errors'
import { pageClerk } from './pageClerk'

/** A Playwright page (the kit finds the emulator through the page's Clerk) or an emulator reference. */
export type EmulatorTarget = Page | EmulatorRef | EmulatorClient

function isPage(target: EmulatorTarget): target is Page {
  return typeof target === 'object' && typeof (target as Page).evaluate === 'function' && typeof (target as Page).context === 'function'
}

function isClient(target: EmulatorTarget): target is EmulatorClient {
  return typeof target === 'object' && typeof (target as EmulatorClient).outbox === 'function' && typeof (target as EmulatorClient).lastCode === 'function'
}

/** The emulator a page's Clerk talks to (its `proxyUrl`), or the one named. */
export async function emulatorOf(target: EmulatorTarget, timeout = 15_000): Promise<EmulatorClient> {
  if (isClient(target)) return target
  if (!isPage(target)) return emulatorAt(target)
  const clerk = await pageClerk(target, timeout, 'emulatorOf(page)')
  if (!clerk.proxyUrl) throw new TestingError('The page\'s Clerk has no proxyUrl: it does not talk to an emulator. Pass the emulator\'s URL instead of the page.', 'no_emulator')
  return emulatorAt(new URL(clerk.proxyUrl, target.url()).toString())
}

/**
 * Waits for the newest code sent to `to` (email address or phone number) and returns it.
 * Fails with the outbox's content when none arrives within `timeout` (default 5 s).
 *
 * @example
 * const since = Date.now()
 * await page.getByRole('button', { name: 'Continue' }).click()
 * await page.getByLabel('Code').fill(await lastCode(page, 'jane@example.com', { since }))
 */
export async function lastCode(target: EmulatorTarget, to: string, options: LastCodeOptions = {}): Promise<string> {
  return (await emulatorOf(target)).lastCode(to, options)
}

/** A scenario in force until {@link ScenarioHandle.restore}. */
export interface ScenarioHandle {
  /** The emulator's whole scenario after the change. */
  scenario: EmulatorScenario
  /** Puts the changed keys back to what they were. */
  restore(): Promise<void>
}

/**
 * Turns on an emulator scenario (outage, delay, rate limit, expired codes…) for one test.
 * Restore it in the test's cleanup, e.g. `onTestFinished(outage.restore)` in vitest or
 * `test.afterEach` in Playwright.
 *
 * @example
 * const outage = await useScenario(page, { outage: true })
 * onTestFinished(outage.restore)
 */
export async function useScenario(target: EmulatorTarget, patch: Partial<EmulatorScenario>): Promise<ScenarioHandle> {
  const emulator = await emulatorOf(target)
  const before = await emulator.scenario()
  const scenario = await emulator.setScenario(patch)
  const previous = Object.fromEntries(Object.keys(patch).map(key => [key, before[key as keyof EmulatorScenario]])) as Partial<EmulatorScenario>
  return { scenario, restore: async () => void await emulator.setScenario(previous) }
}

/**
 * Signs the page's Clerk out (without navigating) and resolves once the user is gone and the
 * `__session` cookie removed. The device stays known: the next sign-in needs no code.
 */
export async function signOut(page: Page, options: { timeout?: number } = {}): Promise<void> {
  const timeout = options.timeout ?? 15_000
  await pageClerk(page, timeout, 'signOut(page)')
  // A callback keeps clerk-js from navigating to its after-sign-out URL.
  await page.evaluate(() => (window as unknown as { Clerk: { signOut(cb: () => void): Promise<void> } }).Clerk.signOut(() => {}))
  try {
    await page.waitForFunction(() => !(window as unknown as { Clerk: { user?: unknown } }).Clerk.user
      // The suffixed copies (`__session_<suffix>`) count too: @clerk/backend may read those first.
      && !document.cookie.split(/;\s*/).some(c => /^__session(?:_[^=]*)?=./.test(c)), undefined, { timeout, polling: 50 })
  }
  catch {
    throw new TestingError(`signOut(page): the page's Clerk still has a user or a __session cookie after ${timeout} ms.`, 'still_signed_in')
  }
}

/** Cookie names Clerk (and the emulator) use to recognise a browser and its session. */
const CLERK_COOKIES = /^(?:__client|__session|__client_uat|__clerk_db_jwt|__refresh|clerk_active_context)(?:_.*)?$/

/**
 * Makes the page's browser context a new device for Clerk, like "clear site data": it asks
 * the emulator (same-origin) to drop its client, clears Clerk's cookies in the context
 * (signed out too), and reloads the page so its clerk-js starts over. The next sign-in goes
 * through client trust again. A new browser context is a new device too.
 */
export async function forgetDevice(page: Page, options: { reload?: boolean } = {}): Promise<void> {
  const hasClerk = page.url() !== 'about:blank' && await page.evaluate(() => !!(window as unknown as { Clerk?: { loaded?: boolean } }).Clerk?.loaded).catch(() => false)
  if (hasClerk) {
    // Same-origin only (the emulator refuses control calls from other sites); a real Clerk
    // proxy answers 404 here, which is fine: the cookies below are what counts.
    await page.evaluate(async () => {
      const clerk = (window as unknown as { Clerk: { proxyUrl?: string } }).Clerk
      if (!clerk.proxyUrl) return
      const target = new URL(`${clerk.proxyUrl.replace(/\/+$/, '')}/_new_client`, location.href)
      if (target.origin !== location.origin) return
      await fetch(target, { method: 'POST', credentials: 'same-origin' }).catch(() => undefined)
    })
  }
  const reload = hasClerk && options.reload !== false
  const url = page.url()
  // Leave the page first: its clerk-js still holds the session and would write __session
  // back between the clearing and a reload, and the server would still see the user.
  if (reload) await page.goto('about:blank')
  await page.context().clearCookies({ name: CLERK_COOKIES })
  if (reload) await page.goto(url)
}
