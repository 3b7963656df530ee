import { existsSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Nuxt } from '@nuxt/schema'
import { describe, expect, expectTypeOf, it, vi } from 'vitest'
import { COMPONENT_NAMES } from '../../src/runtime/components/names'
import type { ComponentName } from '../../src/runtime/components/names'
import type * as VueEntry from '../../src/vue'
import type { ModuleOptions } from '../../src/module'

// The component surface comes from one list (src/runtime/components/names.ts): the files, what
// the Nuxt module registers and what `nuxt-clerk-client-trust/vue` exports all follow it.

const registered = vi.hoisted(() => [] as Array<{ name: string, filePath: string }>)
vi.mock('@nuxt/kit', async importOriginal => ({
  ...await importOriginal<typeof import('@nuxt/kit')>(),
  // The module's definition as written, so its setup runs against the stand-in Nuxt below.
  defineNuxtModule: (definition: unknown) => definition,
  hasNuxtModule: () => true,
  addComponent: (component: { name: string, filePath: string }) => void registered.push(component),
  addPlugin: () => {},
  addImports: () => {},
  addTypeTemplate: () => {},
}))

const dir = fileURLToPath(new URL('../../src/runtime/components/', import.meta.url))

describe('the list of components', () => {
  it('names every .vue file of src/runtime/components, once', () => {
    const files = readdirSync(dir).filter(file => file.endsWith('.vue')).map(file => file.slice(0, -'.vue'.length))
    expect([...COMPONENT_NAMES].sort()).toEqual(files.sort())
    expect(new Set(COMPONENT_NAMES).size).toBe(COMPONENT_NAMES.length)
  })

  it('is what the Nuxt module registers, each with the app\'s prefix, from its own file', async () => {
    const { MODULE_DEFAULTS, default: module } = await import('../../src/module')
    const { setup } = module as unknown as { setup: (options: ModuleOptions, nuxt: Nuxt) => Promise<void> }
    const nuxt = { options: { dev: false, runtimeConfig: { public: {} }, build: { transpile: [] }, alias: {} } } as unknown as Nuxt
    await setup({ ...MODULE_DEFAULTS, prefix: 'My', emulator: { path: '/__clerk', enabled: false } }, nuxt)
    expect(registered.map(({ name }) => name)).toEqual(COMPONENT_NAMES.map(name => `My${name}`))
    for (const [i, name] of COMPONENT_NAMES.entries()) {
      expect(registered[i]!.filePath).toBe(`${dir}${name}.vue`)
      expect(existsSync(registered[i]!.filePath), name).toBe(true)
    }
  })

  it('is what nuxt-clerk-client-trust/vue exports, each name the component of that file', async () => {
    const vue: Record<string, unknown> = await import('../../src/vue')
    expect(Object.keys(vue).filter(name => /^(?:ClientTrustSignIn|Cts)/.test(name)).sort()).toEqual([...COMPONENT_NAMES].sort())
    for (const name of COMPONENT_NAMES) expect((vue[name] as { __name?: string }).__name, name).toBe(name)
    // Checked by the compiler too (vue-tsc -b covers test/): a name /vue does not export fails here.
    expectTypeOf<Pick<typeof VueEntry, ComponentName>>().not.toBeNever()
  })
})
