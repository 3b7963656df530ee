/**
 * `npm run bench`: what the package costs and how close it is to its targets.
 * Writes test/bench/RESULTS.md and test/bench/results.svg. Not part of `npm test`.
 *
 *   npm run bench -- --runs 50 --seconds 10 --concurrency 16
 */
import './production'
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { measureBrowser } from './browser'
import { measurePathCoverage } from './coverage'
import { benchDir, log, repoRoot, withTimeout } from './lib'
import { markdown, svg } from './report'
import type { Environment } from './report'
import { measureSsr } from './ssr'
import { measureThroughput } from './throughput'
import { measureWeight } from './weight'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
  },
})
const int = (name: string, value: string | undefined, min: number) => {
  const n = Number(value)
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}`)
  return n
}
const runs = int('runs', values.runs, 1)
const seconds = int('seconds', values.seconds, 1)
const concurrency = int('concurrency', values.concurrency, 1)

// The whole run is bounded: if anything hangs past this, fail loudly rather than sit forever.
const watchdog = setTimeout(() => {
  log('the bench did not finish within 15 minutes; giving up')
  process.exit(2)
}, 15 * 60_000)
watchdog.unref()

function version(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version
  }
  catch {
    return 'not installed'
  }
}

function cpuModel(): string {
  const model = cpus()[0]?.model?.trim()
  if (model && model !== 'unknown') return model
  try {
    return /Model name:\s*(.+)/.exec(execFileSync('lscpu', { encoding: 'utf8' }))?.[1]?.trim() ?? 'unknown'
  }
  catch {
    return 'unknown'
  }
}

/** The commit measured, and whether src/ differed from it (read-only: no index refresh, no lock). */
function sourceState(): string {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } }).trim()
    const head = git('rev-parse', '--short', 'HEAD')
    const dirty = git('status', '--porcelain', '--', 'src').length > 0
    return `commit ${head}${dirty ? ' + uncommitted changes in src/' : ''}`
  }
  catch {
    return 'commit unknown (no git)'
  }
}

// Other work on the machine skews every number: record the 1-minute load at start and end.
const load = () => loadavg()[0]!.toFixed(2)

async function main() {
  const started = Date.now()
  const loadAtStart = load()
  const source = sourceState()
  log('1/5 client weight (Vite builds)')
  const weight = await withTimeout('client weight', 120_000, measureWeight())
  log('2-3/5 round trips and overhead (Chromium)')
  const browser = await withTimeout('browser', 600_000, measureBrowser({ runs, countRuns: 3 }))
  log('   what the email/SMS path runs of our code (Chromium, block coverage)')
  const coverage = await withTimeout('coverage', 180_000, measurePathCoverage())
  log(`4/5 emulator throughput against the static ceiling (${concurrency} users, ${seconds} s each)`)
  // Two servers in turn, each: start, 2 s warm-up, 1 s with one user, `seconds` measured.
  const throughput = await withTimeout('throughput', (2 * seconds + 90) * 1000, measureThroughput({ concurrency, seconds, warmupSeconds: 2, maxFlows: 1_000_000 }))
  log('5/5 SSR (two nuxi builds, then both servers)')
  // Each build is bounded at 150 s (they run in parallel), the server starts at 30 s; the requests take seconds.
  const ssr = await withTimeout('ssr', 240_000, measureSsr({ runs: 1000, warmup: 200 }))

  const env: Environment = {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    machine: `${cpus().length} cores (nproc ${execFileSync('nproc', { encoding: 'utf8' }).trim()}), ${cpuModel()}, Node ${process.version}, ${process.platform}/${process.arch}; load average ${loadAtStart} at start, ${load()} at end (> ${cpus().length} means other work competed)`,
    versions: {
      'vue': version('vue'),
      '@clerk/clerk-js': version('@clerk/clerk-js'),
      '@clerk/vue': version('@clerk/vue'),
      'vite': version('vite'),
      '@vitejs/plugin-vue': version('@vitejs/plugin-vue'),
      'h3': version('h3'),
      'jose': version('jose'),
      'Chromium': browser.chromium,
    },
    source,
    command: `npm run bench -- --runs ${runs} --seconds ${seconds} --concurrency ${concurrency}`,
  }
  const results = { env, weight, browser, coverage, throughput, ssr }
  writeFileSync(join(benchDir, 'RESULTS.md'), markdown(results))
  writeFileSync(join(benchDir, 'results.svg'), svg(results))
  log(`wrote test/bench/RESULTS.md and test/bench/results.svg in ${((Date.now() - started) / 1000).toFixed(0)} s`)
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    log(`failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`)
    process.exit(1)
  },
)
