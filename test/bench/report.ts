import type { BrowserResult } from './browser'
import type { PathCoverage } from './coverage'
import { ms } from './lib'
import { browserMarkdown, browserRows } from './report-browser'
import type { SsrResult, SsrServer } from './ssr'
import type { ThroughputResult, ThroughputSide } from './throughput'
import { weightMarkdown, weightRows } from './report-weight'
import type { WeightResult } from './weight'

export interface Environment { date: string, machine: string, versions: Record<string, string>, command: string, source: string }
export interface Results { env: Environment, weight: WeightResult, browser: BrowserResult, coverage: PathCoverage, throughput: ThroughputResult, ssr: SsrResult }

/** One row of the summary: `load` = measured / target, so > 1 always means "target missed". */
interface Row { metric: string, measured: string, target: string, load: number, short?: string, strict?: boolean }

export const TARGETS = { flowsPerSecond: 500, p99Ms: 20 }

/** The throughput rows of the summary: the emulator on the browser's flow, against the static ceiling. */
function throughputRows(t: ThroughputResult): Row[] {
  const e = t.emulator
  return [
    { metric: `Emulator throughput, the browser's ${t.requestsPerFlow}-request email-trust flow (${t.concurrency} users)`, measured: `${e.flowsPerSecond.toFixed(0)} flows/s (${t.ratio.toFixed(2)}× the static ceiling of ${t.ceiling.flowsPerSecond.toFixed(0)} flows/s)`, target: `≥ ${TARGETS.flowsPerSecond} flows/s`, load: TARGETS.flowsPerSecond / e.flowsPerSecond, short: 'emulator flows/s' },
    { metric: 'Emulator request latency p99', measured: `${ms(e.request.p99, 1)} (static ceiling ${ms(t.ceiling.request.p99, 1)})`, target: `< ${TARGETS.p99Ms} ms`, load: e.request.p99 / TARGETS.p99Ms, short: 'emulator p99', strict: true },
  ]
}

/** The SSR row of the summary: a built Nuxt server with the module against the same app without it. */
const ssrRow = (s: SsrResult): Row => ({
  metric: 'SSR of `/sign-in`, built Nuxt server with vs without the module (median per request)',
  measured: `with module ${ms(s.with.medianMs)} vs without ${ms(s.without.medianMs)} per request (${s.ratio.toFixed(2)}×)`,
  target: 'report only',
  load: Number.NaN,
})

function rows(r: Results): Row[] {
  const out: Row[] = [...weightRows(r.weight)]
  out.push(...browserRows(r.browser))
  out.push(
    ...throughputRows(r.throughput),
    ssrRow(r.ssr),
  )
  return out
}

/** `strict` targets are "< x": reaching x exactly is a miss. */
const met = (row: Row) => row.strict ? row.load < 1 : row.load <= 1
/** How far over its target a row is: `×1.03` (two decimals below ×1.1, so a near miss does not read as ×1.0). */
const over = (row: Row) => `×${row.load.toFixed(row.load < 1.1 ? 2 : 1)}`
const status = (row: Row) => Number.isNaN(row.load) ? '–' : met(row) ? 'met' : `missed (${over(row)})`

const sideLine = (name: string, x: ThroughputSide) =>
  `| ${name} | ${x.flowsPerSecond.toFixed(0)} | ${ms(x.request.p50)} | ${ms(x.request.p99)} | ${ms(x.request.max)} | ${ms(x.flow.p50, 1)} | ${ms(x.flow.p99, 1)} | ${ms(x.serverCpuMsPerFlow)} | ${ms(x.generatorCpuMsPerFlow)} |`

function throughputSection(t: ThroughputResult): string[] {
  const e = t.emulator
  const c = t.ceiling
  const routes = Object.entries(e.routes).map(([k, v]) => `${k} ${ms(v)} (${ms(c.routes[k] ?? Number.NaN)})`).join(', ')
  const lines = [
    '',
    '## 4. Emulator throughput',
    '',
    `The browser's email-trust flow after page load, as section 2 counts it (${t.requestsPerFlow} requests; method, path, query and body as`,
    'clerk-js 6.40.0 sends them): `POST /v1/environment?_method=PATCH` → `GET /v1/client` → `POST /v1/client/sign_ins` (needs_client_trust)',
    '→ `prepare_second_factor` → `attempt_second_factor` 424242 → `sessions/:id/touch` (its session carries a fresh token, so no `/tokens`).',
    `${t.concurrency} simulated users in the bench process loop flows over keep-alive HTTP, every flow a new device with its own cookies.`,
    'Two servers, one after the other, each in its own process on 127.0.0.1 under the same generator, users and duration',
    `(${t.seconds} s after a warm-up): the standalone emulator (\`startClerkEmulator\`), and the **static ceiling**, a node:http server`,
    'answering the same routes with the status, headers (the `__client` cookie included) and bytes of one real emulator flow captured',
    'at its start, routed on method and last path segment with no other logic: what any server costs with this generator on this machine.',
    '',
    '| server | flows/s | request p50 | request p99 | request max | flow p50 | flow p99 | server CPU per flow | generator CPU per flow |',
    '|---|---|---|---|---|---|---|---|---|',
    sideLine('emulator', e),
    sideLine('static ceiling', c),
    '',
    `The emulator runs at **${t.ratio.toFixed(2)}× the ceiling** (${e.flows} flows in ${e.seconds.toFixed(1)} s vs ${c.flows} in ${c.seconds.toFixed(1)} s; ${e.failed + c.failed} failed).`
    + ' On 2 cores the generator needs one: when its CPU per flow is near the ceiling server\'s, the ceiling measures the generator as much as'
    + ' the server, and the ratio flatters the emulator.',
    '',
    `Median latency per route with one user (no queueing), emulator (ceiling): ${routes}.`,
  ]
  if (e.flowsPerSecond < TARGETS.flowsPerSecond || e.request.p99 >= TARGETS.p99Ms) {
    lines.push('', `**Target missed** (${e.flowsPerSecond.toFixed(0)} of ${TARGETS.flowsPerSecond} flows/s, p99 ${ms(e.request.p99, 1)}).`
    + ` The emulator is CPU-bound on one core at ${ms(e.serverCpuMsPerFlow)} per flow, i.e. at most ~${(1000 / e.serverCpuMsPerFlow).toFixed(0)} flows/s,`
    + ` against ${ms(c.serverCpuMsPerFlow)} for the ceiling; the p99 is queueing behind that. The routes that return a signed-in client (attempt, touch) are the slow ones:`
    + ' every client envelope with an active session mints a fresh RS256 session token (`src/emulator/fapi/resources.ts`,'
    + ` \`tokens/sessionTokens.ts\`, jose), and one RSA-2048 signature takes ${ms(t.rs256SignMs)} here (measured on its own). Reusing the token of a session until it is close to`
    + ' expiry (as real FAPI does, `last_active_token`) or signing with ES256 would remove most of it. For its purpose —'
    + ' one developer\'s browser and test suites — the emulator is far from this limit.')
  }
  return lines
}

/** `+` before a positive difference (a negative one brings its own `-`). */
const sign = (n: number) => n > 0 ? '+' : ''

function ssrSection(s: SsrResult): string[] {
  const line = (name: string, x: SsrServer) => `| ${name} | ${ms(x.medianMs)} | ${ms(x.p99Ms)} | ${x.htmlBytes} | ${x.inlineCssBytes} | ${x.rssMb.toFixed(0)} MB |`
  return [
    '',
    '## 5. SSR cost',
    '',
    'Two tiny Nuxt 4 apps built with `nuxi build` (production, node-server preset), identical but for the module: the same',
    '`app.vue` with `<NuxtPage />` and a `/sign-in` page `<main><h1>Sign in</h1>…</main>`; "with" adds `modules: [\'<repo>/src/module\']`, a',
    'fake publishable key and `<ClientTrustSignIn />` in the page. Neither has @clerk/nuxt, so "with" carries the module\'s whole cost:',
    'what it installs (@clerk/vue\'s plugin, its own plugins, runtime config in the payload), the form and its inlined CSS; the',
    'emulator is off (a production build), and the server render makes no network call. Both servers run on 127.0.0.1 at once;',
    `\`GET /sign-in\` over one keep-alive connection each, alternating between them, ${s.runs} timed requests each after a warm-up`,
    '(time to the last byte, so the loopback HTTP is in both).',
    '',
    '| server | median per request | p99 | HTML bytes | of which inline CSS | RSS after |',
    '|---|---|---|---|---|---|',
    line('with the module', s.with),
    line('without', s.without),
    `| **difference** | **${sign(s.differenceMs)}${ms(s.differenceMs)} (${s.ratio.toFixed(2)}×)** | ${sign(s.with.p99Ms - s.without.p99Ms)}${ms(s.with.p99Ms - s.without.p99Ms)} | ${sign(s.with.htmlBytes - s.without.htmlBytes)}${s.with.htmlBytes - s.without.htmlBytes} | ${sign(s.with.inlineCssBytes - s.without.inlineCssBytes)}${s.with.inlineCssBytes - s.without.inlineCssBytes} | ${sign(s.with.rssMb - s.without.rssMb)}${(s.with.rssMb - s.without.rssMb).toFixed(0)} MB |`,
    '',
    `Of the extra HTML, ${Math.round(100 * (s.with.inlineCssBytes - s.without.inlineCssBytes) / Math.max(1, s.with.htmlBytes - s.without.htmlBytes))} % is inline CSS (the form's styles: Nuxt inlines a page's CSS into its HTML). Both builds took ${s.buildSeconds.toFixed(0)} s (in parallel).`,
  ]
}

export function markdown(r: Results): string {
  const t = r.throughput
  const lines = [
    '# Benchmarks',
    '',
    `Generated by \`${r.env.command}\` on ${r.env.date} (${r.env.source}). Machines are noisy: medians and ratios, not single runs.`,
    '',
    `**Machine:** ${r.env.machine}  `,
    `**Versions:** ${Object.entries(r.env.versions).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    '',
    '![measured / target per metric](./results.svg)',
    '',
    '| metric | measured | target | status |',
    '|---|---|---|---|',
    ...rows(r).map(row => `| ${row.metric.replace(/^ {2}/, '↳ ')} | ${row.measured} | ${row.target} | ${status(row)} |`),
  ]
  lines.push(...weightMarkdown(r.weight, r.coverage))
  lines.push(...browserMarkdown(r.browser))
  lines.push(...throughputSection(t))
  lines.push(...ssrSection(r.ssr), '')
  return lines.join('\n')
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** Horizontal bars of measured / target (log scale, 100 % = target), drawn by hand: no chart dependency. */
export function svg(r: Results): string {
  const data = rows(r).filter(row => !Number.isNaN(row.load))
  const rowH = 26
  const labelW = 240
  const barW = 360
  const top = 34
  const height = top + data.length * rowH + 30
  const width = labelW + barW + 170
  // log2 scale from 1/8× to 8× of the target, the target in the middle.
  const x = (load: number) => labelW + barW * Math.min(1, Math.max(0, (Math.log2(load) + 3) / 6))
  const mid = x(1)
  const bars = data.map((row, i) => {
    const y = top + i * rowH
    const color = met(row) ? '#2e7d32' : '#c62828'
    return [
      `<text x="${labelW - 8}" y="${y + 16}" text-anchor="end">${esc(row.short ?? row.metric)}</text>`,
      `<rect x="${labelW}" y="${y + 5}" width="${(x(row.load) - labelW).toFixed(1)}" height="15" fill="${color}" rx="2"/>`,
      `<text x="${(Math.max(x(row.load), mid) + 6).toFixed(1)}" y="${y + 16}">${esc(row.measured.replace(/ \(.*/, ''))} (${met(row) ? 'met' : over(row)})</text>`,
    ].join('')
  })
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${labelW}" y="18" font-weight="bold">measured ÷ target (log scale; right of the line = target missed)</text>`,
    ...bars,
    `<line x1="${mid}" y1="${top - 4}" x2="${mid}" y2="${height - 24}" stroke="#333" stroke-dasharray="4 3"/>`,
    `<text x="${mid}" y="${height - 10}" text-anchor="middle">target</text>`,
    `<text x="${labelW}" y="${height - 10}">⅛×</text>`,
    `<text x="${labelW + barW}" y="${height - 10}" text-anchor="end">8×</text>`,
    '</svg>',
    '',
  ].join('\n')
}
