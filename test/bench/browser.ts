import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { toNodeListener } from 'h3'
import { chromium } from 'playwright-core'
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core'
import { createClerkEmulator, SEEDED_TOTP_SECRET, totpCode } from '../../src/emulator'
import type { ClerkEmulator } from '../../src/emulator'
import { chromiumLaunchOptions } from '../helpers/chromium'
import { buildFixtures } from './build'
import { Cleanup, fixturesDir, listenLocal, log, median, repoRoot, withTimeout } from './lib'

const PASSWORD = 'correct-horse'
export const FIXED_CODE = '424242'
const BASE = '/__clerk'
/** FAPI requests, as the browser sends them (clerk-js goes through `proxyUrl`). */
const FAPI = `${BASE}/v1/`

export type FlowName = 'email trust' | 'phone trust' | 'known device' | 'MFA (TOTP)'
/** The sign-in pages, each on Vue + @clerk/vue with the same probes (fixtures/flow-*.ts). */
export type PageName = 'floor' | 'headless' | 'headless-by-hand' | 'component' | 'by-hand'
/**
 * `headless-by-hand` and `by-hand` are the hand-written equivalents of the headless page's
 * logic (fixtures/headless-by-hand.ts) and of the component (fixtures/by-hand.ts): for scale.
 */
export const PAGES: readonly PageName[] = ['floor', 'headless', 'headless-by-hand', 'component', 'by-hand']
/** What each hand-written equivalent holds, as RESULTS.md says it wherever it names one. */
export const HAND_WRITTEN = {
  'headless-by-hand': '`headless-by-hand.ts`: the same form as the headless page, with what the email/SMS path does written for one app'
    + ' in English: every check, the error wording, SMS, the code sent once across reloads, the resend timing, redirect checks,'
    + ' finalize once, Start over, sign-out; other statuses load on demand; no settings, options, events, other languages or'
    + ' further API members',
  'by-hand': '`by-hand.ts`: the DOM and CSS `<ClientTrustSignIn>` renders on the email-trust path, written directly on the'
    + ' signal API in English, with its notice, resend countdown, Start over, auto-submit, focus moves and live region; no'
    + ' other language, channel, status or error wording',
} as const satisfies Partial<Record<PageName, string>>

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

export interface FlowCount { flow: FlowName, page: PageName, minimum: number, counts: number[], calls: string[] }

/** One transition on one page, one entry per timed run. */
export interface PageTransition {
  /** Response fully received (Resource Timing `responseEnd`) → new `data-step` in the DOM. */
  responseToDom: number[]
  /** clerk-js signal changed status → new `data-step` in the DOM: the page's code (ours or the floor's) and Vue. */
  signalToDom: number[]
  /**
   * `updated` hooks of all components caused by the response: from it until the flow settles
   * (the next FAPI request starts, or 50 ms without an update; at most 500 ms).
   */
  updates: number[]
  /** The same updates by component name (one record per run). */
  byComponent: Array<Record<string, number>>
  /** The update, counted from the response, whose patch put the new step in the DOM. */
  stepOnUpdate: number[]
  /** clerk-js signal updates in the same window. */
  signalUpdates: number[]
  /**
   * Where signal → DOM goes, from separate runs (`?phases`: a `beforeUpdate` hook on every
   * component): signal → the first component starts rendering (the form's code, Vue's scheduling),
   * and that → the new `data-step` in the DOM (rendering the step).
   */
  signalToRender: number[]
  renderToDom: number[]
}
export interface TransitionTiming { label: string, pages: Record<PageName, PageTransition> }

/** What the CPU profile attributes self time to, by script (chunk) URL. */
export type CpuCategory = 'vue' | 'package' | 'page' | 'clerk-vue' | 'clerk-js' | 'probe' | 'other'
/**
 * Self time in ms per category over one whole flow (submit → navigation), one record per profiled
 * run; `focus` is the part of it spent in the `focus()` built-in (counted for its caller too).
 */
export type CpuRun = Record<CpuCategory, number> & { focus: number }
/** The scripts whose function calls are counted: Vue, the package and the page's own form. */
export const CALL_CATEGORIES = ['vue', 'package', 'page'] as const
/** Function calls per category over one whole flow, from V8's precise coverage: exact, not sampled. */
export type CallRun = Record<(typeof CALL_CATEGORIES)[number], number>
export interface CpuResult {
  intervalUs: number
  runs: number
  pages: Record<PageName, CpuRun[]>
  /** Runs counted with precise coverage (their own runs: counting slows the page). */
  callRuns: number
  calls: Record<PageName, CallRun[]>
}

/**
 * Where one page's flow spends its calls and time, per function (`npm run bench:hot`): an
 * unminified build, so that functions keep their names. Keyed by page, script and position.
 */
export interface HotFunction { page: PageName, script: CpuCategory, name: string, at: string, calls: number, selfMs: number }
export type HotFunctions = Map<string, HotFunction>

/** The function at `at` of `script` on `page`, counted from now on. */
function hotEntry(hot: HotFunctions, page: PageName, script: CpuCategory, name: string, at: string): HotFunction {
  const key = `${page} ${script} ${at}`
  let entry = hot.get(key)
  if (!entry) hot.set(key, entry = { page, script, name: name || '(anonymous)', at, calls: 0, selfMs: 0 })
  return entry
}

export interface BrowserResult {
  /** The component page on every flow. */
  counts: FlowCount[]
  /** The email-trust flow on every page. */
  pageCounts: FlowCount[]
  timings: TransitionTiming[]
  cpu: CpuResult
  runs: number
  chromium: string
}

interface Mark { at: number, what: string }
interface PageProbe {
  resources: Array<{ path: string, startTime: number, responseEnd: number }>
  steps: Mark[]
  signal: Mark[]
  signalUpdates: Mark[]
  updates: Mark[]
  renders: Mark[]
  navigations: string[]
}

const contentTypes: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html' }

/**
 * Builds the pages in one Vite build, like an app's production build. Vue, @clerk/vue
 * (+ @clerk/shared), the package (src/) and the shared probes each go to a chunk of their own,
 * the page's form stays in its entry and the forms' shared markup goes to `page-view` (both
 * `page-*`): the CPU profile attributes by script URL.
 */
async function buildPages(outDir: string, minify: boolean, { modules = false } = {}) {
  const srcDir = join(repoRoot, 'src') + '/'
  await buildFixtures({
    outDir,
    minify: minify ? 'esbuild' : false,
    // Per module, the dependency lists Vite's preload helper puts at each `import()` would name
    // every module chunk: without it, as the weight builds (weight.ts) are made.
    ...(modules ? { modulePreload: false } : {}),
    rollupOptions: {
      input: Object.fromEntries(PAGES.map(name => [name, join(fixturesDir, `flow-${name}.html`)])),
      output: {
        entryFileNames: 'assets/page-[name]-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        manualChunks(id) {
          if (/\/node_modules\/(?:@vue\/|vue\/)/.test(id)) return 'vue'
          if (id.includes('/node_modules/@clerk/')) return 'clerk-vue'
          // `modules`: one chunk per source module (`package~runtime~core~errors.ts`), so that a
          // page loads exactly the modules it uses and coverage can be told per module.
          if (id.startsWith(srcDir)) return modules ? `package~${id.slice(srcDir.length).split('?')[0]!.replaceAll('/', '~')}` : 'package'
          // Vite's `import()` helper, Vite's code (an app with a lazy route has it): apart from ours.
          if (modules && id.includes('vite/preload-helper')) return 'vite-preload-helper'
          if (id.endsWith('/fixtures/flow-probe.ts')) return 'probe'
          // The floor's and the headless page's shared markup counts as the page's own code.
          if (id.endsWith('/fixtures/form-view.ts')) return 'page-view'
          return undefined
        },
      },
    },
  })
}

const chunkCategory = (url: string): CpuCategory => {
  if (url.includes(`${BASE}/`)) return 'clerk-js'
  const file = /\/assets\/([^/]+)$/.exec(url)?.[1] ?? ''
  if (file.startsWith('page-')) return 'page'
  for (const name of ['vue', 'clerk-vue', 'package', 'probe'] as const) {
    if (file.startsWith(`${name}-`)) return name
  }
  return 'other'
}

/** One origin for the pages and the emulator, so clerk-js calls FAPI same-origin through `proxyUrl: '/__clerk'`. */
async function serve(outDir: string, emulator: ClerkEmulator) {
  const fapi = toNodeListener(emulator.app)
  const config = JSON.stringify({ publishableKey: emulator.publishableKey, proxyUrl: BASE })
  const html = Object.fromEntries(PAGES.map(name => [name, readFileSync(join(outDir, `flow-${name}.html`), 'utf8')
    .replace('<head>', `<head><script>window.__BENCH_CONFIG__ = ${config}</script>`)])) as Record<PageName, string>
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
    const page = PAGES.find(name => path === `/${name}`) ?? 'component'
    // Cross-origin isolated (everything the page loads is on this origin): Chromium's
    // `performance.now()` then ticks in 5 µs, not 0.1 ms, so sub-millisecond medians mean something.
    res.writeHead(200, { 'content-type': 'text/html', 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' }).end(html[page])
  })
  const { url, close } = await listenLocal(server)
  return { origin: url, close }
}

interface Device { context: BrowserContext, page: Page, kind: PageName, origin: string, calls: string[] }

export async function newDevice(browser: Browser, kind: PageName, origin: string): Promise<Device> {
  const context = await browser.newContext({ viewport: { width: 480, height: 640 } })
  await context.addInitScript(() => {
    // A real user's browser: with navigator.webdriver, clerk-js hides network errors.
    Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false })
    // Timestamps every `data-step` the form shows, right after Vue patched it. Every page has
    // one element with `data-step`, its form's root (the component's `.cts`, the others' `<form>`).
    const steps: Array<{ at: number, what: string }> = []
    Object.defineProperty(window, '__steps', { value: steps })
    new MutationObserver(() => {
      const step = document.querySelector('[data-step]')?.getAttribute('data-step')
      if (step && steps.at(-1)?.what !== step) steps.push({ at: performance.now(), what: step })
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-step'] })
  })
  const page = await context.newPage()
  page.setDefaultTimeout(10_000)
  const calls: string[] = []
  // Round trips from the browser's own network log: every request to FAPI the page sends.
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname
    if (path.startsWith(FAPI)) calls.push(`${request.method()} ${path.slice(BASE.length).replace(/\/(sia|sess|client)_\w+/g, '/:id')}`)
  })
  return { context, page, kind, origin, calls }
}

export const atStep = (page: Page, step: string) => page.locator(`[data-step="${step}"]`).waitFor()

export async function openForm(device: Device, query = '') {
  await device.page.goto(`${device.origin}/${device.kind}${query}`)
  await atStep(device.page, 'credentials')
  if (!await device.page.evaluate(() => crossOriginIsolated)) throw new Error(`the ${device.kind} page is not cross-origin isolated: its timings would be rounded to 0.1 ms`)
  await device.page.evaluate(() => {
    const w = window as unknown as { __bench: { clear(): void }, __steps: unknown[] }
    w.__bench.clear()
    w.__steps.length = 0
    performance.clearResourceTimings()
  })
}

export async function fillPassword(page: Page, identifier: string) {
  await page.locator('input[autocomplete="username"]').fill(identifier)
  await page.locator('input[autocomplete="current-password"]').fill(PASSWORD)
}

export const clickContinue = (page: Page) => page.locator('[data-step]').getByRole('button', { name: 'Continue' }).click()

async function submitTrustCode(device: Device) {
  const { page } = device
  // The code step is complete only once the code went out (prepare answered).
  await atStep(page, 'verify')
  await page.waitForFunction(() => performance.getEntriesByType('resource').some(e => e.name.includes('/prepare_second_factor') && (e as PerformanceResourceTiming).responseEnd > 0))
  await page.locator('input[autocomplete="one-time-code"]').fill(FIXED_CODE)
  // The component (and its equivalent) submits by itself at the sixth digit (autoSubmit, on by
  // default); the plain forms on Continue.
  if (device.kind !== 'component' && device.kind !== 'by-hand') await clickContinue(page)
}

export const finalized = (page: Page) => page.waitForFunction(() => (window as unknown as { __bench: { navigations: string[] } }).__bench.navigations.length > 0)

/** Fills the credentials; `beforeSubmit` runs right before the click (to start the profiler). */
async function runFlow(device: Device, flow: FlowName, beforeSubmit?: () => Promise<unknown>) {
  const { page } = device
  const identifier = flow === 'phone trust' ? '+15555550100' : flow === 'MFA (TOTP)' ? 'mia@example.com' : 'jane@example.com'
  await fillPassword(page, identifier)
  await beforeSubmit?.()
  await clickContinue(page)
  if (flow === 'email trust' || flow === 'phone trust') await submitTrustCode(device)
  if (flow === 'MFA (TOTP)') {
    // The package's own MFA step; for mia it offers the authenticator app (TOTP) first.
    await atStep(page, 'second-factor')
    await page.locator('input[autocomplete="one-time-code"]').fill(totpCode(SEEDED_TOTP_SECRET, Date.now()))
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
      updates: [...w.__bench.updates],
      renders: [...w.__bench.renders],
      navigations: [...w.__bench.navigations],
    }
  })
}

/** Waits until the page sent no new FAPI request for `quietMs` (bounded), so trailing calls are counted. */
async function settle(calls: string[], quietMs = 500, maxMs = 5_000) {
  const deadline = Date.now() + maxMs
  let seen = calls.length
  while (Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, quietMs))
    if (calls.length === seen) return
    seen = calls.length
  }
}

/** The flow settles when the next FAPI request starts or after this long without a component update. */
const QUIET_MS = 50
const WINDOW_MAX_MS = 500

function transition(data: PageProbe, request: RegExp, step: string, signalStatus: string) {
  const response = data.resources.filter(r => request.test(r.path)).at(-1)
  const shown = data.steps.find(s => s.what === step)
  const signal = data.signal.find(s => s.what === signalStatus)
  if (!response || !shown || !signal) throw new Error(`transition to ${step}: missing marks ${JSON.stringify({ response, shown, signal })}`)
  const next = data.resources.find(r => r.path.startsWith(FAPI) && r.startTime > response.responseEnd)
  const hardEnd = Math.min(response.responseEnd + WINDOW_MAX_MS, next?.startTime ?? Infinity)
  const updates: Mark[] = []
  let last = response.responseEnd
  for (const u of data.updates) {
    if (u.at < response.responseEnd) continue
    if (u.at > hardEnd || u.at - last > QUIET_MS) break
    updates.push(u)
    last = u.at
  }
  // Settled: 50 ms after the last update, or when the next request starts.
  const settled = Math.min(hardEnd, last + QUIET_MS)
  const byComponent: Record<string, number> = {}
  for (const u of updates) byComponent[u.what] = (byComponent[u.what] ?? 0) + 1
  // Recorded on `?phases` pages only: the first component to start rendering after the signal.
  const render = data.renders.find(r => r.at >= signal.at && r.at <= shown.at)
  return {
    render: render ? { signalToRender: render.at - signal.at, renderToDom: shown.at - render.at } : null,
    responseToDom: shown.at - response.responseEnd,
    signalToDom: shown.at - signal.at,
    updates: updates.length,
    byComponent,
    stepOnUpdate: updates.filter(u => u.at <= shown.at).length,
    signalUpdates: data.signalUpdates.filter(u => u.at >= response.responseEnd && u.at <= settled).length,
  }
}

const emptyTransition = (): PageTransition => ({ responseToDom: [], signalToDom: [], updates: [], byComponent: [], stepOnUpdate: [], signalUpdates: [], signalToRender: [], renderToDom: [] })
const perPage = <T>(make: () => T) => Object.fromEntries(PAGES.map(name => [name, make()])) as Record<PageName, T>

interface CpuProfileNode { id: number, callFrame: { url: string, functionName: string, lineNumber?: number, columnNumber?: number }, children?: number[] }

/**
 * Self time per script category from a V8 CPU profile, each sample lasting until the next one.
 * A built-in (no URL: DOM calls, `fetch`, JSON…) counts for the script that called it, so Vue's
 * DOM patching is Vue's; V8's own entries ((program): layout, style, parsing; GC) are `other`.
 */
function attribute(profile: { nodes: CpuProfileNode[], samples?: number[], timeDeltas?: number[] }, hot?: { functions: HotFunctions, page: PageName }): CpuRun {
  const out: CpuRun = { 'vue': 0, 'package': 0, 'page': 0, 'clerk-vue': 0, 'clerk-js': 0, 'probe': 0, 'other': 0, 'focus': 0 }
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const byId = new Map(profile.nodes.map(n => [n.id, n]))
  const category = new Map<number, CpuCategory | null>()
  const categoryOf = (id: number): CpuCategory | null => {
    if (category.has(id)) return category.get(id)!
    const { url, functionName } = byId.get(id)!.callFrame
    const up = parent.get(id)
    const c = functionName === '(idle)'
      ? null
      : url ? chunkCategory(url) : /^\(.*\)$/.test(functionName) || up === undefined ? 'other' : categoryOf(up)
    category.set(id, c)
    return c
  }
  const samples = profile.samples ?? []
  const deltas = profile.timeDeltas ?? []
  for (let i = 0; i < samples.length - 1; i++) {
    const c = categoryOf(samples[i]!)
    if (!c) continue
    const ms = (deltas[i + 1] ?? 0) / 1000
    out[c] += ms
    const { url, functionName } = byId.get(samples[i]!)!.callFrame
    if (!url && functionName === 'focus') out.focus += ms
    if (hot && (CALL_CATEGORIES as readonly string[]).includes(c)) {
      // A built-in counts for the nearest function with a script, named after both.
      let id = samples[i]!
      while (!byId.get(id)!.callFrame.url && parent.has(id)) id = parent.get(id)!
      const frame = byId.get(id)!.callFrame
      const name = frame.functionName === functionName ? functionName : `${functionName} in ${frame.functionName || '(anonymous)'}`
      hotEntry(hot.functions, hot.page, c, name, `${frame.lineNumber ?? 0}:${frame.columnNumber ?? 0}${url ? '' : ` ${functionName}`}`).selfMs += ms
    }
  }
  return out
}

interface CoverageScript { url: string, functions: Array<{ functionName: string, ranges: Array<{ count: number, startOffset: number }> }> }

/** Calls per category from V8's precise coverage: a function's first range counts its calls. */
function countCalls(scripts: CoverageScript[], hot?: { functions: HotFunctions, page: PageName }): CallRun {
  const out: CallRun = { vue: 0, package: 0, page: 0 }
  for (const script of scripts) {
    const category = chunkCategory(script.url)
    if (!(CALL_CATEGORIES as readonly string[]).includes(category)) continue
    for (const fn of script.functions) {
      const calls = fn.ranges[0]?.count ?? 0
      out[category as keyof CallRun] += calls
      if (hot && calls) hotEntry(hot.functions, hot.page, category, fn.functionName, `@${fn.ranges[0]!.startOffset}`).calls += calls
    }
  }
  return out
}
export const totalCalls = (run: CallRun) => CALL_CATEGORIES.reduce((sum, key) => sum + run[key], 0)

async function countRoundTrips(browser: Browser, origin: string, kind: PageName, flow: FlowName, runs: number): Promise<FlowCount> {
  const result: FlowCount = { flow, page: kind, minimum: PROTOCOL_MINIMUM[flow], counts: [], calls: [] }
  for (let i = 0; i < runs; i++) {
    const device = await newDevice(browser, kind, origin)
    try {
      await withTimeout(`${flow} flow (${kind})`, 30_000, (async () => {
        if (flow === 'known device') {
          await openForm(device)
          await runFlow(device, 'email trust')
          await device.page.evaluate(() => (window as unknown as { Clerk: { signOut(cb: () => void): Promise<void> } }).Clerk.signOut(() => {}))
          await settle(device.calls)
        }
        device.calls.length = 0
        await openForm(device)
        await runFlow(device, flow)
        await settle(device.calls)
      })())
      result.counts.push(device.calls.length)
      result.calls = [...device.calls]
    }
    finally {
      await device.context.close()
    }
  }
  log(`round trips, ${flow}, ${kind}: ${result.counts.join(', ')} (minimum ${result.minimum})`)
  return result
}

/**
 * The bench pages built (`buildPages`) into a temporary folder, served beside the emulator on
 * one origin, and Chromium launched: everything `cleanup` undoes.
 */
export async function openBenchPages(cleanup: Cleanup, build: { minify: boolean, modules?: boolean }, chromiumArgs: readonly string[] = []) {
  const outDir = mkdtempSync(join(tmpdir(), 'cts-bench-page-'))
  cleanup.add(() => rmSync(outDir, { recursive: true, force: true }))
  await buildPages(outDir, build.minify, { modules: build.modules })
  const emulator = createClerkEmulator({
    basePath: BASE,
    codes: 'fixed',
    logger: () => {},
    // Many sign-ins from one machine: one rate-limit budget per browser (README, "Rate limits").
    instance: { rateLimits: { per: 'client' } },
    clerkJsDir: join(repoRoot, 'node_modules/@clerk/clerk-js/dist'),
  })
  const server = await serve(outDir, emulator)
  cleanup.add(server.close)
  const browser = await chromium.launch(chromiumLaunchOptions(chromiumArgs))
  cleanup.add(() => browser.close())
  return { outDir, origin: server.origin, browser }
}

export async function measureBrowser(options: { runs: number, countRuns: number, profileRuns?: number, hot?: HotFunctions, chromiumArgs?: readonly string[] }): Promise<BrowserResult> {
  const cleanup = new Cleanup()
  try {
    const { browser, origin } = await openBenchPages(cleanup, { minify: !options.hot }, options.chromiumArgs)

    // 2. Round trips, from the browser's network log: the email-trust flow on every page (they
    // should be equal), and every flow on the component page; each run on a fresh device.
    const since = (t: number) => `${((Date.now() - t) / 1000).toFixed(0)} s`
    let stage = Date.now()
    const pageCounts: FlowCount[] = []
    for (const kind of PAGES) pageCounts.push(await countRoundTrips(browser, origin, kind, 'email trust', options.countRuns))
    const counts: FlowCount[] = [pageCounts.find(c => c.page === 'component')!]
    for (const flow of (Object.keys(PROTOCOL_MINIMUM) as FlowName[]).filter(f => f !== 'email trust')) {
      counts.push(await countRoundTrips(browser, origin, 'component', flow, options.countRuns))
    }

    log(`round trips took ${since(stage)}`)
    stage = Date.now()

    // 3. Overhead: the email-trust flow on the pages in turn (so drifting load hits them
    // alike), each run on a cleared device (a new client).
    const devices = {} as Record<PageName, Device>
    for (const kind of PAGES) {
      devices[kind] = await newDevice(browser, kind, origin)
      cleanup.add(() => devices[kind].context.close())
    }
    const intervalUs = 100
    // A flow's profile holds a few dozen samples and moves by ±50 % between runs (the floor's from
    // under 1 ms to several): 30 runs per page keep the medians' ratio steady from one bench to the next.
    const profileRuns = options.profileRuns ?? Math.min(options.runs, 30)
    // Call counts do not vary with load: a few runs suffice.
    const callRuns = 3
    const cpu: CpuResult = { intervalUs, runs: profileRuns, pages: perPage((): CpuRun[] => []), callRuns, calls: perPage((): CallRun[] => []) }
    const signInT: TransitionTiming = { label: 'sign_ins → verify', pages: perPage(emptyTransition) }
    const attemptT: TransitionTiming = { label: 'attempt_second_factor → complete', pages: perPage(emptyTransition) }
    // What a measured run records from the click to finalize's navigation: a CPU profile, or
    // the call counts (precise coverage). `stop` ends a recording a failed run left running.
    interface Recorder { start: () => Promise<unknown>, finish: () => Promise<void>, stop: () => Promise<unknown> }
    const profiler = (session: CDPSession, kind: PageName): Recorder => ({
      start: () => session.send('Profiler.start'),
      finish: async () => {
        const { profile } = await session.send('Profiler.stop')
        cpu.pages[kind].push(attribute(profile, options.hot && { functions: options.hot, page: kind }))
      },
      stop: () => session.send('Profiler.stop'),
    })
    const callCounter = (session: CDPSession, kind: PageName): Recorder => ({
      start: () => session.send('Profiler.startPreciseCoverage', { callCount: true, detailed: false }),
      finish: async () => {
        const { result } = await session.send('Profiler.takePreciseCoverage')
        await session.send('Profiler.stopPreciseCoverage')
        cpu.calls[kind].push(countCalls(result, options.hot && { functions: options.hot, page: kind }))
      },
      stop: () => session.send('Profiler.stopPreciseCoverage'),
    })
    const timedRun = async (device: Device, recorder?: Recorder, query = '') => {
      await device.context.clearCookies()
      let recording = false
      try {
        return await withTimeout(`email flow (${device.kind})`, 30_000, (async () => {
          await openForm(device, query)
          await runFlow(device, 'email trust', async () => {
            if (!recorder) return
            await recorder.start()
            recording = true
          })
          if (recorder) {
            recording = false
            await recorder.finish()
          }
          // Let the settle window after the last response pass.
          await device.page.waitForTimeout(60)
          return probe(device.page)
        })())
      }
      finally {
        if (recording) await recorder?.stop().catch(() => {})
      }
    }
    // The two transitions measured in a run, each with where its figures go.
    const transitionsOf = (data: PageProbe) => [
      [signInT, transition(data, /\/v1\/client\/sign_ins$/, 'verify', 'needs_client_trust')],
      [attemptT, transition(data, /\/attempt_second_factor$/, 'complete', 'complete')],
    ] as const
    // Two unmeasured runs warm up Chromium's caches and V8's JIT, as a returning visitor's browser would be.
    for (let i = 0; i < options.runs + 2; i++) {
      for (const kind of PAGES) {
        const data = await timedRun(devices[kind])
        if (i < 2) continue
        for (const [target, t] of transitionsOf(data)) {
          const p = target.pages[kind]
          p.responseToDom.push(t.responseToDom)
          p.signalToDom.push(t.signalToDom)
          p.updates.push(t.updates)
          p.byComponent.push(t.byComponent)
          p.stepOnUpdate.push(t.stepOnUpdate)
          p.signalUpdates.push(t.signalUpdates)
        }
      }
    }
    log(`overhead: ${options.runs} timed runs per page in ${since(stage)}; signal → DOM medians ${PAGES.map(k => `${k} ${median(signInT.pages[k].signalToDom).toFixed(1)} / ${median(attemptT.pages[k].signalToDom).toFixed(1)} ms`).join(', ')}`)

    // 3b. Where signal → DOM goes: further runs on `?phases` pages (their `beforeUpdate` probe
    // would slow the timed runs), split at the first component that starts rendering.
    stage = Date.now()
    const phaseRuns = Math.min(options.runs, 30)
    for (let i = 0; i < phaseRuns; i++) {
      for (const kind of PAGES) {
        const data = await timedRun(devices[kind], undefined, '?phases')
        for (const [target, t] of transitionsOf(data)) {
          if (!t.render) continue
          target.pages[kind].signalToRender.push(t.render.signalToRender)
          target.pages[kind].renderToDom.push(t.render.renderToDom)
        }
      }
    }
    log(`phases: ${phaseRuns} runs per page in ${since(stage)}`)

    // 4. CPU: separate runs under V8's sampling profiler (it slows the page, so not the timed
    // runs), from the click on Continue to finalize's navigation; self time per script.
    stage = Date.now()
    const sessions = {} as Record<PageName, CDPSession>
    for (const kind of PAGES) {
      const session = await devices[kind].context.newCDPSession(devices[kind].page)
      await session.send('Profiler.enable')
      await session.send('Profiler.setSamplingInterval', { interval: intervalUs })
      sessions[kind] = session
    }
    for (let i = 0; i < profileRuns; i++) {
      for (const kind of PAGES) await timedRun(devices[kind], profiler(sessions[kind], kind))
    }
    const ours = (r: CpuRun) => r.vue + r.package + r.page
    log(`cpu: ${profileRuns} profiled runs per page in ${since(stage)}; package + Vue medians ${PAGES.map(k => `${k} ${median(cpu.pages[k].map(ours)).toFixed(1)} ms`).join(', ')}`)
    stage = Date.now()
    for (let i = 0; i < callRuns; i++) {
      for (const kind of PAGES) await timedRun(devices[kind], callCounter(sessions[kind], kind))
    }
    log(`calls: ${callRuns} counted runs per page in ${since(stage)}; Vue + package + page medians ${PAGES.map(k => `${k} ${median(cpu.calls[k].map(totalCalls)).toFixed(0)}`).join(', ')}`)
    return { counts, pageCounts, timings: [signInT, attemptT], cpu, runs: options.runs, chromium: browser.version() }
  }
  finally {
    await cleanup.run()
  }
}
