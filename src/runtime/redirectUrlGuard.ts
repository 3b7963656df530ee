import { withoutUnparseableRedirect } from './core/redirect'

/**
 * Takes an unparseable `redirect_url` out of the address bar before clerk-js reads it (see
 * {@link withoutUnparseableRedirect}); Vue Router's history state is kept. Browser only: run it
 * before Clerk loads (the Nuxt module does, in a `pre` plugin; `clientTrustPlugin` for plain Vue).
 */
export function dropUnparseableRedirectUrl(): void {
  if (typeof window === 'undefined') return
  const { location, history } = window
  const search = withoutUnparseableRedirect(location.search, location.href)
  if (search === null) return
  history.replaceState(history.state, '', `${location.pathname}${search}${location.hash}`)
}
