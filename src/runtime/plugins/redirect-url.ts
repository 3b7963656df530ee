import { defineNuxtPlugin } from '#app'
import { dropUnparseableRedirectUrl } from '../redirectUrlGuard'

/** Before Clerk loads: a crafted `?redirect_url=` must not keep clerk-js from loading. */
export default defineNuxtPlugin({
  name: 'client-trust:redirect-url',
  enforce: 'pre',
  setup() {
    if (import.meta.client) dropUnparseableRedirectUrl()
  },
})
