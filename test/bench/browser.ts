import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { toNodeListener } from 'h3'
import { chromium } from 'playwright-core'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { createClerkEmulator, SEEDED_TOTP_SECRET, totpCode } from '../../src/emulator'
import type { ClerkEmulator } from '../../src/emulator'
import { chromiumLaunchOptions } from '../helpers/chromium'
import { buildFixtures } from './build'
import { Cleanup, fixturesDir, log, repoRoot, withTimeout } from './lib'

const PASSWORD = 'correct-horse'
const FIXED_CODE = '424242'
const BASE = '/__clerk'

export type FlowName = 'email trust' | 'phone trust' | 'known device' | 'MFA (TOTP)'

/**
 * Requests of the minimal sequence (shared/clerk-fapi/NOTES.md): environment + client (load),
 * sign_ins, prepare + attempt (trust code), touch + tokens (finalize). A known device skips the
 * code; TOTP needs no prepare.
 */
export const PROTOCOL_MINIMUM: Record<FlowName, number> = {
  'email trust': 7,
  'phone trust': 7,
  'known device': 5,
  'MFA (TOTP)': 6,
}

export interface FlowCount { flow: FlowName, minimum: number, counts: number[], calls: string[] }
export interface TransitionTiming {
  label: string
  /** Response fully received (Resource Timing `responseEnd`) → new `data-step` in the DOM. */
  responseToDom: number[]
  /** clerk-js signal changed status → new `data-step` in the DOM: our bridge, composable and Vue render. */
  signalToDom: number[]
  /** Renders of ClientTrustSignIn from the response until the new step is in the DOM (the one that shows it included). */
  rendersToStep: number[]
  /**
   * Renders of ClientTrustSignIn caused by the response: from it until the next FAPI request
   * starts (the auto-sent code, or finalize's touch), at most 50 ms; the one that shows the step included.
   */
  rendersAfter: number[]
  /** clerk-js signal updates in the same window: renders beyond these come from our own refs. */
  signalUpdatesAfter: number[]
}
export interface BrowserResult { counts: FlowCount[], timings: TransitionTiming[], runs: number, chromium: string }

interface Mark { at: number, what: string }
interface PageProbe {
  resources: Array<{ path: string, startTime: number, responseEnd: number }>
  steps: Mark[]
  signal: Mark[]
  signalUpdates: Mark[]
  renders: Mark[]
  navigations: string[]
}

const contentTypes: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html' }

/** Builds the bench page once, like an app's production build. */
async function buildPage(outDir: string) {
  await buildFixtures({ outDir, rollupOptions: { input: join(fixturesDir, 'flow.html') } })
}

/** One origin for the page and the emulator, so clerk-js calls FAPI same-origin through `proxyUrl: '/__clerk'`. */
async function serve(outDir: string, emulator: ClerkEmulator) {
  const fapi = toNodeListener(emulator.app)
  const config = JSON.stringify({ publishableKey: emulator.publishableKey, proxyUrl: BASE })
  const html = readFileSync(join(outDir, 'flow.html'), 'utf8')
    .replace('<head>', `<head><script>window.__BENCH_CONFIG__ = ${config}</script>`)
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (path === BASE || path.startsWith(`${BASE}/`)) return void fapi(req, res)
    const file = normalize(join(outDir, path))
    if (path.startsWith('/assets/') && file.startsWith(outDir)) {
      try {
        res.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' })
        return void res.end(readFileSync(file))
      }
      catch {
        res.writeHead(404).end()
        return
      }
    }
    res.writeHead(200, { 'content-type': 'text/html' }).end(html)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

async function newDevice(browser: Browser): Promise<{ context: BrowserContext, page: Page }> {
  const context = await browser.newContext({ viewport: { width: 480, height: 640 } })
  await context.addInitScript(() => {
    // A real user's browser: with navigator.webdriver, clerk-js hides network errors.
    Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false })
    // Timestamps every `data-step` the form shows, right after Vue patched it.
    const steps: Array<{ at: number, what: string }> = []
    Object.defineProperty(window, '__steps', { value: steps })
    new MutationObserver(() => {
      const step = document.querySelector('.cts[data-step]')?.getAttribute('data-step')
      if (step && steps.at(-1)?.what !== step) steps.push({ at: performance.now(), what: step })
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-step'] })
  })
  const page = await context.newPage()
  page.setDefaultTimeout(10_000)
  return { context, page }
}

const atStep = (page: Page, step: string) => page.locator(`.cts[data-step="${step}"]`).waitFor()

async function openForm(page: Page, origin: string) {
  await page.goto(`${origin}/`)
  await atStep(page, 'credentials')
  await page.evaluate(() => {
    const w = window as unknown as { __bench: { clear(): void }, __steps: unknown[] }
    w.__bench.clear()
    w.__steps.length = 0
    performance.clearResourceTimings()
  })
}

async function submitPassword(page: Page, identifier: string) {
  await page.locator('input[autocomplete="username"]').fill(identifier)
  await page.locator('input[autocomplete="current-password"]').fill(PASSWORD)
  await page.locator('.cts').getByRole('button', { name: 'Continue' }).click()
}

async function submitTrustCode(page: Page) {
  // The code step is complete only once the code went out (prepare answered, no request in flight).
  await page.locator('.cts[data-step="verify"]:not([data-loading])').waitFor()
  await page.waitForFunction(() => performance.getEntriesByType('resource').some(e => e.name.includes('/prepare_second_factor') && (e as PerformanceResourceTiming).responseEnd > 0))
  // The component submits by itself at the sixth digit (autoSubmit, on by default).
  await page.locator('input[autocomplete="one-time-code"]').fill(FIXED_CODE)
}

const finalized = (page: Page) => page.waitForFunction(() => (window as unknown as { __bench: { navigations: string[] } }).__bench.navigations.length > 0)

async function runFlow(page: Page, flow: FlowName) {
  switch (flow) {
    case 'email trust':
    case 'known device':
      await submitPassword(page, 'jane@example.com')
      if (flow === 'email trust') await submitTrustCode(page)
      break
    case 'phone trust':
      await submitPassword(page, '+15555550100')
      await submitTrustCode(page)
      break
    case 'MFA (TOTP)':
      await submitPassword(page, 'mia@example.com')
      // The package's own MFA step; for mia it offers the authenticator app (TOTP) first.
      await page.locator('.cts[data-step="second-factor"]:not([data-loading])').waitFor()
      await page.locator('input[autocomplete="one-time-code"]').fill(totpCode(SEEDED_TOTP_SECRET, Date.now()))
      break
  }
  await finalized(page)
}

function probe(page: Page): Promise<PageProbe> {
  return page.evaluate(() => {
    const w = window as unknown as { __bench: Omit<PageProbe, 'resources' | 'steps'>, __steps: Mark[] }
    return {
      resources: performance.getEntriesByType('resource')
        .map(e => ({ path: new URL(e.name).pathname, startTime: e.startTime, responseEnd: (e as PerformanceResourceTiming).responseEnd })),
      steps: [...w.__steps],
      signal: [...w.__bench.signal],
      signalUpdates: [...w.__bench.signalUpdates],
      renders: [...w.__bench.renders],
      navigations: [...w.__bench.navigations],
    }
  })
}

/** Waits until the emulator saw no new FAPI request for `quietMs` (bounded), so trailing calls are counted. */
async function settle(emulator: ClerkEmulator, quietMs = 500, maxMs = 5_000) {
  const deadline = Date.now() + maxMs
  let seen = -1
  while (Date.now() < deadline) {
    const now = emulator.requests().length
    if (now === seen) return
    seen = now
    await new Promise(resolve => setTimeout(resolve, quietMs))
  }
}

const fapiCalls = (emulator: ClerkEmulator) =>
  emulator.requests().map(r => `${r.method} ${r.path.replace(/\/(sia|sess|client)_\w+/g, '/:id')}`)

function transition(data: PageProbe, request: RegExp, step: string, signalStatus: string) {
  const response = data.resources.filter(r => request.test(r.path)).at(-1)
  const shown = data.steps.find(s => s.what === step)
  const signal = data.signal.find(s => s.what === signalStatus)
  if (!response || !shown || !signal) throw new Error(`transition to ${step}: missing marks ${JSON.stringify({ response, shown, signal })}`)
  const renders = data.renders.filter(r => r.at >= response.responseEnd)
  const next = data.resources.find(r => r.path.includes('/v1/') && r.startTime > response.responseEnd)
  const windowEnd = Math.min(response.responseEnd + 50, next?.startTime ?? Infinity)
  return {
    responseToDom: shown.at - response.responseEnd,
    signalToDom: shown.at - signal.at,
    rendersToStep: renders.filter(r => r.at <= shown.at).length,
    rendersAfter: renders.filter(r => r.at <= windowEnd).length,
    signalUpdatesAfter: data.signalUpdates.filter(u => u.at >= response.responseEnd && u.at <= windowEnd).length,
  }
}

export async function measureBrowser(options: { runs: number, countRuns: number }): Promise<BrowserResult> {
  const cleanup = new Cleanup()
  try {
    const outDir = mkdtempSync(join(tmpdir(), 'cts-bench-page-'))
    cleanup.add(() => rmSync(outDir, { recursive: true, force: true }))
    await buildPage(outDir)
    const emulator = createClerkEmulator({
      basePath: BASE,
      codes: 'fixed',
      logger: () => {},
      clerkJsDir: join(repoRoot, 'node_modules/@clerk/clerk-js/dist'),
    })
    const server = await serve(outDir, emulator)
    cleanup.add(server.close)
    const browser = await chromium.launch(chromiumLaunchOptions())
    cleanup.add(() => browser.close())

    // 2. Round trips: each flow on a fresh device (a known device first signs in once and out).
    const counts: FlowCount[] = []
    for (const flow of Object.keys(PROTOCOL_MINIMUM) as FlowName[]) {
      const result: FlowCount = { flow, minimum: PROTOCOL_MINIMUM[flow], counts: [], calls: [] }
      for (let i = 0; i < options.countRuns; i++) {
        const { context, page } = await newDevice(browser)
        try {
          await withTimeout(`${flow} flow`, 30_000, (async () => {
            if (flow === 'known device') {
              await openForm(page, server.origin)
              await runFlow(page, 'email trust')
              await page.evaluate(() => (window as unknown as { Clerk: { signOut(cb: () => void): Promise<void> } }).Clerk.signOut(() => {}))
              await settle(emulator)
            }
            emulator.clearRequests()
            await openForm(page, server.origin)
            await runFlow(page, flow)
            await settle(emulator)
          })())
          const calls = fapiCalls(emulator)
          result.counts.push(calls.length)
          result.calls = calls
        }
        finally {
          await context.close()
        }
      }
      log(`round trips, ${flow}: ${result.counts.join(', ')} (minimum ${result.minimum})`)
      counts.push(result)
    }

    // 3. Overhead: the email-trust flow, `runs` times, each on a cleared device (a new client).
    const signInT: TransitionTiming = { label: 'sign_ins → verify', responseToDom: [], signalToDom: [], rendersToStep: [], rendersAfter: [], signalUpdatesAfter: [] }
    const attemptT: TransitionTiming = { label: 'attempt_second_factor → complete', responseToDom: [], signalToDom: [], rendersToStep: [], rendersAfter: [], signalUpdatesAfter: [] }
    const { context, page } = await newDevice(browser)
    cleanup.add(() => context.close())
    // Two unmeasured runs warm up Chromium's caches and V8's JIT, as a returning visitor's browser would be.
    for (let i = 0; i < options.runs + 2; i++) {
      await context.clearCookies()
      const data = await withTimeout('timed email flow', 30_000, (async () => {
        await openForm(page, server.origin)
        await runFlow(page, 'email trust')
        // Let the 50 ms render window after the last response pass.
        await page.waitForTimeout(60)
        return probe(page)
      })())
      if (i < 2) continue
      for (const [target, t] of [
        [signInT, transition(data, /\/v1\/client\/sign_ins$/, 'verify', 'needs_client_trust')],
        [attemptT, transition(data, /\/attempt_second_factor$/, 'complete', 'complete')],
      ] as const) {
        target.responseToDom.push(t.responseToDom)
        target.signalToDom.push(t.signalToDom)
        target.rendersToStep.push(t.rendersToStep)
        target.rendersAfter.push(t.rendersAfter)
        target.signalUpdatesAfter.push(t.signalUpdatesAfter)
      }
    }
    log(`overhead: ${options.runs} timed runs done`)
    return { counts, timings: [signInT, attemptT], runs: options.runs, chromium: browser.version() }
  }
  finally {
    await cleanup.run()
  }
}
