import { addPlugin } from '@nuxt/kit'
import type { Resolver } from '@nuxt/kit'
import type { Nuxt } from '@nuxt/schema'
// Types only: the hook below is all `addCustomTab` of @nuxt/devtools-kit does, and importing the
// kit at run time would make the module depend on a kit version (with its own @nuxt/kit and
// execa) other than the one the app's @nuxt/devtools brings. This import also types the hook.
// Why not Nuxt DevTools v4's docks (`onDevtoolsReady` / `ctx.docks.register`): the DevTools
// Nuxt 4.4 installs (@nuxt/devtools 3.x, its kit 3.x) have neither; its Vite DevTools docks are
// behind an experimental flag and list only DevTools itself. `devtools:customTabs` is what those
// versions read; move to the docks once the DevTools Nuxt installs has them.
import type { ModuleCustomTab } from '@nuxt/devtools-kit/types'

/** Nuxt's own rule (nuxt/src/core/nuxt.ts): `devtools: true`, or an object not saying `enabled: false`. */
export function isDevtoolsEnabled(nuxt: Nuxt): boolean {
  const devtools = nuxt.options.devtools
  return typeof devtools === 'boolean' ? devtools : devtools?.enabled !== false
}

/**
 * The DevTools tab: the emulator's dashboard, framed from the same origin (its CSP allows `'self'`
 * only); `?devtools` has it show the page's sign-in first, even before a form speaks.
 */
export function emulatorTab(path: string): ModuleCustomTab {
  return {
    name: 'clerk-emulator',
    title: 'Clerk emulator',
    // An icon DevTools' own stylesheet has: any other is fetched from a CDN (no network here).
    icon: 'i-carbon-locked',
    view: { type: 'iframe', src: `${path}/?devtools` },
  }
}

/**
 * Adds the tab in `nuxi dev` with DevTools on, and the client plugin through which the page's
 * forms tell the tab their state. Without @nuxt/devtools nobody calls the hook; the plugin is
 * added on the same conditions, so production and test builds hold neither.
 */
export function setupDevtoolsTab(path: string, nuxt: Nuxt, resolver: Resolver) {
  if (!nuxt.options.dev || !isDevtoolsEnabled(nuxt)) return
  addPlugin({ src: resolver.resolve('./runtime/plugins/inspector.client'), mode: 'client' })
  nuxt.hook('devtools:customTabs', (tabs) => {
    tabs.push(emulatorTab(path))
  })
}
