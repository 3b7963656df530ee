/**
 * Which of our code the email/SMS path runs, from V8's block coverage in Chromium: what moving
 * code on demand could still take off the page, and what would have to be written in less code.
 *
 * The bench pages are built again with one chunk per source module (minified, as measured for
 * weight), so a page loads exactly the modules it uses. Each page goes through the email/SMS
 * path on the real clerk-js against the emulator: an email sign-in with one wrong code, then the
 * right one, and an SMS sign-in; coverage runs from before the page loads until finalize. A byte
 * "ran" if any of these flows executed it (module top levels, string tables and declarations
 * included); a byte that never ran is code only another step, a fault or another setting needs.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { atStep, clickContinue, FIXED_CODE, fillPassword, finalized, newDevice, openBenchPages, openForm } from './browser'
import type { PageName } from './browser'
import { Cleanup, gzipSize, log, withTimeout } from './lib'

/** One source module on one page: its minified bytes and those the path ran. */
export interface ModuleCoverage { id: string, bytes: number, ran: number }
export interface PageCoverage {
  page: PageName
  modules: ModuleCoverage[]
  /** Our module chunks concatenated, gzipped; and only the bytes that ran, concatenated, gzipped. */
  gz: number
  ranGz: number
}
export interface PathCoverage { flows: string[], pages: PageCoverage[] }

const COVERED: readonly PageName[] = ['headless', 'component']
const FLOWS = ['an email sign-in (one wrong code, then the right one)', 'an SMS sign-in'] as const
const WRONG_CODE = '111111'

interface CoverageRange { startOffset: number, endOffset: number, count: number }
interface ScriptCoverage { url: string, functions: Array<{ ranges: CoverageRange[] }> }

/**
 * Marks the bytes of one script that ran. V8 lists nested ranges after the ones holding them; a
 * byte's count is that of the innermost range, so painting outer to inner leaves it.
 */
export function ranBytes(script: ScriptCoverage, length: number): Uint8Array {
  const counts = new Int32Array(length).fill(1)
  const ranges = script.functions.flatMap(f => f.ranges)
    .sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset)
  for (const r of ranges) counts.fill(r.count, r.startOffset, Math.min(r.endOffset, length))
  return Uint8Array.from(counts, count => (count > 0 ? 1 : 0))
}

export async function measurePathCoverage(): Promise<PathCoverage> {
  const cleanup = new Cleanup()
  try {
    const { outDir, origin, browser } = await openBenchPages(cleanup, { minify: true, modules: true })
    const pages: PageCoverage[] = []
    for (const page of COVERED) pages.push(await coverPage(browser, origin, outDir, page))
    return { flows: [...FLOWS], pages }
  }
  finally {
    await cleanup.run()
  }
}

async function coverPage(browser: Browser, origin: string, outDir: string, kind: PageName): Promise<PageCoverage> {
  const ran = new Map<string, Uint8Array>()
  for (const flow of FLOWS) {
    const device = await newDevice(browser, kind, origin)
    try {
      await withTimeout(`coverage, ${flow} (${kind})`, 30_000, (async () => {
        const { page } = device
        const session = await device.context.newCDPSession(page)
        await session.send('Profiler.enable')
        await session.send('Profiler.startPreciseCoverage', { callCount: false, detailed: true })
        await openForm(device)
        // The floor's markup asks for an email address; the SMS sign-in types a phone number.
        await page.evaluate(() => document.querySelector('form')?.setAttribute('novalidate', ''))
        await fillPassword(page, flow === FLOWS[1] ? '+15555550100' : 'jane@example.com')
        await clickContinue(page)
        await atStep(page, 'verify')
        const code = page.locator('input[autocomplete="one-time-code"]')
        // The component submits by itself at the sixth digit; the headless form on Continue.
        const submit = async (value: string) => {
          await code.fill(value)
          if (kind !== 'component') await clickContinue(page)
        }
        if (flow === FLOWS[0]) {
          await submit(WRONG_CODE)
          await page.getByText('Incorrect, try again').first().waitFor()
        }
        await submit(FIXED_CODE)
        await finalized(page)
        const { result } = await session.send('Profiler.takePreciseCoverage') as { result: ScriptCoverage[] }
        await session.send('Profiler.stopPreciseCoverage')
        for (const script of result) {
          const file = /\/assets\/(package~[^/]+)$/.exec(script.url)?.[1]
          if (!file) continue
          const length = readFileSync(join(outDir, 'assets', file), 'utf8').length
          const bytes = ranBytes(script, length)
          const seen = ran.get(file)
          if (seen) for (let i = 0; i < length; i++) seen[i]! |= bytes[i]!
          else ran.set(file, bytes)
        }
      })())
    }
    finally {
      await device.context.close()
    }
  }
  const modules: ModuleCoverage[] = []
  let all = ''
  let kept = ''
  for (const [file, bytes] of ran) {
    const source = readFileSync(join(outDir, 'assets', file), 'utf8')
    let ranCount = 0
    for (let i = 0; i < source.length; i++) {
      if (!bytes[i]) continue
      ranCount++
      kept += source[i]
    }
    all += source
    // package~runtime~core~errors.ts-<hash>.js → runtime/core/errors.ts
    modules.push({ id: file.slice('package~'.length).replace(/-[\w-]+\.js$/, '').replaceAll('~', '/'), bytes: source.length, ran: ranCount })
  }
  if (!modules.length) throw new Error(`coverage (${kind}): no module chunk of the package was loaded`)
  modules.sort((a, b) => b.bytes - a.bytes)
  const result = { page: kind, modules, gz: gzipSize(all), ranGz: gzipSize(kept) }
  log(`coverage, ${kind}: ran ${sum(modules, 'ran')} of ${sum(modules, 'bytes')} minified bytes; gz ${result.ranGz} of ${result.gz}`)
  return result
}

export const sum = (modules: ModuleCoverage[], key: 'bytes' | 'ran') => modules.reduce((total, m) => total + m[key], 0)
