import { mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildFixtures } from './build'
import { Cleanup, fixturesDir, median, repoRoot } from './lib'

export interface SsrResult { runs: number, emptyMs: number, signInMs: number, ratio: number, htmlBytes: number }

/** Builds fixtures/ssr-entry.ts with Vite's SSR build and times `renderToString`, alternating pages. */
export async function measureSsr(options: { runs: number, warmup: number }): Promise<SsrResult> {
  const cleanup = new Cleanup()
  try {
    // Inside node_modules so the externalized vue / @clerk/vue imports of the bundle resolve.
    const outDir = join(repoRoot, 'node_modules/.cache/cts-bench-ssr')
    mkdirSync(outDir, { recursive: true })
    cleanup.add(() => rmSync(outDir, { recursive: true, force: true }))
    await buildFixtures({ ssr: join(fixturesDir, 'ssr-entry.ts'), outDir, rollupOptions: { output: { entryFileNames: 'ssr-entry.mjs' } } })
    const entry = await import(pathToFileURL(join(outDir, 'ssr-entry.mjs')).href) as { renderEmpty(): Promise<string>, renderSignIn(): Promise<string> }
    const html = await entry.renderSignIn()
    if (!html.includes('data-step="loading"')) throw new Error(`SSR output has no sign-in form: ${html.slice(0, 300)}`)
    const empty: number[] = []
    const signIn: number[] = []
    // Alternating the two pages spreads GC pauses and CPU frequency changes over both.
    for (let i = 0; i < options.warmup + options.runs; i++) {
      for (const [render, into] of [[entry.renderEmpty, empty], [entry.renderSignIn, signIn]] as const) {
        const t0 = performance.now()
        await render()
        if (i >= options.warmup) into.push(performance.now() - t0)
      }
    }
    const emptyMs = median(empty)
    const signInMs = median(signIn)
    return { runs: options.runs, emptyMs, signInMs, ratio: signInMs / emptyMs, htmlBytes: Buffer.byteLength(html) }
  }
  finally {
    await cleanup.run()
  }
}
