import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import vue from '@vitejs/plugin-vue'
import { build } from 'vite'
import type { Rollup } from 'vite'
import { fixturesDir, gzipSize, repoRoot } from './lib'

export interface BundleSize {
  /** What the page loads: the entry chunk and the chunks it imports statically. */
  jsMin: number
  jsGz: number
  cssMin: number
  cssGz: number
  /** Chunks loaded by `import()` only (steps and flows a sign-in may never reach), each gzipped alone. */
  lazy: Array<{ name: string, gz: number }>
  /** Vite's helper for `import()` (`vite/preload-helper`), minified bytes, when the build has one. */
  preloadHelperMin: number
  /** Rendered (pre-minify) bytes per source module of this repo loaded with the page: where the weight comes from. */
  modules: Array<{ id: string, bytes: number }>
}
/** What speaking another language costs, Vue and @clerk/* other than the locale external. */
export interface LanguageWeight {
  /** The English messages alone vs the same plus the Clerk localization adapter. */
  messages: BundleSize
  adapter: BundleSize
  /** weight-with.ts again, with the app importing Clerk's deDE and giving it to Clerk. */
  localized: BundleSize
  /** deDE's own module, minified and gzipped alone. */
  locale: { name: string, gz: number }
}
export interface WeightResult {
  /** Vue and @clerk/* external: only the app's own code. */
  external: { base: BundleSize, headless: BundleSize, with: BundleSize }
  languages: LanguageWeight
  /**
   * Bundled, as an app ships it (clerk-js itself is always a separate script): Vue alone, the app
   * with @clerk/vue and no form, with the hand-written floor (weight-floor.ts), with the same form
   * on the composable (weight-headless.ts), and with `<ClientTrustSignIn>`.
   */
  bundled: { vue: BundleSize, base: BundleSize, floor: BundleSize, headless: BundleSize, with: BundleSize }
  clerkJsGz: number
  clerkJsMin: number
  clerkUi: { version: string, gz: number } | { version: string, unavailable: string }
}

async function buildSize(entry: string, external: boolean): Promise<BundleSize> {
  const result = await build({
    configFile: false,
    root: fixturesDir,
    logLevel: 'silent',
    mode: 'production',
    plugins: [vue()],
    // Production flags as an app would set them (no devtools, no options API stripping: Vue's default).
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      write: false,
      minify: 'esbuild',
      target: 'es2022',
      modulePreload: false,
      rollupOptions: {
        input: join(fixturesDir, entry),
        // A locale is the app's own import: bundled like its code, the rest of @clerk/* external.
        external: external ? [/^vue$/, /^@vue\//, /^@clerk\/(?!localizations)/] : [],
      },
    },
  })
  const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[]
  const items = outputs.flatMap(o => o.output)
  const chunks = new Map(items.filter((i): i is Rollup.OutputChunk => i.type === 'chunk').map(c => [c.fileName, c]))
  // The page's chunks: the entry and what it imports statically, transitively; the rest waits for an import().
  const initial = new Set<string>()
  const visit = (name: string) => {
    if (initial.has(name)) return
    initial.add(name)
    for (const next of chunks.get(name)?.imports ?? []) visit(next)
  }
  for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk.fileName)
  const size: BundleSize = { jsMin: 0, jsGz: 0, cssMin: 0, cssGz: 0, lazy: [], preloadHelperMin: 0, modules: [] }
  for (const item of items) {
    if (item.type === 'chunk') {
      if (!initial.has(item.fileName)) {
        size.lazy.push({ name: item.name, gz: gzipSize(item.code) })
        continue
      }
      size.jsMin += Buffer.byteLength(item.code)
      size.jsGz += gzipSize(item.code)
      for (const [id, info] of Object.entries(item.modules)) {
        if (id.startsWith(join(repoRoot, 'src'))) size.modules.push({ id: relative(repoRoot, id.replace(/\?.*$/, '')), bytes: info.renderedLength })
        if (id.includes('vite/preload-helper')) size.preloadHelperMin += info.renderedLength
      }
    }
    else if (item.fileName.endsWith('.css')) {
      const source = typeof item.source === 'string' ? item.source : Buffer.from(item.source)
      size.cssMin += Buffer.byteLength(source)
      size.cssGz += gzipSize(source)
    }
  }
  size.modules.sort((a, b) => b.bytes - a.bytes)
  size.lazy.sort((a, b) => b.gz - a.gz)
  return size
}

/** The @clerk/ui version @clerk/vue's loader asks for (its `versionSelector` default). */
function clerkUiVersionWanted(): string {
  const require = createRequire(join(repoRoot, 'package.json'))
  const sharedDir = dirname(require.resolve('@clerk/shared/package.json'))
  const loader = readFileSync(join(sharedDir, 'dist/loadClerkJsScript.mjs'), 'utf8')
  return /versionSelector\(__internal_clerkUIVersion,\s*"([^"]+)"\)/.exec(loader)?.[1] ?? 'unknown'
}

function clerkUiSize(): WeightResult['clerkUi'] {
  const version = clerkUiVersionWanted()
  const dir = join(repoRoot, 'node_modules/@clerk/ui')
  if (!existsSync(join(dir, 'package.json'))) {
    return { version, unavailable: `@clerk/ui@${version} is not on the npm registry (npm 404), so it is not installed` }
  }
  const installed = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }
  const bundle = ['dist/ui.browser.js', 'dist/clerk-ui.browser.js', 'dist/ui.js'].map(f => join(dir, f)).find(existsSync)
  if (!bundle) return { version: installed.version, unavailable: 'installed, but no browser bundle found in dist/' }
  return { version: installed.version, gz: gzipSize(readFileSync(bundle)) }
}

export async function measureWeight(): Promise<WeightResult> {
  const clerkJs = readFileSync(join(repoRoot, 'node_modules/@clerk/clerk-js/dist/clerk.browser.js'))
  const deDE = readFileSync(join(repoRoot, 'node_modules/@clerk/localizations/dist/de-DE.mjs'), 'utf8')
  return {
    external: { base: await buildSize('weight-base.ts', true), headless: await buildSize('weight-headless.ts', true), with: await buildSize('weight-with.ts', true) },
    languages: {
      messages: await buildSize('weight-messages.ts', true),
      adapter: await buildSize('weight-adapter.ts', true),
      localized: await buildSize('weight-localized.ts', true),
      locale: { name: '@clerk/localizations/de-DE (dist, as published)', gz: gzipSize(deDE) },
    },
    bundled: {
      vue: await buildSize('weight-vue.ts', false),
      base: await buildSize('weight-base.ts', false),
      floor: await buildSize('weight-floor.ts', false),
      headless: await buildSize('weight-headless.ts', false),
      with: await buildSize('weight-with.ts', false),
    },
    clerkJsMin: clerkJs.length,
    clerkJsGz: gzipSize(clerkJs),
    clerkUi: clerkUiSize(),
  }
}
