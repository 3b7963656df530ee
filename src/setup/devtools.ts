import type { Nuxt } from '@nuxt/schema'
// Types only: the hook below is all `addCustomTab` of @nuxt/devtools-kit does, and importing the
// kit at run time would make the module depend on a kit version (with its own @nuxt/kit and
// execa) other than the one the app's @nuxt/devtools brings. This import also types the hook.
import type { ModuleCustomTab } from '@nuxt/devtools-kit/types'

/** Nuxt's own rule (nuxt/src/core/nuxt.ts): `devtools: true`, or an object not saying `enabled: false`. */
export function isDevtoolsEnabled(nuxt: Nuxt): boolean {
  const devtools = nuxt.options.devtools
  return typeof devtools === 'boolean' ? devtools : devtools?.enabled !== false
}

/** The DevTools tab: the emulator's dashboard, framed from the same origin (its CSP allows `'self'` only). */
export function emulatorTab(path: string): ModuleCustomTab {
  return {
    name: 'clerk-emulator',
    title: 'Clerk emulator',
    icon: 'i-carbon-security',
    view: { type: 'iframe', src: `${path}/` },
  }
}

/**
 * Adds the tab in `nuxi dev` with DevTools on. Without @nuxt/devtools nobody calls the hook, so
 * it costs nothing; the checks keep production and test builds free of it all the same.
 */
export function setupDevtoolsTab(path: string, nuxt: Nuxt) {
  if (!nuxt.options.dev || !isDevtoolsEnabled(nuxt)) return
  nuxt.hook('devtools:customTabs', (tabs) => {
    tabs.push(emulatorTab(path))
  })
}
