import { effectScope, watch } from 'vue'
import type { Ref } from 'vue'
import { defineNuxtPlugin } from '#app'
import { loaders } from '#build/client-trust-i18n.mjs'
import { CLIENT_TRUST_LOCALIZATION_KEY } from '../config'
import { useClerkLocalization } from '../composables/useClerkLocalization'

/**
 * `clientTrust.i18n`: every form follows @nuxtjs/i18n's current locale, with the matching
 * Clerk localization loaded on demand; switching the locale switches the form, no reload.
 */
export default defineNuxtPlugin({
  name: 'client-trust:i18n',
  // `i18n:plugin` is @nuxtjs/i18n's (it sets up $i18n, possibly in parallel). Plugin names are
  // typed from the plugins of the app being type-checked, and this package's has no i18n;
  // Nuxt reads `dependsOn` statically, so it must stay a plain list of literals.
  // @ts-expect-error not a plugin of this package's own build
  dependsOn: ['client-trust:config', 'i18n:plugin'],
  async setup(nuxtApp) {
    const i18n = nuxtApp.$i18n as { locale: Ref<string> } | undefined
    if (!i18n) throw new Error('[nuxt-clerk-client-trust] clientTrust.i18n: @nuxtjs/i18n did not set up $i18n.')
    // App-lived, like the i18n instance it follows.
    const { localization, isLoading } = effectScope(true).run(() => useClerkLocalization(i18n.locale, loaders, { provide: false }))!
    nuxtApp.vueApp.provide(CLIENT_TRUST_LOCALIZATION_KEY, localization)
    // The server renders, and the browser hydrates, in the current locale: wait for it once.
    if (isLoading.value) {
      await new Promise<void>((resolve) => {
        const stop = watch(isLoading, (loading) => {
          if (loading) return
          stop()
          resolve()
        })
      })
    }
  },
})
