import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Nuxt } from '@nuxt/schema'
import { describe, expect, expectTypeOf, it, vi } from 'vitest'
import { COMPONENT_NAMES } from '../../src/runtime/components/names'
import type { ComponentName } from '../../src/runtime/components/names'
import type * as VueEntry from '../../src/vue'
import type { ClientTrustSignInEmits, ClientTrustSignInProps, CtsActionProps, CtsActionsProps, CtsFieldEmits, CtsFieldProps, CtsStepEmits, CtsStepHeaderProps, CtsStepProps } from '../../src/vue'
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

/** What a component accepts in a template: its props and `on…` listeners. */
type PropsOf<C> = C extends new () => { $props: infer P } ? P : never
/** The arguments a component's listener `on` gets. */
type ListenerArgs<C, On extends keyof PropsOf<C>> = PropsOf<C>[On] extends ((...args: infer A) => unknown) | undefined ? A : never

describe('given each component\'s file', () => {
  const sfc = (name: string) => readFileSync(`${dir}${name}.vue`, 'utf8')
  const index = readFileSync(`${dir}index.ts`, 'utf8')

  // An app that swaps a part types its own from the part's export (reka-ui's parts do the same).
  it.each(COMPONENT_NAMES)('%s declares its props and events with the types exported under its name', (name) => {
    const source = sfc(name)
    const exported = (type: string) => name === 'ClientTrustSignIn'
      // The root's types sit in types.ts, which /vue exports whole.
      ? readFileSync(`${dir}types.ts`, 'utf8').includes(`export interface ${type} `)
      : new RegExp(`^export type \\{[^}]*\\b${type}\\b[^}]*\\} from '\\./${name}\\.vue'$`, 'm').test(index)
    if (/\bdefine(?:Props|Model)\b/.test(source)) {
      expect(source).toMatch(new RegExp(`\\bdefineProps<(?:Omit<)?${name}Props\\b`))
      expect(exported(`${name}Props`), `export ${name}Props`).toBe(true)
    }
    if (/\bdefine(?:Emits|Model)\b/.test(source)) {
      expect(source).toMatch(new RegExp(`\\b(?:defineEmits<${name}Emits>|export interface ${name}Emits\\b)`))
      expect(exported(`${name}Emits`), `export ${name}Emits`).toBe(true)
    }
  })

  it('types them as the components take them (checked by the compiler)', () => {
    expectTypeOf<ClientTrustSignInProps>().toExtend<PropsOf<typeof VueEntry.ClientTrustSignIn>>()
    expectTypeOf<CtsStepProps>().toExtend<PropsOf<typeof VueEntry.CtsStep>>()
    expectTypeOf<CtsStepHeaderProps>().toExtend<PropsOf<typeof VueEntry.CtsStepHeader>>()
    expectTypeOf<CtsFieldProps>().toExtend<PropsOf<typeof VueEntry.CtsField>>()
    expectTypeOf<CtsActionsProps>().toExtend<PropsOf<typeof VueEntry.CtsActions>>()
    expectTypeOf<CtsActionProps>().toExtend<PropsOf<typeof VueEntry.CtsAction>>()
    expectTypeOf<ListenerArgs<typeof VueEntry.ClientTrustSignIn, 'onComplete'>>().toEqualTypeOf<ClientTrustSignInEmits['complete']>()
    expectTypeOf<ListenerArgs<typeof VueEntry.CtsStep, 'onSubmit'>>().toEqualTypeOf<CtsStepEmits['submit']>()
    expectTypeOf<ListenerArgs<typeof VueEntry.CtsField, 'onUpdate:modelValue'>>().toEqualTypeOf<CtsFieldEmits['update:modelValue']>()
  })
})
