import { defineNuxtPlugin } from '#app'
import { CLIENT_TRUST_INSPECTOR_KEY } from '../config'
import { inspectForm } from '../controller/inspector'

/**
 * Registered by the module in `nuxi dev` with Nuxt DevTools and the emulator on, never in a
 * build: every sign-in form on the page publishes its state, read-only, for the DevTools tab.
 */
export default defineNuxtPlugin({
  name: 'client-trust:page-sign-in',
  setup(nuxtApp) {
    if (typeof BroadcastChannel === 'undefined') return
    nuxtApp.vueApp.provide(CLIENT_TRUST_INSPECTOR_KEY, inspectForm)
  },
})
