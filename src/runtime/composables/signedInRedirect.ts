import { watch } from 'vue'
import type { ComputedRef, Ref } from 'vue'
import type { Step } from '../core/flow'

/**
 * Opening the sign-in while already signed in leaves for `destination()`
 * (`afterSignInUrl`, or the pending task's page), once: from the `credentials`
 * step, or from a `complete` sign-in already finalized earlier (clerk-js keeps it
 * in its signal). A sign-in this form is finishing navigates through
 * `finalize()` instead. Turned off (or signed out since), a stale completed
 * sign-in is reset so the form shows the credentials.
 */
export function useSignedInRedirect(deps: {
  enabled: () => boolean
  isLoaded: ComputedRef<boolean>
  isSignedIn: Ref<boolean | undefined>
  step: ComputedRef<Step>
  /** The `complete` sign-in in the signal was finalized before this form existed. */
  stale: () => boolean
  leave: () => Promise<void>
  reset: () => unknown
}) {
  let done = false
  watch([deps.isLoaded, deps.isSignedIn, deps.step], ([loaded, signedIn, step]) => {
    if (done || !loaded) return
    const stale = step === 'complete' && deps.stale()
    if (stale && (!deps.enabled() || !signedIn)) {
      done = true
      void deps.reset()
      return
    }
    if (!signedIn || !deps.enabled() || (step !== 'credentials' && !stale)) return
    done = true
    void deps.leave()
  }, { immediate: true })
}
