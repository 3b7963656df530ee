import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { ModuleCustomTab } from '@nuxt/devtools-kit/types'
import type { Nuxt } from '@nuxt/schema'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ModuleOptions } from '../../src/module'

// The module's whole setup, against a stand-in Nuxt: the tab must follow the emulator's own
// on/off decision, so this goes through module.ts rather than calling setupDevtoolsTab alone.
const plugins = vi.hoisted(() => [] as Array<{ src: string, mode?: string }>)
vi.mock('@nuxt/kit', async importOriginal => ({
  ...await importOriginal<typeof import('@nuxt/kit')>(),
  defineNuxtModule: (definition: unknown) => definition,
  hasNuxtModule: () => false,
  addComponent: () => {},
  addPlugin: (plugin: { src: string, mode?: string }) => void plugins.push(plugin),
  addImports: () => {},
  addTypeTemplate: () => {},
  addServerHandler: () => {},
}))

// `devtools: true` is valid to Nuxt (its schema says boolean | object), though the key as
// @nuxt/devtools types it is not: hence a type of our own for what a user may write.
interface Build { dev?: boolean, test?: boolean, devtools?: boolean | { enabled?: boolean }, emulator?: boolean, path?: string }

/** The hooks the module's setup added, and the tabs @nuxt/devtools would get by calling its hook. */
async function setUp({ dev = true, test = false, devtools, emulator, path = '/__clerk' }: Build) {
  plugins.length = 0
  const { MODULE_DEFAULTS, default: module } = await import('../../src/module')
  const { setup } = module as unknown as { setup: (options: ModuleOptions, nuxt: Nuxt) => Promise<void> }
  const hooks: Record<string, Array<(...args: unknown[]) => unknown>> = {}
  const nuxt = {
    options: { dev, test, devtools, rootDir: process.cwd(), runtimeConfig: { public: {} }, build: { transpile: [] }, alias: {}, vite: {}, serverHandlers: [] },
    hook: (name: string, fn: (...args: unknown[]) => unknown) => void (hooks[name] ??= []).push(fn),
  } as unknown as Nuxt
  await setup({ ...MODULE_DEFAULTS, emulator: { path, enabled: emulator } }, nuxt)
  const tabs: ModuleCustomTab[] = []
  for (const fn of hooks['devtools:customTabs'] ?? []) await fn(tabs)
  // The plugin through which the page's forms speak to the tab: registered with the tab, or not at all.
  const inspector = plugins.filter(plugin => plugin.src.endsWith('runtime/plugins/inspector.client'))
  expect(inspector.every(plugin => plugin.mode === 'client')).toBe(true)
  expect(inspector.length).toBe(tabs.length)
  return { hooked: Object.keys(hooks), tabs, inspector }
}

const tabsAfterSetup = async (build: Build) => (await setUp(build)).tabs

describe('the Clerk emulator DevTools tab', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  it.each([
    ['Nuxt\'s default (devtools: {})', {}],
    ['devtools: true', true],
    ['devtools: { enabled: true }', { enabled: true }],
  ] as const)('frames the dashboard in nuxi dev with the emulator on and %s', async (_, devtools) => {
    vi.stubEnv('NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY', '')
    expect(await tabsAfterSetup({ devtools })).toEqual([
      { name: 'clerk-emulator', title: 'Clerk emulator', icon: 'i-carbon-locked', view: { type: 'iframe', src: '/__clerk/?devtools' } },
    ])
  })

  it('follows the emulator\'s path, without doubling its trailing slash', async () => {
    vi.stubEnv('NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY', '')
    const [tab] = await tabsAfterSetup({ devtools: true, path: '/dev/clerk/' })
    expect(tab?.view).toEqual({ type: 'iframe', src: '/dev/clerk/?devtools' })
  })

  it.each([
    ['DevTools are off (devtools: false)', { devtools: false }],
    ['DevTools are off (devtools: { enabled: false })', { devtools: { enabled: false } }],
    ['the emulator is off (enabled: false)', { devtools: true, emulator: false }],
  ] satisfies Array<[string, Build]>)('is not added when %s', async (_, build) => {
    vi.stubEnv('NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY', '')
    expect(await tabsAfterSetup(build)).toEqual([])
  })

  it('is not added when a real Clerk key turns the emulator off', async () => {
    vi.stubEnv('NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY', 'pk_test_real')
    expect(await tabsAfterSetup({ devtools: true })).toEqual([])
  })

  it('is not added in a vitest build, where the emulator is on but no DevTools run', async () => {
    vi.stubEnv('NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY', '')
    vi.stubEnv('VITEST', 'true')
    const { hooked, inspector } = await setUp({ dev: false, test: true, devtools: true })
    // The emulator did set up (it hooks modules:done), the tab and its plugin did not.
    expect(hooked).toContain('modules:done')
    expect(hooked).not.toContain('devtools:customTabs')
    expect(inspector).toEqual([])
  })

  it('is not added in a production build, where the emulator never runs', async () => {
    vi.stubEnv('NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY', '')
    expect(await tabsAfterSetup({ dev: false, devtools: true })).toEqual([])
  })

  it('has an icon DevTools ships in its stylesheet: any other is fetched from a CDN', async () => {
    vi.stubEnv('NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY', '')
    const [tab] = await tabsAfterSetup({ devtools: true })
    const client = join(dirname(createRequire(import.meta.url).resolve('@nuxt/devtools/package.json')), 'dist/client/_nuxt')
    const css = readdirSync(client).filter(name => name.endsWith('.css')).map(name => readFileSync(join(client, name), 'utf8')).join('\n')
    expect(tab?.icon).toMatch(/^i-carbon-/)
    expect(css).toContain(`.${tab?.icon}{`)
  })
})
