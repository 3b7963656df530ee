import { defineNuxtPlugin, useRouter } from '#app'
import { withoutUnparseableRedirect } from '../core/redirect'
import { dropUnparseableRedirectUrl } from '../redirectUrlGuard'

/**
 * Before Clerk loads: a crafted `?redirect_url=` must not keep clerk-js from loading. The
 * address bar is cleaned at once, and a router guard keeps it clean: Nuxt's router writes
 * its initial route (the server-rendered URL, query included) back on `app:created`, and SPA
 * links can carry the same value.
 */
export default defineNuxtPlugin({
  name: 'client-trust:redirect-url',
  enforce: 'pre',
  setup() {
    if (!import.meta.client) return
    dropUnparseableRedirectUrl()
    // Absent in an app without a router: the address bar cleaned above is all there is.
    useRouter()?.beforeEach((to) => {
      const hashAt = to.fullPath.indexOf('#')
      const fullPath = hashAt === -1 ? to.fullPath : to.fullPath.slice(0, hashAt)
      const queryAt = fullPath.indexOf('?')
      if (queryAt === -1) return
      const search = withoutUnparseableRedirect(fullPath.slice(queryAt), window.location.href)
      if (search !== null) return `${to.path}${search}${to.hash}`
    })
  },
})
