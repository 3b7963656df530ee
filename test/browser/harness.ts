import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { getBrowser, setup, url } from '@nuxt/test-utils/e2e'
import type { BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, expect, onTestFinished } from 'vitest'
import { chromiumLaunchOptions } from '../helpers/chromium'
import { emulatorAt } from '../../src/testing'
import type { OutboxEntry } from '../../src/testing'

// The browser suites drive the playground (`@clerk/nuxt` + this module) in real Chromium
// against the emulator the module mounts at /__clerk. One `setup()` (one build) per file.

export const PASSWORD = 'correct-horse'
export const JANE = { identifier: 'jane@example.com', masked: 'j***@example.com', firstName: 'Jane' }
export const PHIL = { identifier: '+15555550100' }

const playgroundDir = fileURLToPath(new URL('../../playground', import.meta.url))
const screenshotsDir = fileURLToPath(new URL('./screenshots/', import.meta.url))

/** Builds and starts the playground once for the calling file. */
export async function setupPlayground(options: { env?: Record<string, string>, nuxtConfig?: Record<string, unknown> } = {}) {
  await setup({
    rootDir: playgroundDir,
    browser: true,
    browserOptions: { type: 'chromium', launch: chromiumLaunchOptions() },
    env: options.env,
    nuxtConfig: options.nuxtConfig,
    // A build takes ~15 s on an idle 2-core machine; @nuxt/test-utils' 120 s is not enough when it is busy.
    setupTimeout: 300_000,
  })
}

// ---------------------------------------------------------------------------------------
// The emulator's control routes, through the testing kit (dogfooded: what users get)

export type { OutboxEntry, RecordedRequest } from '../../src/testing'

/** The playground's emulator; `url()` is known once `setup()` started the server. */
export const emulator = emulatorAt(() => url('/__clerk'))

/** Messages sent to `to` since `since` (epoch ms), oldest first. */
export async function messagesTo(to: string, since = 0): Promise<OutboxEntry[]> {
  return (await emulator.outbox()).filter(m => m.to === to && m.at >= since).sort((a, b) => a.at - b.at)
}

/** The code of the newest message to `to` since `since`; waits for it (bounded), then fails with the outbox. */
export function latestCode(to: string, since = 0): Promise<string> {
  return emulator.lastCode(to, { since })
}

/**
 * FAPI calls the emulator answered since `since` (this process and the server share the
 * clock), as `"METHOD /path"` with ids replaced by `:id`; `withStatus` appends ` → 200`.
 */
export async function fapiCalls(since: number, withStatus = false): Promise<string[]> {
  return (await emulator.requests())
    .filter(r => r.at >= since)
    .sort((a, b) => a.at - b.at)
    .map(r => `${r.method} ${r.path.replace(/\/(sia|sess|client)_\w+/g, '/:id')}${withStatus ? ` → ${r.status}` : ''}`)
}

export const count = (calls: string[], suffix: string) => calls.filter(c => c.endsWith(suffix)).length

/** Expects, for each suffix, how many FAPI calls since `since` ended with it. */
export async function expectCallCounts(since: number, expected: Record<string, number>) {
  const calls = await fapiCalls(since)
  for (const [suffix, n] of Object.entries(expected)) expect(count(calls, suffix), suffix).toBe(n)
}

/** The code attempts answered since `since`, as `"POST …/attempt_second_factor → 422"`, oldest first. */
export async function attemptsAnswered(since: number): Promise<string[]> {
  return (await fapiCalls(since, true)).filter(c => c.includes('/attempt_second_factor'))
}

/** Waits (bounded) until `n` messages went to `to` since `since`. */
export async function waitForMessages(to: string, since: number, n: number) {
  await expect.poll(async () => (await messagesTo(to, since)).length).toBe(n)
}

/** FAPI requests the page itself sent from now on (seen by the browser, not the server), as `METHOD /path`, ids kept. */
export function watchFapi(page: Page) {
  const sent: string[] = []
  page.on('request', (request) => {
    if (request.url().includes('/__clerk/v1/')) sent.push(`${request.method()} ${new URL(request.url()).pathname}`)
  })
  return sent
}

/** What a user sees of an element: rendered text, whitespace collapsed, hidden parts left out. */
export function visibleText(locator: Locator): Promise<string> {
  // Playwright's Locator.innerText, not the DOM property the rule is about.
  // eslint-disable-next-line unicorn/prefer-dom-node-text-content
  return locator.innerText()
}

// ---------------------------------------------------------------------------------------
// Devices: one browser context each

export interface Device {
  context: BrowserContext
  page: Page
  /** `type: text` of every console message of every page of the context. */
  console: string[]
  /** Uncaught page errors (stack, or message). */
  errors: string[]
  /** Every URL a frame of the context navigated to. */
  urls: string[]
}

/** A new browser context: its own cookies, so the emulator sees a new client (a new device). */
export async function newDevice(options: { javaScriptEnabled?: boolean, storageState?: Awaited<ReturnType<BrowserContext['storageState']>> } = {}): Promise<Device> {
  const browser = await getBrowser()
  const context = await browser.newContext({
    baseURL: url('/'),
    viewport: { width: 480, height: 640 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    storageState: options.storageState,
  })
  // Like a real user's browser: with `navigator.webdriver` true, clerk-js hides network errors.
  await context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false })
    // Every `data-step` the form shows in this document, to assert steps that must never appear.
    const seen: string[] = []
    Object.defineProperty(window, '__ctsSteps', { value: seen })
    const record = () => {
      const step = document.querySelector('.cts[data-step]')?.getAttribute('data-step')
      if (step && seen.at(-1) !== step) seen.push(step)
    }
    new MutationObserver(record).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-step'] })
  })
  const device: Device = { context, page: undefined as unknown as Page, console: [], errors: [], urls: [] }
  context.on('console', message => device.console.push(`${message.type()}: ${message.text()}`))
  context.on('weberror', (error) => {
    const { message, stack } = error.error()
    device.errors.push(stack ?? message)
  })
  context.on('page', page => page.on('framenavigated', frame => device.urls.push(frame.url())))
  device.page = await context.newPage()
  return device
}

/**
 * The devices of one file: `afterEach(expectNoPageErrors)` fails a test whose pages threw
 * uncaught errors. `closeAll` after each test keeps background requests (token refreshes of
 * signed-in pages) out of the next test's request log; after all when a "same browser" flow
 * continues in the next test.
 */
export function deviceTracker() {
  const all: Device[] = []
  async function device(options?: Parameters<typeof newDevice>[0]) {
    const created = await newDevice(options)
    all.push(created)
    return created
  }
  /** A new device on the sign-in page at `path`: `since` is taken before the page opens. */
  async function onSignIn(path?: string) {
    const d = await device()
    const since = Date.now()
    const form = await openSignIn(d.page, path)
    return { d, page: d.page, form, since }
  }
  return {
    device,
    onSignIn,
    expectNoPageErrors() {
      const errors = all.flatMap(d => d.errors.splice(0))
      expect(errors, 'uncaught errors in the page').toEqual([])
    },
    async closeAll() {
      await Promise.all(all.splice(0).map(d => d.context.close()))
    },
    /**
     * What a failed test leaves for whoever reads the CI log: each open page's form (its step,
     * state and visible text: no input values, so no secret) and the emulator's last requests.
     */
    async describeFailure(): Promise<string> {
      const pages = await Promise.all(all.flatMap(d => d.context.pages()).map(async (p) => {
        const form = p.locator('.cts[data-step]').first()
        const seen = await form.count() ? await form.evaluate(el => `${el.getAttribute('data-step')}/${el.getAttribute('data-state')}: ${el.textContent}`) : '(no form)'
        return `${new URL(p.url()).pathname} ${seen.replace(/\s+/g, ' ').slice(0, 400)}`
      }).map(p => p.catch((e: Error) => `(page unreadable: ${e.message})`)))
      const calls = await fapiCalls(Date.now() - 60_000, true).catch(() => [])
      return ['pages:', ...pages, 'last FAPI calls:', ...calls.slice(-15)].join('\n  ')
    },
    /** A new device signed in as `identifier` up to the code step, with the code it was sent. */
    async atCodeStep(identifier = JANE.identifier) {
      const at = await onSignIn()
      await submitCredentials(at.form, at.page, identifier)
      return { ...at, code: await latestCode(identifier, at.since) }
    },
  }
}

/**
 * The devices of one file with their hooks, the one setup of every browser suite. After
 * each test: uncaught page errors fail it, then its devices close (with `keepDevices`, only
 * after all tests, for a "same browser" flow that goes on in the next test), then `restore`
 * puts the emulator's scenario back. With `reset`, the emulator starts the file empty.
 * One hook, in this order: as separate `afterEach` hooks (run last-registered first)
 * the devices closed before their errors were read, and the check saw none.
 */
export function useDevices(options: { reset?: boolean, keepDevices?: boolean, restore?: () => Promise<unknown> } = {}) {
  const tracker = deviceTracker()
  if (options.reset) beforeAll(() => emulator.reset())
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') console.error(`[harness] ${context.task.name}\n  ${await tracker.describeFailure()}`)
    try {
      tracker.expectNoPageErrors()
    }
    finally {
      if (!options.keepDevices) await tracker.closeAll()
      await options.restore?.()
    }
  })
  if (options.keepDevices) afterAll(tracker.closeAll)
  return tracker
}

/** Unhandled promise rejections of every document of the device, seen by the page itself. */
export async function trackRejections(d: Device) {
  await d.context.addInitScript(() => {
    const seen: string[] = []
    Object.defineProperty(window, '__ctsRejections', { value: seen })
    window.addEventListener('unhandledrejection', event => seen.push(String((event.reason as Error)?.stack ?? event.reason)))
  })
  return () => d.page.evaluate(() => [...(window as unknown as { __ctsRejections: string[] }).__ctsRejections])
}

/**
 * Secrets may live in input values only: not in the console, a URL, the page's text or
 * its markup (attributes, serialized state). Every page of the device is checked.
 */
export async function expectNoSecrets(device: Device, secrets: string[]) {
  const markup = await Promise.all(device.context.pages().map(p => p.content()))
  const texts = await Promise.all(device.context.pages().map(p => visibleText(p.locator('body'))))
  for (const secret of secrets) {
    for (const [where, values] of [['console', device.console], ['URL', device.urls], ['page text', texts], ['markup', markup]] as const) {
      expect(values.filter(v => v.includes(secret)), `"${secret}" in the ${where}`).toEqual([])
    }
  }
}

/** The steps the form went through in the current document, in order, without repeats. */
export function stepsSeen(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(window as unknown as { __ctsSteps: string[] }).__ctsSteps])
}

/** Vue's hydration mismatch warnings and uncaught errors. */
export function hydrationProblems(device: Device): string[] {
  return [...device.console.filter(m => /hydrat/i.test(m)), ...device.errors]
}

// ---------------------------------------------------------------------------------------
// The sign-in form as a user sees it

export function signInForm(page: Page) {
  const root = page.locator('.cts[data-step]')
  return {
    root,
    identifier: page.locator('input[autocomplete="username"]'),
    password: page.locator('input[autocomplete="current-password"]'),
    code: page.locator('input[autocomplete="one-time-code"]'),
    continue: root.getByRole('button', { name: 'Continue' }),
    verify: root.getByRole('button', { name: 'Verify' }),
    resend: root.locator('[data-cts-action="resend"]'),
    startOver: root.locator('[data-cts-action="start-over"]'),
    /** The form-wide error summary (always present, empty without an error; focused when one shows). */
    globalError: root.locator('[data-cts-part="summary"]'),
    /**
     * Waits until the form shows `step`, and the frame after it: the form moves focus to a new
     * view and announces it then, so text typed before could land in the field it focuses.
     */
    atStep: async (step: string) => {
      await page.locator(`.cts[data-step="${step}"]`).waitFor()
      await page.evaluate(() => new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve))))
    },
    /** Waits until the form asks for the `strategy` factor. */
    factorIs: (strategy: string) => page.locator(`.cts[data-factor="${strategy}"]`).waitFor(),
    /** The form's control for `data-cts-action="name"` (and `data-cts-strategy`). */
    action: (name: string, strategy?: string) => root.locator(strategy ? `[data-cts-action="${name}"][data-cts-strategy="${strategy}"]` : `[data-cts-action="${name}"]`),
    /** The element an input's `aria-describedby` points to. */
    describedBy: async (input: Locator) => {
      const id = await input.getAttribute('aria-describedby')
      expect(id, 'aria-describedby').toBeTruthy()
      return page.locator(`[id="${id}"]`)
    },
  }
}

export type SignInForm = ReturnType<typeof signInForm>

/** Types the credentials (no submit: the caller chooses how, and what to wait for). */
export async function fillCredentials(form: SignInForm, identifier: string = JANE.identifier, password = PASSWORD) {
  await form.identifier.fill(identifier)
  await form.password.fill(password)
}

/** Types a code and clicks Verify. */
export async function enterCode(form: SignInForm, code: string) {
  await form.code.fill(code)
  await form.verify.click()
}

/** Submits the password and waits for `step`; unlike `submitCredentials`, no code need be sent. */
export async function passwordStep(form: SignInForm, identifier: string, step: string) {
  await fillCredentials(form, identifier)
  await form.continue.click()
  await form.atStep(step)
}

/** Runs `act` and gives the HTTP status of the first answer, from then on, to a URL containing `path`. */
export async function statusOf(page: Page, path: string, act: () => Promise<unknown>): Promise<number> {
  const answered = page.waitForResponse(r => r.url().includes(path))
  await act()
  return (await answered).status()
}

export function isPrepare(response: { url(): string, request(): { method(): string } }) {
  return response.url().includes('/prepare_second_factor')
}

/** Opens /sign-in and waits for Clerk to load. */
export async function openSignIn(page: Page, path = '/sign-in'): Promise<SignInForm> {
  await page.goto(path)
  const form = signInForm(page)
  await form.atStep('credentials')
  return form
}

/**
 * A form nobody has submitted yet shows no error at all. Soft: the test fails but goes on,
 * so a flow that later tests continue ("the same browser") still reaches its end.
 */
export async function expectNoErrorShown(form: SignInForm) {
  expect.soft(await visibleText(form.globalError), 'form-wide message').toBe('')
  expect.soft(await form.root.locator('[aria-invalid="true"]').count(), 'fields marked invalid').toBe(0)
  expect.soft(await form.root.locator('.cts-field-error:not(:empty)').count(), 'field messages').toBe(0)
}

/** Types the credentials and submits; resolves once the code step shows and the code went out. */
export async function submitCredentials(form: SignInForm, page: Page, identifier = JANE.identifier) {
  await fillCredentials(form, identifier)
  const prepared = page.waitForResponse(isPrepare)
  await form.continue.click()
  await form.atStep('verify')
  expect((await prepared).status()).toBe(200)
}

/** Waits for the home page to show the signed-in user. */
export async function expectSignedIn(page: Page, name: string) {
  await page.waitForURL(u => u.pathname === '/')
  await page.getByTestId('signed-in').filter({ hasText: new RegExp(`^\\s*Signed in as ${name}\\s*$`) }).waitFor()
}

/**
 * With UPDATE_SCREENSHOTS=1, takes a picture now and writes it to
 * `test/browser/screenshots/<name>.png` once the test has passed: a failing run never
 * replaces a committed picture with a broken state.
 */
export async function screenshot(page: Page, name: string) {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return
  const png = await page.screenshot()
  onTestFinished(({ task }) => {
    if (task.result?.state !== 'pass') return
    mkdirSync(screenshotsDir, { recursive: true })
    writeFileSync(`${screenshotsDir}${name}.png`, png)
  })
}
