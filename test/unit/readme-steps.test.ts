import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { FLOW_EFFECTS } from '../../src/runtime/controller/effects'
import { commands, files, installCommand, readme, section } from '../consumer/readme'

// The README's steps as the consumer suites read them: a quick check that each section still
// has the shape those (slow) suites build apps from.
describe('the README\'s steps', () => {
  it('starts with the two commands of a fresh clone, then the test command', () => {
    expect(commands(readme().split('\n## ')[0]!)).toEqual(['npm install', 'npm run dev', 'npm test'])
  })

  it('Quick setup: one install line, the config and the sign-in page', () => {
    const quick = section('Quick setup')
    expect(installCommand(quick)).toEqual(['npm', 'i', 'nuxt-clerk-client-trust', '@clerk/vue'])
    expect(files(quick).map(f => f.path)).toEqual(['nuxt.config.ts', 'app/pages/sign-in/index.vue'])
    expect(files(quick)[0]!.content).toContain('modules: [\'nuxt-clerk-client-trust\']')
  })

  it('Session tasks: a page for the default tasksUrl beside the sign-in page', () => {
    expect(files(section('Every sign-in status')).map(f => f.path)).toEqual(['app/pages/sign-in/tasks.vue'])
  })

  it('Plain Vue 3: the same install line, main.ts and App.vue, and the emulator CLI', () => {
    const vue = section('Plain Vue 3 (no Nuxt)')
    expect(installCommand(vue)).toEqual(['npm', 'i', 'nuxt-clerk-client-trust', '@clerk/vue'])
    expect(files(vue).map(f => f.path)).toEqual(['src/main.ts', 'src/App.vue'])
    expect(commands(vue).filter(c => c.startsWith('npx nuxt-clerk-client-trust-emulator'))).toHaveLength(1)
  })

  it('Testing your app: one example per kind of app, each with its install line and files', () => {
    const nuxt = section('Nuxt + @nuxt/test-utils')
    expect(installCommand(nuxt)).toEqual(['npm', 'i', '-D', '@nuxt/test-utils', 'vitest@4', 'playwright-core'])
    expect(files(nuxt).map(f => f.path)).toEqual(['test/e2e/sign-in.test.ts'])
    expect(files(nuxt)[0]!.content).toContain('from \'nuxt-clerk-client-trust/testing\'')
    const playwright = section('Nuxt + Playwright')
    expect(installCommand(playwright, cmd => cmd.includes('@playwright/test'))).toEqual(['npm', 'i', '-D', '@playwright/test'])
    expect(commands(playwright)).toContain('npm i @clerk/nuxt')
    expect(commands(section('Languages'))).toContain('npm i @clerk/localizations')
    expect(files(playwright).map(f => f.path)).toEqual(['playwright.config.ts', 'app/middleware/signed-in.ts', 'app/pages/account.vue', 'tests/sign-in.spec.ts'])
    const vite = section('Vite + Vue')
    expect(installCommand(vite)).toEqual(['npm', 'i', '-D', 'vitest@4', 'playwright-core'])
    expect(files(vite).map(f => f.path)).toEqual(['vitest.config.ts', 'test/clerk-emulator.ts', 'test/sign-in.test.ts'])
    expect(section('Beside @clerk/testing')).toContain('| Device Trust (`needs_client_trust`) |')
  })
})

describe('the README\'s Architecture section', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url))
  const architecture = () => section('Architecture')

  it('names only files and folders that exist, and every folder of src/runtime and src/emulator', () => {
    const table = architecture().split('\n').filter(line => line.startsWith('| `'))
    const named = new Set<string>()
    for (const row of table) {
      const [where = '', what = ''] = row.split(' | ')
      const paths = [...where.matchAll(/`([^`]+)`/g)].map(([, path]) => path!)
      for (const path of paths) named.add(path)
      // Files a folder's row names by their bare name (`requests.ts`) live in that folder.
      const folder = paths.length === 1 && paths[0]!.endsWith('/') ? paths[0]! : null
      for (const [, file] of what.matchAll(/`([\w.]+\.(?:ts|vue))`/g)) named.add(`${folder ?? ''}${file}`)
    }
    const missing = [...named].filter(path => /^(?:src|test|playground)\b/.test(path) && !existsSync(join(root, path)))
    expect(missing).toEqual([])
    // A folder says what lives there only if a reader can look it up here.
    const folders = ['src/runtime', 'src/emulator'].flatMap(parent =>
      readdirSync(join(root, parent), { withFileTypes: true }).filter(d => d.isDirectory()).map(d => `${parent}/${d.name}/`))
    expect(folders.filter(folder => ![...named].some(path => path.startsWith(folder)))).toEqual([])
  })

  it('points at the files that hold the controller, the signal, the effects and the memory', () => {
    for (const path of ['src/runtime/controller/signInController.ts', 'src/runtime/controller/clerkSignal.ts', 'src/runtime/controller/effects.ts', 'src/runtime/controller/memory.ts']) {
      expect(architecture()).toContain(path.replace(/^src\/runtime\//, ''))
      expect(existsSync(join(root, path))).toBe(true)
    }
  })

  it('lists every effect of the controller by its name, in the table\'s order', () => {
    const table = architecture().split('| effect | when | what |\n')[1]!.split('\n\n')[0]!
    const rows = table.split('\n').slice(1).map(line => line.split(' | ')[0]!.slice(2))
    expect(rows).toEqual(FLOW_EFFECTS.map(effect => effect.name))
  })
})
