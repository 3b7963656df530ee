/**
 * The Clerk localization adapter (`core/clerkLocalization.ts`) on demand: an English form never
 * downloads it. Loaded once per page (or server process) by whatever first hands the form a
 * Clerk localization: `clientTrustPlugin`, the Nuxt plugins, `useClerkLocalization`, or the
 * composable itself, which waits for it before it shows a step (and on the server, before it
 * renders), so a localized form is never seen in English first.
 */
import { shallowReadonly, shallowRef } from 'vue'

type Adapter = typeof import('../core/clerkLocalization')

const adapter = shallowRef<Adapter | null>(null)
let loading: Promise<Adapter> | null = null

/** The adapter once loaded, else `null`; reactive. */
export const languageAdapter = shallowReadonly(adapter)

/** Loads the adapter (once; a failed load is tried again next time). */
export function loadLanguageAdapter(): Promise<Adapter> {
  loading ??= import('../core/clerkLocalization').then((module) => {
    adapter.value = module
    return module
  }, (error: unknown) => {
    loading = null
    throw error
  })
  return loading
}
