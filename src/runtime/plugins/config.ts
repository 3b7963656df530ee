import { defineNuxtPlugin, navigateTo, useRuntimeConfig } from '#app'
import { CLIENT_TRUST_CONFIG_KEY } from '../config'
import { CLIENT_TRUST_MESSAGES_KEY } from '../components/context'
import type { Messages } from '../core/messages'

/** Hands the module options and Nuxt's navigation to `useClientTrustSignIn`, and `clientTrust.messages` to the component. */
export default defineNuxtPlugin({
  name: 'client-trust:config',
  setup(nuxtApp) {
    const runtime = useRuntimeConfig().public.clientTrust
    const { messages, ...config } = runtime as typeof runtime & { messages?: Partial<Messages> }
    nuxtApp.vueApp.provide(CLIENT_TRUST_MESSAGES_KEY, messages ?? {})
    nuxtApp.vueApp.provide(CLIENT_TRUST_CONFIG_KEY, {
      ...config,
      navigate: (to: string, options?: { replace?: boolean }) => navigateTo(to, { replace: options?.replace, external: /^https?:\/\//.test(to) }),
    })
  },
})
