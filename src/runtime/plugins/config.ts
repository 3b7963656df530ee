import type { LocalizationResource } from '@clerk/shared/types'
import { defineNuxtPlugin, navigateTo, useRuntimeConfig } from '#app'
import { CLIENT_TRUST_CONFIG_KEY, CLIENT_TRUST_LOCALIZATION_KEY, CLIENT_TRUST_MESSAGES_KEY } from '../config'
import { loadLanguageAdapter } from '../composables/onDemand'

/**
 * Hands the module options and Nuxt's navigation to `useClientTrustSignIn`, `clientTrust.messages`
 * to the component, and the form's language: `clientTrust.localization`, else the `localization`
 * given to @clerk/nuxt (`clerk.localization`). Read from runtime config, so the server renders
 * the same language the browser will (the Clerk instance's own option is only known once loaded).
 */
export default defineNuxtPlugin({
  name: 'client-trust:config',
  async setup(nuxtApp) {
    const runtime = useRuntimeConfig().public
    const { messages, localization, i18n, ...config } = runtime.clientTrust
    const clerkLocalization = (runtime.clerk as { localization?: LocalizationResource } | undefined)?.localization
    nuxtApp.vueApp.provide(CLIENT_TRUST_MESSAGES_KEY, messages)
    // An empty object is the module's default: nothing chosen.
    const chosen = Object.keys(localization).length ? localization as LocalizationResource : clerkLocalization
    // With `clientTrust.i18n` the i18n plugin provides the language (the locale's, reactive).
    if (chosen && !i18n) nuxtApp.vueApp.provide(CLIENT_TRUST_LOCALIZATION_KEY, chosen)
    nuxtApp.vueApp.provide(CLIENT_TRUST_CONFIG_KEY, {
      ...config,
      // Only paths arrive here: the composable loads absolute URLs as a new document itself.
      navigate: (to: string, options?: { replace?: boolean }) => navigateTo(to, { replace: options?.replace }),
    })
    // The server renders, and the browser hydrates, the form in that language: its adapter first
    // (an English app never downloads it).
    if (chosen && !i18n) await loadLanguageAdapter()
    // A form given its own localization (a prop, the composable's option) was rendered with a
    // `lang`: the browser loads the adapter before hydrating it too, so its first render is the server's.
    if (import.meta.client && nuxtApp.isHydrating) {
      nuxtApp.hooks.hook('app:beforeMount', async () => {
        if (document.querySelector('[data-cts-part="root"][lang]')) await loadLanguageAdapter()
      })
    }
  },
})
