import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
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
  /** Chunks loaded by `import()` only (steps and flows a sign-in may never reach), each gzipped alone, with the stylesheet only it brings. */
  lazy: Array<{ name: string, gz: number }>
  /** Vite's helper for `import()` (`vite/preload-helper`), minified bytes, when the build has one. */
  preloadHelperMin: number
  /** Rendered (pre-minify) bytes of Vue's own modules in the page: over the app's, the Vue features a form brings. */
  vueRendered: number
  /** With Vue external: what every chunk, lazy ones too, imports from `vue` (bundled, a lazy chunk's Vue features land in the page). */
  vueImports: string[]
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
   * on the composable (weight-headless.ts), with `<ClientTrustSignIn>`, and with the hand-written
   * equivalents of the headless page's logic (weight-headless-by-hand.ts) and of the component
   * (weight-by-hand.ts), report only.
   */
  bundled: { vue: BundleSize, base: BundleSize, floor: BundleSize, headless: BundleSize, headlessByHand: BundleSize, with: BundleSize, byHand: BundleSize }
  clerkJsGz: number
  clerkJsMin: number
  /**
   * Clerk's prebuilt UI (@clerk/ui), which @clerk/vue's `<SignIn/>` downloads at run time: its entry
   * and the chunks named for what a sign-in needs (`framework`, `vendors`, `ui-common`, `signin`).
   */
  clerkUi: { version: string, wanted: string, entryGz: number, signInGz: number, chunks: string[] } | { version: string, unavailable: string }
}

export async function buildSize(entry: string, external: boolean): Promise<BundleSize> {
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
  const size: BundleSize = { jsMin: 0, jsGz: 0, cssMin: 0, cssGz: 0, lazy: [], preloadHelperMin: 0, vueRendered: 0, vueImports: [], modules: [] }
  // A stylesheet goes with the chunks that import it (Vite's metadata): the page's, or a lazy chunk's.
  const cssOf = (chunk: Rollup.OutputChunk) => [...(chunk as { viteMetadata?: { importedCss: Set<string> } }).viteMetadata?.importedCss ?? []]
  const pageCss = new Set([...chunks.values()].filter(c => initial.has(c.fileName)).flatMap(cssOf))
  const assetText = (name: string) => {
    const asset = items.find((i): i is Rollup.OutputAsset => i.type === 'asset' && i.fileName === name)
    return asset ? (typeof asset.source === 'string' ? asset.source : Buffer.from(asset.source)) : ''
  }
  for (const item of items) {
    if (item.type === 'chunk') {
      size.vueImports.push(...(item.importedBindings.vue ?? []))
      if (!initial.has(item.fileName)) {
        const ownCss = cssOf(item).filter(name => !pageCss.has(name))
        size.lazy.push({ name: item.name, gz: gzipSize(item.code) + ownCss.reduce((sum, name) => sum + gzipSize(assetText(name)), 0) })
        continue
      }
      size.jsMin += Buffer.byteLength(item.code)
      size.jsGz += gzipSize(item.code)
      for (const [id, info] of Object.entries(item.modules)) {
        if (id.startsWith(join(repoRoot, 'src'))) size.modules.push({ id: relative(repoRoot, id.replace(/\?.*$/, '')), bytes: info.renderedLength })
        if (id.includes('vite/preload-helper')) size.preloadHelperMin += info.renderedLength
        if (id.includes('/node_modules/@vue/')) size.vueRendered += info.renderedLength
      }
    }
    else if (item.fileName.endsWith('.css') && pageCss.has(item.fileName)) {
      const source = typeof item.source === 'string' ? item.source : Buffer.from(item.source)
      size.cssMin += Buffer.byteLength(source)
      size.cssGz += gzipSize(source)
    }
  }
  size.vueImports = [...new Set(size.vueImports)].sort()
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

/** The published @clerk/ui package, unpacked into a temporary directory (npm registry only, no install). */
function fetchClerkUi(wanted: string): { dir: string, version: string, cleanup: () => void } {
  const installed = join(repoRoot, 'node_modules/@clerk/ui')
  if (existsSync(join(installed, 'package.json'))) {
    return { dir: installed, version: (JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { version: string }).version, cleanup: () => {} }
  }
  const tmp = mkdtempSync(join(tmpdir(), 'cts-bench-clerk-ui-'))
  const cleanup = () => rmSync(tmp, { recursive: true, force: true })
  const pack = (spec: string) => execFileSync('npm', ['pack', spec, '--silent', '--pack-destination', tmp], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  try {
    let file: string
    try {
      file = pack(`@clerk/ui@${wanted}`)
    }
    catch {
      // The version @clerk/vue asks for may not be published (yet): the newest that is.
      file = pack('@clerk/ui')
    }
    execFileSync('tar', ['xzf', join(tmp, file), '-C', tmp], { timeout: 60_000 })
    const dir = join(tmp, 'package')
    return { dir, version: (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version, cleanup }
  }
  catch (error) {
    cleanup()
    throw error
  }
}

function clerkUiSize(): WeightResult['clerkUi'] {
  const wanted = clerkUiVersionWanted()
  let ui: ReturnType<typeof fetchClerkUi>
  try {
    ui = fetchClerkUi(wanted)
  }
  catch (error) {
    return { version: wanted, unavailable: `@clerk/ui could not be fetched from the npm registry (${String(error).split('\n')[0]})` }
  }
  try {
    const dist = join(ui.dir, 'dist')
    const entry = join(dist, 'ui.browser.js')
    if (!existsSync(entry)) return { version: ui.version, unavailable: 'no dist/ui.browser.js in the package' }
    const code = readFileSync(entry, 'utf8')
    // The entry loads chunks of one build variant, named `<name>_ui_<variant>_<version>.js`; the
    // names are put together at run time, from a hash the entry holds (its first six characters).
    const files = readdirSync(dist)
    const variants = new Set(files.map(f => /^[\w-]+_ui_([0-9a-f]{6})_/.exec(f)?.[1]).filter((v): v is string => !!v))
    const variant = [...variants].find(v => code.includes(`"${v}`))
    const chunks = variant
      ? files.filter(f => new RegExp(`^(?:framework|vendors|ui-common|signin)_ui_${variant}_`).test(f))
      : []
    const entryGz = gzipSize(code)
    const signInGz = entryGz + chunks.reduce((sum, f) => sum + gzipSize(readFileSync(join(dist, f))), 0)
    return { version: ui.version, wanted, entryGz, signInGz, chunks: chunks.map(f => f.replace(/_ui_.*$/, '')) }
  }
  finally {
    ui.cleanup()
  }
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
      headlessByHand: await buildSize('weight-headless-by-hand.ts', false),
      with: await buildSize('weight-with.ts', false),
      byHand: await buildSize('weight-by-hand.ts', false),
    },
    clerkJsMin: clerkJs.length,
    clerkJsGz: gzipSize(clerkJs),
    clerkUi: clerkUiSize(),
  }
}
