import { defineNuxtPlugin, navigateTo, useRuntimeConfig } from '#app'
import { CLIENT_TRUST_CONFIG_KEY } from '../config'

/** Hands the module options and Nuxt's navigation to `useClientTrustSignIn`. */
export default defineNuxtPlugin({
  name: 'client-trust:config',
  setup(nuxtApp) {
    const config = useRuntimeConfig().public.clientTrust
    nuxtApp.vueApp.provide(CLIENT_TRUST_CONFIG_KEY, {
      ...config,
      navigate: (to: string, options?: { replace?: boolean }) => navigateTo(to, { replace: options?.replace, external: /^https?:\/\//.test(to) }),
    })
  },
})
