import type { LocalizationResource } from '@clerk/shared/types'
import { clerkPlugin } from '@clerk/vue'
import { defineNuxtPlugin, navigateTo, useRuntimeConfig } from '#app'
import { withHeadlessUi } from '../headlessClerkUi'

interface ClerkPublicConfig {
  publishableKey?: string
  proxyUrl?: string
  domain?: string
  jsUrl?: string
  prefetchUI?: boolean
  /** Clerk's own language (`runtimeConfig.public.clerk.localization`). */
  localization?: LocalizationResource
}

/**
 * Installs @clerk/vue's plugin when the app does not use @clerk/nuxt. The plugin is
 * installed on the server too so composables find their context during SSR, but it
 * only downloads and starts clerk-js in the browser.
 */
export default defineNuxtPlugin({
  name: 'client-trust:clerk',
  setup(nuxtApp) {
    const runtime = useRuntimeConfig().public
    const config = (runtime.clerk ?? {}) as ClerkPublicConfig
    // `clientTrust.localization` (one copy in the payload) makes Clerk speak the form's language too.
    const ownLocalization = runtime.clientTrust.localization
    const localization = config.localization ?? (Object.keys(ownLocalization ?? {}).length ? ownLocalization : undefined)
    if (!config.publishableKey) {
      const message = '[nuxt-clerk-client-trust] Missing Clerk publishable key. Set NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY '
        + '(from the Clerk dashboard → API keys), or run `nuxi dev` without it to use the local emulator.'
      // Production error pages hide messages: say it in the server log (and browser console) too.
      console.error(message)
      throw new Error(message)
    }
    const options = withHeadlessUi({
      publishableKey: config.publishableKey,
      proxyUrl: config.proxyUrl || undefined,
      domain: config.domain || undefined,
      __internal_clerkJSUrl: config.jsUrl || undefined,
      prefetchUI: config.prefetchUI ?? false,
      localization,
      routerPush: (to: string) => navigateTo(to),
      routerReplace: (to: string) => navigateTo(to, { replace: true }),
    })
    // @clerk/vue's option type is a union that rejects optional proxyUrl/domain pairs
    // built at run time; the values are the ones @clerk/nuxt passes in the same way.
    nuxtApp.vueApp.use(clerkPlugin, options as unknown as Parameters<NonNullable<typeof clerkPlugin.install>>[1])
  },
})
