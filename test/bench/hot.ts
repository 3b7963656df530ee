/**
 * `npm run bench:hot`: where each page's email-trust flow spends its function calls and CPU, per
 * function, for finding what to make cheaper (`npm run bench` says how much, this says where).
 * The pages are built unminified so that functions keep their names: the figures are close to
 * the bench's, not the same. Prints, per page, the package's and Vue's top functions.
 *
 *   npm run bench:hot -- --runs 20 --top 25
 *
 * `--no-lazy` has V8 compile every function when its script loads (`--js-flags=--no-lazy`), not
 * when first called: run it beside a run without, and the difference is what compiling the
 * flow's code costs inside the flow.
 */
import './production'
import { parseArgs } from 'node:util'
import { measureBrowser, PAGES } from './browser'
import type { HotFunction, HotFunctions } from './browser'

const { values } = parseArgs({ options: { 'runs': { type: 'string', default: '20' }, 'top': { type: 'string', default: '25' }, 'no-lazy': { type: 'boolean', default: false } } })
const runs = Math.max(1, Number(values.runs) || 20)
const top = Math.max(1, Number(values.top) || 25)

const hot: HotFunctions = new Map()
const result = await measureBrowser({ runs, countRuns: 1, profileRuns: runs, hot, chromiumArgs: values['no-lazy'] ? ['--js-flags=--no-lazy'] : [] })
if (values['no-lazy']) console.log('V8 compiling every function at load (--js-flags=--no-lazy)')
const { callRuns } = result.cpu
const perRun = (f: HotFunction) => ({ calls: f.calls / callRuns, ms: f.selfMs / runs })
for (const page of PAGES) {
  for (const script of ['package', 'vue', 'page'] as const) {
    const rows = [...hot.values()].filter(f => f.page === page && f.script === script)
    if (!rows.length) continue
    const total = rows.reduce((sum, f) => ({ calls: sum.calls + perRun(f).calls, ms: sum.ms + perRun(f).ms }), { calls: 0, ms: 0 })
    console.log(`\n${page}, ${script}: ${total.calls.toFixed(0)} calls, ${total.ms.toFixed(2)} ms self time per flow`)
    // Calls come from precise coverage (a function's offset), time from the sampling profiler (its line:column).
    console.log(' by calls (offset in the chunk):')
    for (const f of rows.filter(f => f.calls).sort((a, b) => b.calls - a.calls).slice(0, top)) console.log(`  ${perRun(f).calls.toFixed(0).padStart(6)}  ${f.name} ${f.at}`)
    console.log(' by self time (line:column in the chunk):')
    for (const f of rows.filter(f => f.selfMs).sort((a, b) => b.selfMs - a.selfMs).slice(0, top)) console.log(`  ${perRun(f).ms.toFixed(3).padStart(6)} ms  ${f.name} ${f.at}`)
  }
}
process.exit(0)
