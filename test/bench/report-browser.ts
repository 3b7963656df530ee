// The browser part of RESULTS.md (round trips, overhead, CPU): the pages side by side,
// as ratios to the hand-written floor. Kept apart from report.ts so either can change alone.
import { CALL_CATEGORIES, HAND_WRITTEN, PAGES, totalCalls } from './browser'
import type { BrowserResult, CpuRun, PageName, PageTransition, TransitionTiming } from './browser'
import { median, ms, percentile } from './lib'

/**
 * The targets for the browser (issue #25), each against a reference measured in the same run: the
 * component against its hand-written equivalent (same DOM, CSS and behaviour), the headless
 * composable against the floor (the same markup on the bare signal API).
 */
export const BROWSER_TARGETS = {
  updatesPerTransition: 1,
  componentSignalToDomOverByHand: 1.3,
  componentCpuOverByHand: 1.5,
  componentCallsOverByHand: 2,
  headlessCpuOverFloor: 1.5,
}

/** What each targeted page is held against, and how far: `null` for report only. */
const REFERENCE = {
  signalToDom: { headless: null, component: ['by-hand', BROWSER_TARGETS.componentSignalToDomOverByHand] },
  cpu: { headless: ['floor', BROWSER_TARGETS.headlessCpuOverFloor], component: ['by-hand', BROWSER_TARGETS.componentCpuOverByHand] },
  calls: { headless: null, component: ['by-hand', BROWSER_TARGETS.componentCallsOverByHand] },
} as const satisfies Record<string, Record<'headless' | 'component', readonly [PageName, number] | null>>
const referenceName = (page: PageName) => page === 'by-hand' || page === 'headless-by-hand' ? 'its hand-written equivalent' : `the ${page}`
/** Each targeted page's hand-written equivalent, measured beside it whether or not a target is held against it. */
const BY_HAND = { headless: 'headless-by-hand', component: 'by-hand' } as const satisfies Record<'headless' | 'component', PageName>
/** `; 1.7× its hand-written equivalent's 0.8 ms` beside a page held against another reference; nothing when that reference is its hand-written equivalent. */
const besideByHand = (page: 'headless' | 'component', against: PageName, value: number, byHand: number, unit: (n: number) => string) =>
  against === BY_HAND[page] ? '' : `; ${ratio(value, byHand)} its hand-written equivalent's ${unit(byHand)}`

/** A summary row, as report.ts draws it: `load` = measured / target, > 1 means missed. */
export interface BrowserRow { metric: string, measured: string, target: string, load: number, short?: string, strict?: boolean }

/** The pages the issue's targets are for; the others (the floor, the component by hand) are references. */
const TARGETED = ['headless', 'component'] as const satisfies readonly PageName[]
type Targeted = (typeof TARGETED)[number]
const isTargeted = (page: PageName) => (TARGETED as readonly PageName[]).includes(page)

const short = (t: TransitionTiming) => t.label.split(' ')[0]!.replace('_second_factor', '')
/** `1.31×`: two decimals below 2×, where the targets (1.3×, 1.5×, 2×) are, so a near miss does not read as met. */
const ratio = (value: number, floor: number) => {
  const r = value / floor
  return `${r.toFixed(r < 2 ? 2 : 1)}×`
}
const ours = (r: CpuRun) => r.vue + r.package + r.page
const cpuMedian = (b: BrowserResult, page: PageName, pick: (r: CpuRun) => number) => median(b.cpu.pages[page].map(pick))

/** Medians per component name over the runs (a component absent from a run counts 0 there). */
function componentMedians(p: PageTransition): Array<[string, number]> {
  const names = [...new Set(p.byComponent.flatMap(Object.keys))]
  return names
    .map((name): [string, number] => [name, median(p.byComponent.map(run => run[name] ?? 0))])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
}
const componentList = (p: PageTransition) => componentMedians(p).map(([name, n]) => `${name} ${n}`).join(', ') || '–'

/** "met", or by how much the target is missed, in the figure's own unit. */
function verdict(value: number, max: number, unit: (n: number) => string): string {
  return value <= max ? 'met' : `missed by ${unit(value - max)}`
}

/** Rows for the top summary table: signal → DOM, updates, CPU and requests, against the floor. */
export function browserRows(b: BrowserResult): BrowserRow[] {
  const out: BrowserRow[] = []
  for (const c of b.counts) {
    out.push({ metric: `FAPI requests, ${c.flow} (\`<ClientTrustSignIn>\`)`, measured: String(Math.max(...c.counts)), target: `≤ ${c.minimum} (minimum)`, load: Math.max(...c.counts) / c.minimum, short: `requests: ${c.flow}` })
  }
  const email = b.pageCounts
  const worst = Math.max(...email.flatMap(c => c.counts))
  out.push({ metric: `FAPI requests, email trust, ${email.map(c => c.page).join(' / ')}`, measured: email.map(c => Math.max(...c.counts)).join(' / '), target: `≤ ${email[0]?.minimum ?? Number.NaN} (minimum), equal`, load: worst / (email[0]?.minimum ?? Number.NaN), short: 'requests: email, all pages' })
  for (const t of b.timings) {
    for (const page of TARGETED) {
      const value = median(t.pages[page].signalToDom)
      const ref = REFERENCE.signalToDom[page]
      const [against, max] = ref ?? ['floor', Number.NaN] as const
      const base = median(t.pages[against].signalToDom)
      const byHand = besideByHand(page, against, value, median(t.pages[BY_HAND[page]].signalToDom), n => ms(n))
      out.push({ metric: `Signal → DOM, ${t.label}, ${page} (median)`, measured: `${ms(value)} (${ratio(value, base)} ${referenceName(against)}'s ${ms(base)}${byHand})`, target: ref ? `≤ ${max}× ${referenceName(against)}` : 'report only', load: ref ? value / base / max : Number.NaN, short: `${short(t)}: signal → DOM, ${page}` })
    }
    const floorUpdates = median(t.pages.floor.updates)
    for (const page of TARGETED) {
      const p = t.pages[page]
      out.push({ metric: `Component updates, ${t.label}, ${page} (median)`, measured: `${median(p.updates)} (floor ${floorUpdates}; the step shows on update ${median(p.stepOnUpdate)})`, target: `≤ ${BROWSER_TARGETS.updatesPerTransition} per visible change`, load: median(p.updates) / BROWSER_TARGETS.updatesPerTransition, short: `${short(t)}: updates, ${page}` })
    }
  }
  for (const page of TARGETED) {
    const [against, max] = REFERENCE.cpu[page]
    const value = cpuMedian(b, page, ours)
    const base = cpuMedian(b, against, ours)
    const byHand = besideByHand(page, against, value, cpuMedian(b, BY_HAND[page], ours), n => ms(n, 1))
    out.push({ metric: `Package + Vue CPU over one flow, ${page} (median)`, measured: `${ms(value, 1)} (${ratio(value, base)} ${referenceName(against)}'s ${ms(base, 1)}${byHand})`, target: `≤ ${max}× ${referenceName(against)}`, load: value / base / max, short: `CPU package + Vue, ${page}` })
  }
  const calls = (page: PageName) => median(b.cpu.calls[page].map(totalCalls))
  for (const page of TARGETED) {
    const ref = REFERENCE.calls[page]
    const [against, max] = ref ?? ['floor', Number.NaN] as const
    const byHand = besideByHand(page, against, calls(page), calls(BY_HAND[page]), n => n.toFixed(0))
    out.push({ metric: `Vue + package + page function calls over one flow, ${page} (exact, median)`, measured: `${calls(page).toFixed(0)} (${ratio(calls(page), calls(against))} ${referenceName(against)}'s ${calls(against).toFixed(0)}${byHand})`, target: ref ? `≤ ${max}× ${referenceName(against)}` : 'report only', load: ref ? calls(page) / calls(against) / max : Number.NaN, short: `calls, ${page}` })
  }
  return out
}

const pageTitle: Record<PageName, string> = { 'floor': 'floor', 'headless': 'headless', 'headless-by-hand': 'headless by hand (for scale)', 'component': 'component', 'by-hand': 'component by hand (for scale)' }
const separator = () => `|${'---|'.repeat(PAGES.length + 2)}`

function transitionTable(t: TransitionTiming): string[] {
  const p = t.pages
  const floorSignal = median(p.floor.signalToDom)
  const floorUpdates = median(p.floor.updates)
  const signalCell = (page: PageName) => {
    const value = median(p[page].signalToDom)
    const base = `${ms(value)} (p95 ${ms(percentile(p[page].signalToDom, 95))})`
    if (page === 'floor') return base
    const ref = isTargeted(page) ? REFERENCE.signalToDom[page as Targeted] : null
    if (!ref) return `${base}, ${ratio(value, floorSignal)} the floor`
    const against = median(p[ref[0]].signalToDom)
    return `${base}, ${ratio(value, against)} ${referenceName(ref[0])}: ${verdict(value, against * ref[1], n => ms(n, n < 0.01 ? 3 : 2))}`
  }
  const updatesCell = (page: PageName) => {
    const value = median(p[page].updates)
    const base = `${value} (max ${Math.max(...p[page].updates)})`
    if (page === 'floor') return base
    if (!isTargeted(page)) return `${base}, ${ratio(value, floorUpdates)}`
    return `${base}, ${ratio(value, floorUpdates)}: ${verdict(value, BROWSER_TARGETS.updatesPerTransition, n => `${n} update${n === 1 ? '' : 's'}`)}`
  }
  const row = (label: string, cell: (page: PageName) => string, target: string) =>
    `| ${label} | ${PAGES.map(cell).join(' | ')} | ${target} |`
  return [
    `| ${t.label} | ${PAGES.map(page => pageTitle[page]).join(' | ')} | target |`,
    separator(),
    row('signal → DOM, median', signalCell, `component ≤ ${BROWSER_TARGETS.componentSignalToDomOverByHand}× by hand`),
    row(`↳ signal → a component starts rendering (the form's code, Vue's scheduling), median of ${phaseRunsOf(t)} further runs`, page => phaseCell(p[page].signalToRender), '–'),
    row('↳ → the step in the DOM (rendering it: the step\'s parts mounted, the old step\'s removed)', page => phaseCell(p[page].renderToDom), '–'),
    row('component updates, median', updatesCell, `≤ ${BROWSER_TARGETS.updatesPerTransition} per visible change`),
    row('the step shows on update', page => String(median(p[page].stepOnUpdate)), '1'),
    row('updates by component, median', page => componentList(p[page]), '–'),
    row('response → DOM, median', page => ms(median(p[page].responseToDom)), '–'),
    row('clerk-js signal updates meanwhile', page => String(median(p[page].signalUpdates)), '–'),
  ]
}

const phaseRunsOf = (t: TransitionTiming) => Math.max(...PAGES.map(page => t.pages[page].signalToRender.length))
const phaseCell = (runs: number[]) => runs.length ? ms(median(runs)) : '–'

/**
 * Where a missed signal → DOM target's extra goes, from the phase runs: before rendering starts, or
 * rendering, each as the difference of the medians against the reference.
 */
function signalToDomSplit(t: TransitionTiming): string[] {
  const [against, max] = REFERENCE.signalToDom.component
  const p = t.pages
  if (median(p.component.signalToDom) <= median(p[against].signalToDom) * max || !p.component.signalToRender.length || !p[against].signalToRender.length) return []
  const before = median(p.component.signalToRender) - median(p[against].signalToRender)
  const rendering = median(p.component.renderToDom) - median(p[against].renderToDom)
  return ['', `**Where the component's extra goes, ${t.label}** (the phase rows above, medians, against ${referenceName(against)}):`
    + ` before a component starts rendering ${signed(before)}, rendering the step ${signed(rendering)}.`]
}
const signed = (n: number) => `${n < 0 ? '−' : '+'}${ms(Math.abs(n))}`

const CPU_ROWS: Array<[string, (r: CpuRun) => number]> = [
  ['↳ Vue (`vue`, `@vue/*`)', r => r.vue],
  ['↳ the package (`src/`)', r => r.package],
  ['↳↳ of which the browser moving focus (`focus()`: the new step\'s field or title, for keyboard and screen-reader users; the floor moves none)', r => r.focus],
  ['↳ the page\'s own code (its entry: the floor\'s form, the headless form, the mount)', r => r.page],
  ['@clerk/vue + @clerk/shared', r => r['clerk-vue']],
  ['clerk-js (loaded from the emulator)', r => r['clerk-js']],
  ['bench probes (mixin, signal subscriber; same on every page)', r => r.probe],
  ['other: V8/Blink\'s own work (layout, style, GC), the Playwright driver', r => r.other],
]

const CALL_LABELS: Record<(typeof CALL_CATEGORIES)[number], string> = { vue: 'Vue', package: 'the package', page: 'the page\'s own code' }

function cpuTable(b: BrowserResult): string[] {
  const floor = cpuMedian(b, 'floor', ours)
  const calls = (page: PageName) => median(b.cpu.calls[page].map(totalCalls))
  // The median, with the middle half of the runs beside it: how far one run can be trusted.
  const spread = (page: PageName) => {
    const runs = b.cpu.pages[page].map(ours)
    return `**${ms(median(runs), 1)}** (${ms(percentile(runs, 25), 1)}–${ms(percentile(runs, 75), 1)})`
  }
  const main = (page: PageName) => {
    const value = cpuMedian(b, page, ours)
    if (page === 'floor') return spread(page)
    if (!isTargeted(page)) return `${spread(page)}, ${ratio(value, floor)} the floor`
    const [against, max] = REFERENCE.cpu[page as Targeted]
    const base = cpuMedian(b, against, ours)
    return `${spread(page)}, ${ratio(value, base)} ${referenceName(against)}: ${verdict(value, base * max, n => ms(n, 1))}`
  }
  return [
    `| self time over one flow, median of ${b.cpu.runs} (middle half of the runs) | ${PAGES.map(page => pageTitle[page]).join(' | ')} | target |`,
    separator(),
    `| **package + Vue** (for the floor: its form + Vue) | ${PAGES.map(main).join(' | ')} | headless ≤ ${BROWSER_TARGETS.headlessCpuOverFloor}× the floor, component ≤ ${BROWSER_TARGETS.componentCpuOverByHand}× by hand |`,
    ...CPU_ROWS.map(([label, pick]) => `| ${label} | ${PAGES.map(page => ms(cpuMedian(b, page, pick), 1)).join(' | ')} | – |`),
    `| function calls, Vue + package + page (exact: V8 precise coverage, median of ${b.cpu.callRuns}) | ${PAGES.map(page => page === 'floor' ? calls(page).toFixed(0) : `${calls(page).toFixed(0)} (${ratio(calls(page), calls('floor'))} the floor${isTargeted(page) ? `, ${ratio(calls(page), calls(BY_HAND[page as Targeted]))} by hand` : ''})`).join(' | ')} | component ≤ ${BROWSER_TARGETS.componentCallsOverByHand}× by hand |`,
    ...CALL_CATEGORIES.map(key => `| ↳ ${CALL_LABELS[key]} | ${PAGES.map(page => median(b.cpu.calls[page].map(run => run[key])).toFixed(0)).join(' | ')} | – |`),
  ]
}

/** Sections 2 (round trips) and 3 (overhead in the browser) of RESULTS.md. */
export function browserMarkdown(b: BrowserResult): string[] {
  const [signInT, attemptT] = b.timings as [TransitionTiming, TransitionTiming]
  const lines = [
    '',
    '## 2. Round trips',
    '',
    'The real clerk-js in Chromium on Vite-built Vue + @clerk/vue pages served with the emulator on one 127.0.0.1',
    'origin: the hand-written **floor** (`test/bench/fixtures/floor.ts`: `signIn.password` → `mfa.sendEmailCode` →',
    '`mfa.verifyEmailCode` → `finalize`), the same form on **headless** `useClientTrustSignIn` (`headless.ts`),',
    'the **component** `<ClientTrustSignIn>` (`flow-component.ts`), and, for scale, two hand-written equivalents: the **headless',
    `page by hand** (${HAND_WRITTEN['headless-by-hand']}) and the **component by hand** (${HAND_WRITTEN['by-hand']}).`,
    `Requests to FAPI (\`/v1/\`) are counted from the browser's`,
    `own network log, from page load until 500 ms without one after finalize (${b.counts[0]?.counts.length ?? 0} runs per row, each a new browser context).`,
    'Minimum = the sequence of shared/clerk-fapi/NOTES.md for that flow: environment + client, sign_ins, prepare + attempt,',
    'touch + tokens; a known device has no code step, TOTP needs no prepare.',
    '',
    '| flow | page | requests (per run) | minimum | sequence |',
    '|---|---|---|---|---|',
    ...[...b.pageCounts, ...b.counts.filter(c => c.flow !== 'email trust')]
      .map(c => `| ${c.flow} | ${c.page} | ${c.counts.join(', ')} | ${c.minimum} | ${c.calls.map(x => `\`${x}\``).join(' → ')} |`),
  ]
  if ([...b.counts, ...b.pageCounts].some(c => Math.max(...c.counts) < c.minimum)) {
    lines.push('', 'Below the minimum by one: clerk-js skips `POST /tokens` because `touch` already returns the session with a fresh'
    + ' `last_active_token` (NOTES.md: "skipped when the session already carries a fresh last_active_token").')
  }
  lines.push(
    '',
    '## 3. Overhead in the browser, against the floor',
    '',
    `Email-trust flow on the pages in turn, ${b.runs} runs each (after 2 warm-up runs), one Chromium page per form,`,
    'cookies cleared between runs (a new client each time). All pages are the same Vue + @clerk/vue app with the same',
    'probes (`fixtures/flow-probe.ts`) and differ only by their form; each marks its visible step with `data-step` on its',
    'root (the component\'s `.cts`, the others\' `<form>`). Every form shows `verify` as soon as clerk-js reports',
    '`needs_client_trust` and sends the code meanwhile (the floor does the same, so that the step changes at the same point).',
    '',
    '- **signal → DOM**: clerk-js\' sign-in signal reports the new status (a raw `__internal_effect` subscriber) → a',
    '  MutationObserver sees the new `data-step`: the time spent in the page\'s code (ours, or the floor\'s) and Vue.',
    '- **where it goes** (the two rows under it): further runs per page on the same pages opened with `?phases`, where a',
    '  `beforeUpdate` hook on every component (kept out of the timed runs) marks the first component that starts rendering',
    '  after the signal: before it, the page\'s code and Vue\'s scheduling; after it, rendering the step.',
    '- **component updates**: `updated` hooks of *all* components (one global mixin, on every page) from the response',
    `  (Resource Timing \`responseEnd\`) until the flow settles: the next FAPI request starts, or ${50} ms without an update`,
    '  (at most 500 ms). One visible change (the new step) needs one update. "The step shows on update N" counts',
    '  from the response to the update whose patch put the step in the DOM.',
    '- The pages are cross-origin isolated (COOP and COEP headers; the run stops if one is not), so Chromium\'s',
    '  `performance.now()` ticks in 5 µs instead of 0.1 ms.',
    '',
    ...transitionTable(signInT),
    ...signalToDomSplit(signInT),
    '',
    ...transitionTable(attemptT),
    ...signalToDomSplit(attemptT),
    '',
    '### CPU over one whole flow',
    '',
    `V8's sampling profiler (CDP \`Profiler\`, ${b.cpu.intervalUs} µs interval) from the click on Continue to finalize's navigation,`,
    `${b.cpu.runs} further runs per page (not the timed ones: the profiler slows the page). Self time is attributed by script: the`,
    'build splits Vue, @clerk/vue + @clerk/shared, the package (`src/`) and the bench probes into chunks of their own, the',
    'page\'s form stays in its entry; a built-in (DOM call, `fetch`…) counts for the script that called it.',
    `The function calls are counted in ${b.cpu.callRuns} more runs per page with V8's precise coverage (CDP \`Profiler.startPreciseCoverage\`,`,
    'call counts): the same flow, exact and unmoved by the machine\'s load, so they tell a change in the work done where the',
    'sampled times above move by half between runs; they weigh every call alike, from a one-line getter to a render.',
    '',
    ...cpuTable(b),
  )
  const missed = b.timings.flatMap(t => TARGETED.filter(page => median(t.pages[page].updates) > BROWSER_TARGETS.updatesPerTransition).map(page => ({ t, page })))
  if (missed.length > 0) {
    const sig = (t: TransitionTiming) => median(t.pages.component.signalUpdates)
    lines.push('', `**One update per visible change is missed** (${missed.map(({ t, page }) => `${page} ${median(t.pages[page].updates)} on ${short(t)}`).join(', ')}; the floor: `
    + `${median(signInT.pages.floor.updates)} / ${median(attemptT.pages.floor.updates)}). clerk-js updates its sign-in signal`
    + ` ${sig(signInT)} / ${sig(attemptT)} times in the same window (the new resource while \`fetchStatus\` is still \`fetching\`,`
    + ' a re-emission, then `idle`, each in its own task); the floor reads the signal once, when its `await` resolves, while the'
    + ' composable copies every update into refs and every component reading them updates again. On the component page:'
    + ` ${componentList(signInT.pages.component)} (${short(signInT)}); ${componentList(attemptT.pages.component)} (${short(attemptT)}).`
    + ' To get to one: coalesce the bridge\'s updates per task (copy the signal once in a microtask, not per emission) and'
    + ' keep `isFetching` out of what the step components read.')
  }
  return lines
}
