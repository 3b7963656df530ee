import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { freePort, startServer } from '../helpers/processes'
import { chromiumPath } from '../helpers/chromium'
import { inApp, makeApp, npm, userEnv, versionOf, writeFiles } from './apps'
import { launch, problemsOf, signInWithEmailedCode } from './browser'
import { commands, files, installCommand, section } from './readme'

// A new Vite + Vue 3 app (no Nuxt), installed from the packed tarball and set up as the
// README's "Plain Vue 3" section says, against the standalone emulator started by the CLI
// as printed there.

/** What a new Vite + Vue + TypeScript app has before the README's steps. */
function newVueApp(): Record<string, string> {
  return {
    'package.json': JSON.stringify({
      name: 'consumer-vue',
      private: true,
      type: 'module',
      scripts: { dev: 'vite', build: 'vue-tsc --noEmit && vite build' },
      dependencies: { vue: versionOf('vue') },
      devDependencies: {
        '@vitejs/plugin-vue': versionOf('@vitejs/plugin-vue'),
        'typescript': versionOf('typescript'),
        'vite': versionOf('vite'),
        'vue-tsc': versionOf('vue-tsc'),
      },
    }, null, 2),
    'index.html': '<!doctype html>\n<html lang="en">\n  <head><meta charset="UTF-8"><title>App</title></head>\n  <body>\n    <div id="app"></div>\n    <script type="module" src="/src/main.ts"></script>\n  </body>\n</html>',
    'vite.config.ts': 'import { defineConfig } from \'vite\'\nimport vue from \'@vitejs/plugin-vue\'\n\nexport default defineConfig({ plugins: [vue()] })',
    'tsconfig.json': JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'bundler', lib: ['ES2023', 'DOM'], strict: true, jsx: 'preserve', types: ['vite/client'], skipLibCheck: true, noEmit: true },
      include: ['src/**/*.ts', 'src/**/*.vue'],
    }, null, 2),
    'src/env.d.ts': 'declare module \'*.vue\' {\n  import type { DefineComponent } from \'vue\'\n  const component: DefineComponent\n  export default component\n}',
  }
}

describe('given a new Vite + Vue app set up as the README says, with the CLI emulator', () => {
  let app: string
  let browser: Browser | undefined
  const plainVue = section('Plain Vue 3 (no Nuxt)')

  beforeAll(async () => {
    app = makeApp('vue', newVueApp())
    await npm(app, ['install'])
    await npm(app, installCommand(plainVue))
    writeFiles(app, files(plainVue))
  }, 1_200_000)

  afterAll(async () => {
    await browser?.close()
  })

  it('signs a new device in with the emailed code, using the values the CLI printed', async () => {
    const [emulatorPort, vitePort] = [await freePort(), await freePort()]
    // The README's command, on free ports.
    const cli = commands(plainVue).find(cmd => cmd.startsWith('npx nuxt-clerk-client-trust-emulator'))
    expect(cli, 'the README starts the emulator with npx').toBeDefined()
    const words = cli!.replace('4455', String(emulatorPort)).replace('5173', String(vitePort)).split(/\s+/)
    const emulator = await startServer(words[0]!, words.slice(1), `http://localhost:${emulatorPort}/_stats.json`, { cwd: app, env: userEnv(), timeoutMs: 60_000 })
    try {
      // The two lines the README says to put in .env.development.local, as printed.
      const env = emulator.output().split('\n').map(line => line.trim()).filter(line => /^VITE_CLERK_\w+=/.test(line))
      expect(env.map(line => line.split('=')[0])).toEqual(['VITE_CLERK_PUBLISHABLE_KEY', 'VITE_CLERK_PROXY_URL'])
      expect(env[1]).toBe(`VITE_CLERK_PROXY_URL=http://localhost:${emulatorPort}`)
      writeFileSync(join(app, '.env.development.local'), `${env.join('\n')}\n`)

      const vite = await startServer('npx', ['vite', '--port', String(vitePort), '--strictPort'], `http://localhost:${vitePort}/`, { cwd: app, env: userEnv(), timeoutMs: 120_000, ready: status => status === 200 })
      try {
        browser ??= await launch()
        const page = await browser.newPage()
        const problems = problemsOf(page)
        await page.goto(`http://localhost:${vitePort}/`)
        await signInWithEmailedCode(page, `http://localhost:${emulatorPort}/_outbox.json`, 'jane@example.com')
        await page.getByText('Signed in as Jane').waitFor({ timeout: 30_000 })
        expect(problems).toEqual([])
        await page.close()
      }
      finally {
        await vite.stop()
      }
    }
    finally {
      await emulator.stop()
    }
  })

  it('passes the README\'s Vite + Vue testing example as written (the kit\'s globalSetup and signIn)', async () => {
    const testing = section('Vite + Vue')
    await npm(app, installCommand(testing))
    const written = files(testing)
    expect(written.map(f => f.path)).toEqual(['vitest.config.ts', 'test/clerk-emulator.ts', 'test/sign-in.test.ts'])
    writeFiles(app, written)
    const output = await inApp(app, 'npx', ['vitest', 'run'], 600_000, { CHROMIUM_PATH: chromiumPath })
    expect(output).toMatch(/Tests\s+1 passed/)
  })

  it('builds for production with the form\'s styles, and the steps a sign-in may not reach in their own chunks', async () => {
    // `sideEffects: false` lets an app drop what it does not use: not the styles of the form it shows.
    await inApp(app, 'npx', ['vite', 'build', '--outDir', 'dist-check'], 300_000)
    const assets = join(app, 'dist-check', 'assets')
    const names = readdirSync(assets)
    const css = names.filter(name => name.endsWith('.css')).map(name => readFileSync(join(assets, name), 'utf8')).join('')
    expect(css).toContain('.cts--styled')
    expect(names.some(name => /^CtsMethodsStep-.*\.js$/.test(name))).toBe(true)
    expect(names.some(name => /^CtsEmailLinkStep-.*\.js$/.test(name))).toBe(true)
    expect(names.some(name => /^legacyEmailLink-.*\.js$/.test(name))).toBe(true)
    const entry = names.filter(name => /^index-.*\.js$/.test(name)).map(name => readFileSync(join(assets, name), 'utf8')).join('')
    // The email/SMS path in the page's own chunk, the methods list only in its chunk.
    expect(entry).toContain('current-password')
    expect(entry).toContain('one-time-code')
    expect(entry).not.toContain('select-method')
  })

  it('type-checks with vue-tsc', async () => {
    const output = await inApp(app, 'npx', ['vue-tsc', '--noEmit'], 300_000)
    expect(output).not.toMatch(/error TS/)
  })
})
