import { clerkPlugin } from '@clerk/vue'
import { defineNuxtPlugin } from '#app'
import { withHeadlessUi } from '../headlessClerkUi'

/**
 * With @clerk/nuxt and `prefetchUI: false` (the emulator's default), gives @clerk/nuxt's
 * plugin the headless UI stand-in. @clerk/nuxt builds its options from JSON runtime config,
 * which cannot carry a class, so the options are completed as the plugin is installed.
 */
export default defineNuxtPlugin({
  name: 'client-trust:clerk-ui',
  enforce: 'pre',
  setup(nuxtApp) {
    const app = nuxtApp.vueApp
    const use = app.use.bind(app) as (plugin: unknown, ...options: unknown[]) => typeof app
    app.use = ((plugin: unknown, ...options: unknown[]) => {
      const [first, ...rest] = options
      if (plugin === clerkPlugin && first && typeof first === 'object') return use(plugin, withHeadlessUi(first), ...rest)
      return use(plugin, ...options)
    }) as typeof app.use
  },
})
