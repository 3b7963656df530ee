// The weight part of RESULTS.md: the three forms against the hand-written floor, all on the same
// Vue + @clerk/vue app, what the page loads kept apart from what loads on demand.
import { HAND_WRITTEN } from './browser'
import { sum } from './coverage'
import type { ModuleCoverage, PageCoverage, PathCoverage } from './coverage'
import { kb } from './lib'
import type { BundleSize, WeightResult } from './weight'

/**
 * The weight targets (issue #25), in kB gz added to the app on the English email/SMS path; chunks
 * loaded on demand are listed apart.
 */
export const WEIGHT_TARGETS = { headlessKb: 7.5, componentKb: 13 }

/** A summary row, as report.ts draws it: `load` = measured / target, > 1 means missed. */
export interface WeightRow { metric: string, measured: string, target: string, load: number, short?: string }

const page = (b: BundleSize) => b.jsGz + b.cssGz
const lazyTotal = (b: BundleSize) => b.lazy.reduce((sum, c) => sum + c.gz, 0)

/** What a form adds, JS + CSS gz of what the page loads, to the same app without a form (Vue + @clerk/vue's plugin). */
export function floorRatios(w: WeightResult) {
  const base = page(w.bundled.base)
  const floor = page(w.bundled.floor) - base
  const headless = page(w.bundled.headless) - base
  const component = page(w.bundled.with) - base
  const headlessByHand = page(w.bundled.headlessByHand) - base
  const byHand = page(w.bundled.byHand) - base
  return { floor, headless, headlessByHand, component, byHand, headlessRatio: headless / floor, componentRatio: component / floor, byHandRatio: byHand / floor }
}

export function weightRows(w: WeightResult): WeightRow[] {
  const f = floorRatios(w)
  return [
    { metric: 'Added weight, hand-written floor (JS + CSS gz the page loads, over Vue + @clerk/vue)', measured: kb(f.floor), target: 'the floor', load: Number.NaN },
    { metric: 'Added weight, headless `useClientTrustSignIn`', measured: `${kb(f.headless)} (${f.headlessRatio.toFixed(1)}× the floor, ${(f.headless / f.headlessByHand).toFixed(1)}× its hand-written equivalent)`, target: `≤ ${WEIGHT_TARGETS.headlessKb} kB`, load: f.headless / 1024 / WEIGHT_TARGETS.headlessKb, short: 'headless weight (gz)' },
    { metric: '  the headless page\'s hand-written equivalent (the same form, the email/SMS path\'s logic written for one app, `headless-by-hand.ts`)', measured: `${kb(f.headlessByHand)} (${(f.headlessByHand / f.floor).toFixed(1)}× the floor; the target ${(WEIGHT_TARGETS.headlessKb * 1024 / f.headlessByHand).toFixed(1)}× it, headless ${(f.headless / f.headlessByHand).toFixed(1)}× it)`, target: 'report only', load: Number.NaN },
    { metric: 'Added weight, `<ClientTrustSignIn>`', measured: `${kb(f.component)} (${f.componentRatio.toFixed(1)}× the floor, ${(f.component / f.byHand).toFixed(1)}× its hand-written equivalent)`, target: `≤ ${WEIGHT_TARGETS.componentKb} kB`, load: f.component / 1024 / WEIGHT_TARGETS.componentKb, short: 'component weight (gz)' },
    { metric: '  the component\'s hand-written equivalent (same DOM and CSS on the email-trust path, `by-hand.ts`)', measured: `${kb(f.byHand)} (${f.byHandRatio.toFixed(1)}× the floor; the component ${(f.component / f.byHand).toFixed(1)}× it)`, target: 'report only', load: Number.NaN },
    ...('entryGz' in w.clerkUi
      ? [{ metric: `  Clerk's prebuilt \`<SignIn/>\` (@clerk/ui ${w.clerkUi.version}, downloaded at run time)`, measured: `${kb(w.clerkUi.signInGz)} (${(w.clerkUi.signInGz / f.floor).toFixed(0)}× the floor)`, target: 'report only', load: Number.NaN }]
      : []),
  ]
}

const lazyCell = (b: BundleSize) => b.lazy.length ? b.lazy.map(c => `${c.name} ${kb(c.gz)}`).join(', ') : '–'

/** Where a module of ours lives (its folder), as the README's Architecture names it. */
const HOMES = [
  { label: 'the composable', folder: '/composables/' },
  { label: 'the controller (`controller/`)', folder: '/controller/' },
  { label: 'components', folder: '/components/' },
  { label: '`core/` (the email/SMS path\'s English, errors, flow rules, redirects)', folder: '/core/' },
] as const
const OTHER_HOME = 'settings, config, entry'
const homeOf = (id: string) => HOMES.find(home => id.includes(home.folder))?.label ?? OTHER_HOME
const homeLabels = [...HOMES.map(home => home.label), OTHER_HOME]

/** Shares of our rendered modules in a build, grouped by home. */
function shares(b: BundleSize): string {
  const all = b.modules.reduce((sum, m) => sum + m.bytes, 0)
  return homeLabels.map((label) => {
    const members = b.modules.filter(m => homeOf(m.id) === label)
    if (!members.length) return null
    const bytes = members.reduce((sum, m) => sum + m.bytes, 0)
    return `${label} ${Math.round(100 * bytes / all)} % (${[...new Set(members.map(m => m.id.replace(/^.*\//, '')))].slice(0, 6).join(', ')})`
  }).filter(Boolean).join('; ')
}

/**
 * What the email/SMS path runs of our code on each page (coverage.ts), by home, and what that
 * leaves of a weight target: the code it never ran is the most that moving code on demand could
 * take off the page.
 */
function coverageMarkdown(c: PathCoverage, added: Record<'headless' | 'component', number>): string[] {
  const pages = c.pages.filter((p): p is PageCoverage & { page: 'headless' | 'component' } => p.page === 'headless' || p.page === 'component')
  const cell = (modules: ModuleCoverage[]) => {
    const bytes = sum(modules, 'bytes')
    return bytes ? `${kb(bytes)}, ${Math.round(100 * sum(modules, 'ran') / bytes)} % ran` : '–'
  }
  const targetKb = { headless: WEIGHT_TARGETS.headlessKb, component: WEIGHT_TARGETS.componentKb }
  const lines = [
    '',
    '### What the email/SMS path runs',
    '',
    `V8's block coverage in Chromium (\`coverage.ts\`), the bench pages built again with one chunk per module of ours,`,
    `minified: the bytes that ran while the real clerk-js went through ${c.flows.join(' and ')},`,
    'from before the page loaded until finalize (module top levels and string tables count as run). What never ran is code',
    'only another step, a fault or another setting needs: more than moving code on demand could take off the page (each chunk needs',
    'its loader, and a fault the path did not meet still needs its code), so what is left is a floor.',
    '',
    `| our code (minified) | ${pages.map(p => p.page).join(' | ')} |`,
    `|---|${pages.map(() => '---').join('|')}|`,
    ...homeLabels.map(label => `| ${label} | ${pages.map(p => cell(p.modules.filter(m => homeOf(m.id) === label))).join(' | ')} |`),
    `| **all** | ${pages.map(p => cell(p.modules)).join(' | ')} |`,
    `| gz, module chunks concatenated: all → only what ran | ${pages.map(p => `${kb(p.gz)} → ${kb(p.ranGz)}`).join(' | ')} |`,
    '',
  ]
  for (const p of pages) {
    const target = targetKb[p.page] * 1024
    const neverRan = p.gz - p.ranGz
    const best = added[p.page] - neverRan
    lines.push(`- ${p.page}: with every byte the path never ran on demand, the page would still add about ${kb(best)} `
      + `(${kb(added[p.page])} − ${kb(neverRan)})${best > target
        ? `, over the ${targetKb[p.page]} kB target: the code the path runs (${kb(p.ranGz)}) would also have to lose at least ${kb(best - target)}, ${Math.round(100 * (best - target) / p.ranGz)} % of it`
        : `, within the ${targetKb[p.page]} kB target`}.`)
  }
  return lines
}

export function weightMarkdown(w: WeightResult, coverage: PathCoverage): string[] {
  const f = floorRatios(w)
  const base = page(w.bundled.base)
  const row = (name: string, b: BundleSize, ratio: string) =>
    `| ${name} | ${kb(b.jsGz)} | ${kb(b.cssGz)} | ${kb(page(b) - base)} | ${ratio} | ${lazyCell(b)} |`
  const lines = [
    '',
    '## 1. Client weight',
    '',
    'Real Vite production builds (esbuild minify, gzip -9) of a minimal plain-Vue app, everything bundled as an app ships',
    'it. Every form sits on the same app: Vue with @clerk/vue\'s `clerkPlugin` and no form (`weight-base.ts`), which any Vue',
    'app on Clerk has (this package requires it; a hand-written form reads Clerk through its `useClerk()`). A form\'s',
    'cost is what it adds to that app, JS + CSS gz of what the page loads: the Vue and @clerk/vue parts it pulls',
    'included. Chunks loaded by `import()` only (steps a sign-in may never reach) are listed apart, gzipped alone.',
    'The floor is the smallest hand-written form on Clerk\'s signal API (`test/bench/fixtures/floor.ts`: password,',
    'send the email code, verify, finalize; no error mapping, no resend, no other status); the headless build is the same',
    'markup (`form-view.ts`) on `useClientTrustSignIn` (`headless.ts`); the component is `<ClientTrustSignIn>`',
    '(`weight-with.ts`). All built in the same run. For scale, not targets, two hand-written equivalents: of the headless',
    `page (${HAND_WRITTEN['headless-by-hand']}) and of the component (${HAND_WRITTEN['by-hand']}).`,
    '',
    '| build (bundled) | page JS gz | page CSS gz | added to the app | ÷ floor | on demand (gz) |',
    '|---|---|---|---|---|---|',
    `| Vue alone | ${kb(w.bundled.vue.jsGz)} | ${kb(w.bundled.vue.cssGz)} | – | – | – |`,
    `| the app: Vue + @clerk/vue's plugin, no form | ${kb(w.bundled.base.jsGz)} | ${kb(w.bundled.base.cssGz)} | – (the plugin: ${kb(base - page(w.bundled.vue))} over Vue alone) | – | – |`,
    row('hand-written floor', w.bundled.floor, '1.0×'),
    row('headless `useClientTrustSignIn`', w.bundled.headless, `${f.headlessRatio.toFixed(1)}×`),
    row('the headless page\'s hand-written equivalent (report only)', w.bundled.headlessByHand, `${(f.headlessByHand / f.floor).toFixed(1)}×`),
    row('`<ClientTrustSignIn>`', w.bundled.with, `${f.componentRatio.toFixed(1)}×`),
    row('the component\'s hand-written equivalent (report only)', w.bundled.byHand, `${f.byHandRatio.toFixed(1)}×`),
    '',
    'Our own modules alone, with Vue and @clerk/* external:',
    '',
    '| build | page JS min | page JS gz | CSS gz | on demand (gz) |',
    '|---|---|---|---|---|',
    `| without the component | ${kb(w.external.base.jsMin)} | ${kb(w.external.base.jsGz)} | ${kb(w.external.base.cssGz)} | – |`,
    `| with the component | ${kb(w.external.with.jsMin)} | ${kb(w.external.with.jsGz)} | ${kb(w.external.with.cssGz)} | ${kb(lazyTotal(w.external.with))} |`,
    `| **ours (difference)** | ${kb(w.external.with.jsMin - w.external.base.jsMin)} | **${kb(w.external.with.jsGz - w.external.base.jsGz)}** | **${kb(w.external.with.cssGz - w.external.base.cssGz)}** | |`,
    `| @clerk/clerk-js \`dist/clerk.browser.js\` (loaded by @clerk/vue at run time) | ${kb(w.clerkJsMin)} | ${kb(w.clerkJsGz)} | – | – |`,
    'entryGz' in w.clerkUi
      ? `| Clerk's prebuilt \`<SignIn/>\`: @clerk/ui ${w.clerkUi.version} \`ui.browser.js\` + ${w.clerkUi.chunks.join(', ')} chunks (downloaded at run time) | – | ${kb(w.clerkUi.signInGz)} | – | – |`
      : `| Clerk's prebuilt \`<SignIn/>\` (@clerk/ui ${w.clerkUi.version}) | unavailable: ${w.clerkUi.unavailable} | | | |`,
    '',
    ...('entryGz' in w.clerkUi
      ? [`Against Clerk's prebuilt UI: \`<ClientTrustSignIn>\` adds ${kb(f.component)} to the page, `
        + `${(w.clerkUi.signInGz / f.component).toFixed(0)}× less than the ${kb(w.clerkUi.signInGz)} of @clerk/ui ${w.clerkUi.version} that @clerk/vue's \`<SignIn/>\` downloads`
        + ` (its entry, ${kb(w.clerkUi.entryGz)}, and the chunks named ${w.clerkUi.chunks.join(', ')}: by name, not a network trace`
        + `${w.clerkUi.version === w.clerkUi.wanted ? '' : `; @clerk/vue asks for ${w.clerkUi.wanted}, not on the npm registry, so the newest published is measured`}).`, '']
      : []),
    `Largest of our modules in the component's page (rendered, before minify): ${w.external.with.modules.slice(0, 6).map(m => `\`${m.id}\` ${kb(m.bytes)}`).join(', ')}.`,
  ]
  const vueOver = (b: { vueRendered: number }) => kb(b.vueRendered - w.bundled.base.vueRendered)
  lines.push('', `Vue's own code each form brings into the page, over the app's (rendered, before minify; directives, \`v-for\`,`
  + ` interpolation, lazy components, the template helpers): the floor ${vueOver(w.bundled.floor)}, headless ${vueOver(w.bundled.headless)},`
  + ` \`<ClientTrustSignIn>\` ${vueOver(w.bundled.with)}, its hand-written equivalent ${vueOver(w.bundled.byHand)}. A Vue feature used only by a`
  + ' lazy step still lands in the page, with the rest of Vue.')
  if (w.bundled.with.preloadHelperMin > 0) {
    lines.push('', `The lazy chunks bring Vite's \`import()\` helper into the page (${kb(w.bundled.with.preloadHelperMin)} rendered, counted above); an app`
    + ' with any lazy route (every Nuxt app, vue-router\'s lazy routes) ships it already.')
  }
  const headlessMax = WEIGHT_TARGETS.headlessKb * 1024
  const componentMax = WEIGHT_TARGETS.componentKb * 1024
  if (f.headless > headlessMax || f.component > componentMax) {
    lines.push('', `**Targets:** headless ${f.headless > headlessMax ? `missed by ${kb(f.headless - headlessMax)}` : 'met'} (${kb(f.headless)} vs ≤ ${WEIGHT_TARGETS.headlessKb} kB), `
    + `component ${f.component > componentMax ? `missed by ${kb(f.component - componentMax)}` : 'met'} (${kb(f.component)} vs ≤ ${WEIGHT_TARGETS.componentKb} kB). `
    + `The floor handles one status and no error; the headless build is the whole flow: every sign-in status, MFA, factor`
    + ` choice, resend cooldown, persistence across reloads, error mapping with English messages, redirect checks; what only`
    + ' MFA, email links, other methods, the password reset and other languages need comes on demand (the column above). Its page'
    + ` (shares of our rendered modules): ${shares(w.external.headless)}. The component adds the steps and their CSS:`
    + ` ${shares(w.external.with)}. For scale: the component's page is ${(100 * f.component / w.clerkJsGz).toFixed(1)} % of the clerk-js`
    + ' bundle every Clerk app downloads anyway.')
  }
  lines.push(...coverageMarkdown(coverage, { headless: f.headless, component: f.component }))
  lines.push(
    '',
    '### Languages',
    '',
    'The Clerk localization adapter (how the form follows Clerk\'s `localization`) is a chunk of its own: an English app',
    'never downloads it, a localized one loads it (with the whole English table, its fallback) before the form\'s first step;',
    'a language is the app\'s own import of one `@clerk/localizations` module, tree-shaken per language.',
    '',
    '| build | JS min | JS gz |',
    '|---|---|---|',
    `| English messages alone | ${kb(w.languages.messages.jsMin)} | ${kb(w.languages.messages.jsGz)} |`,
    `| + the adapter (\`messagesFromClerk\`) | ${kb(w.languages.adapter.jsMin)} | ${kb(w.languages.adapter.jsGz)} |`,
    `| **adapter (difference)** | ${kb(w.languages.adapter.jsMin - w.languages.messages.jsMin)} | **${kb(w.languages.adapter.jsGz - w.languages.messages.jsGz)}** |`,
    `| the component app above, with Clerk given \`deDE\` | ${kb(w.languages.localized.jsMin)} | ${kb(w.languages.localized.jsGz)} |`,
    `| **one locale, deDE (difference)** | ${kb(w.languages.localized.jsMin - w.external.with.jsMin)} | **${kb(w.languages.localized.jsGz - w.external.with.jsGz)}** |`,
    `| ${w.languages.locale.name}, alone | – | ${kb(w.languages.locale.gz)} |`,
    '',
    'The locale is Clerk\'s whole table for every prebuilt component (sign-up, user profile, billing…), of which the form',
    'reads about 50 strings; apps that pass it to Clerk pay it once, for Clerk\'s UI and this form alike.',
  )
  return lines
}
