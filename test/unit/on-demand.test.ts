import { describe, expect, it } from 'vitest'
import { buildSize } from '../bench/weight'
import type { BundleSize } from '../bench/weight'

// What an English sign-in on the email/SMS path never needs is downloaded when a sign-in first
// needs it: built here as an app builds it (the bench's Vite build of its fixtures), so a static
// import that pulls one of these back into the page fails this test, not only the bench's figures.
const ON_DEMAND = {
  // The Clerk localization adapter: a Clerk localization given to the form, or to Clerk.
  'src/runtime/core/clerkLocalization.ts': 'clerkLocalization',
  // The email-link flow (clerk-js' legacy resource).
  'src/runtime/controller/legacyEmailLink.ts': 'legacyEmailLink',
  // Clerk Protect's challenge runner (and its URL and expiry checks), when a challenge is first due.
  'src/runtime/controller/protectCheck.ts': 'protectCheck',
  'src/runtime/core/protectCheck.ts': 'protectCheck',
  // The actions off the path: "Forgot password?", the new password, picking another method.
  'src/runtime/controller/offPathActions.ts': 'offPathActions',
  // The new password's rule check, with the password reset.
  'src/runtime/core/passwordCheck.ts': 'passwordCheck',
  // The English of MFA, email links, other methods and the password reset.
  'src/runtime/core/defaultMessages.ts': 'defaultMessages',
}
// Dev only (the Nuxt DevTools tab's plugin): never in an app's page, not even on demand.
const DEV_ONLY = ['src/runtime/controller/inspector.ts']
const ON_DEMAND_STEPS = {
  'src/runtime/components/CtsMethodsStep.vue': 'CtsMethodsStep',
  'src/runtime/components/CtsEmailLinkStep.vue': 'CtsEmailLinkStep',
  'src/runtime/components/CtsNewPasswordStep.vue': 'CtsNewPasswordStep',
}

// Vue features a form may not bring into the page (they would land there with the rest of Vue,
// for a lazy step too): Vue's async-component wrapper (its options and hydration strategies; the
// form loads its lazy steps itself), `defineModel`'s `useModel`, the checkbox, radio and select
// directives `v-model` brings on an input whose `type` is bound (`vModelDynamic`), and the helpers
// of an event modifier (`.prevent`: every modifier's guard), of `<component :is>` and of
// `useTemplateRef`, each standing in for one line of the form's own.
const VUE_NOT_IN_PAGE = ['defineAsyncComponent', 'useModel', 'mergeModels', 'vModelDynamic', 'vModelCheckbox', 'vModelRadio', 'vModelSelect', 'withModifiers', 'resolveDynamicComponent', 'useTemplateRef']

const pageModules = (build: BundleSize) => build.modules.map(m => m.id)
const lazyChunks = (build: BundleSize) => build.lazy.map(c => c.name)

describe('given the apps the bench weighs (Vue and @clerk/* external)', () => {
  it('keeps the adapter, the email-link flow and the English off the email/SMS path out of the headless page, in chunks of their own', async () => {
    const headless = await buildSize('weight-headless.ts', true)
    // The page is the composable's: a build that lost it would pass the checks below for nothing.
    expect(pageModules(headless)).toContain('src/runtime/controller/signInController.ts')
    for (const [module, chunk] of Object.entries(ON_DEMAND)) {
      expect(pageModules(headless)).not.toContain(module)
      expect(lazyChunks(headless)).toContain(chunk)
    }
    for (const module of DEV_ONLY) expect(pageModules(headless)).not.toContain(module)
  }, 60_000)

  it('keeps them and the steps off the email/SMS path out of the component\'s page', async () => {
    const component = await buildSize('weight-with.ts', true)
    expect(pageModules(component)).toContain('src/runtime/components/CtsCodeStep.vue')
    for (const [module, chunk] of Object.entries({ ...ON_DEMAND, ...ON_DEMAND_STEPS })) {
      expect(pageModules(component)).not.toContain(module)
      expect(lazyChunks(component)).toContain(chunk)
    }
    for (const module of DEV_ONLY) expect(pageModules(component)).not.toContain(module)
    // The build did import from Vue (a build without the parts would pass the check for nothing).
    expect(component.vueImports).toContain('vModelText')
    expect(component.vueImports.filter(name => VUE_NOT_IN_PAGE.includes(name))).toEqual([])
  }, 60_000)
})
