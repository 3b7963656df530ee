import { getCurrentInstance } from 'vue'
import type { ClientTrustNavigate } from '../config'
import { navigationKind } from '../core/flow'

interface RouterLike { push: (to: string) => unknown }

/**
 * Resolves, during setup, how to leave the sign-in page: absolute URLs load a
 * new document; paths go to `config.navigate` (Nuxt's `navigateTo`), else the
 * app's vue-router (read from globalProperties so vue-router stays optional),
 * else `window.location.assign`.
 */
export function useNavigator(configured: () => ClientTrustNavigate | undefined): (url: string) => Promise<void> {
  const globals = getCurrentInstance()?.appContext.config.globalProperties as Record<string, unknown> | undefined
  const router = globals?.$router as RouterLike | undefined
  return async (url) => {
    if (navigationKind(url) === 'document') {
      window.location.href = url
      return
    }
    const navigate = configured()
    if (navigate) await navigate(url)
    else if (router && typeof router.push === 'function') await router.push(url)
    else window.location.assign(url)
  }
}
