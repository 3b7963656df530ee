/**
 * Every component of the package, by name, each the file `<name>.vue` beside this one: the form,
 * the parts its steps are made of, and the steps built from them. The one list: the Nuxt module
 * registers these (with the app's `prefix`) and `index.ts` exports them, for
 * `nuxt-clerk-client-trust/vue`; test/unit/component-surface.test.ts fails when the files, the
 * registration or the exports differ from it. Names only: the module's build reads this file
 * without loading a component.
 */
export const COMPONENT_NAMES = [
  'ClientTrustSignIn',
  // The parts of a step, to rebuild one in a slot without rewriting the others.
  'CtsStep', 'CtsStepHeader', 'CtsField', 'CtsActions', 'CtsAction',
  // The built-in steps, whole (`steps.ts` says which view shows which).
  'CtsCredentialsStep', 'CtsCodeStep', 'CtsEmailLinkStep', 'CtsMethodsStep', 'CtsNewPasswordStep', 'CtsProtectCheckStep', 'CtsStatusStep',
] as const

/** The name of one of the package's components, without the app's `prefix`. */
export type ComponentName = (typeof COMPONENT_NAMES)[number]
