import { watch } from 'vue'
import type { ComputedRef, Ref, ShallowRef } from 'vue'
import type { SignInFutureResource } from '@clerk/shared/types'
import type { Step } from '../core/flow'
import { recall, remember } from './memory'
import type { RequestPhase } from './requests'

/** What the flow's effects read, and the methods they call. */
export interface FlowEffectDeps {
  signIn: ShallowRef<SignInFutureResource | null>
  step: ComputedRef<Step>
  isLoaded: ComputedRef<boolean>
  phase: Readonly<Ref<RequestPhase>>
  /** The key of the factor the code step uses now (`null` off the code steps). */
  factorKey: ComputedRef<string | null>
  /** The current factor is an email link. */
  onEmailLink: () => boolean
  /** Clerk's current session (a pending one too): `null` signed out, `undefined` until loaded. */
  sessionId: Ref<string | null | undefined>
  autoFinalize: boolean
  redirectIfSignedIn: () => boolean
  ensureSent: () => void
  stopEmailLink: () => void
  finalize: () => unknown
  /** This form has started activating the session (it navigates itself). */
  isFinishing: () => boolean
  reset: () => unknown
  dropIfAbandoned: (id: string | undefined, previous?: string) => void
  /** Leaves the sign-in page for the signed-in user's destination. */
  leave: () => unknown
}

/**
 * Everything the composable does by itself, and when; every other clerk-js call is an
 * action the app or the form makes. Each effect reads state and calls a method: none writes
 * another part's state.
 *
 * | effect | when | what |
 * |---|---|---|
 * | send the code | a code step shows a factor whose code or link has not gone out (per sign-in and factor), no request running | `ensureSent()`: send once, or resume polling a link sent before |
 * | stop polling | the current factor stops being an email link | `stopEmailLink()` |
 * | finalize | the sign-in is `complete`, its session not activated by this page yet, no request running, `autoFinalize` | `finalize()`, once per session |
 * | forget on sign-out | the session this sign-in created ends | `reset()`: a mounted form shows the credentials again |
 * | drop abandoned | a late answer brings back a sign-in left by "Start over" | `reset()` it again, or fetch the client when it pushed out a new sign-in |
 * | leave when signed in | loaded and signed in, on the credentials step (or a `complete` sign-in finalized earlier), `redirectIfSignedIn` | `leave()`, once; a stale `complete` sign-in with the redirect off or signed out is `reset()` |
 */
export function useFlowEffects(deps: FlowEffectDeps): void {
  const { signIn, step } = deps
  const inCodeStep = () => step.value === 'verify' || step.value === 'second-factor'

  // Send the code. This effect and "finalize" watch one value that says when to act (here: which
  // step, sign-in and factor, or null), not a list of sources: a list holding a shallow ref (as
  // `phase`) runs its callback on every change of any source, equal or not. Every source is read
  // on the first run, so that the effect runs ahead of the app's own watchers of `isFetching` (Vue
  // runs them in the order they first read `phase`): the send starts in the flush the password's
  // answer lands in.
  watch(() => {
    const idle = deps.phase.value === 'idle'
    const id = signIn.value?.id
    const key = deps.factorKey.value
    return inCodeStep() && id && key && idle ? `${step.value} ${id} ${key}` : null
  }, (due) => {
    if (due) deps.ensureSent()
  }, { immediate: true })

  // Stop polling.
  watch(deps.onEmailLink, (onLink) => {
    if (!onLink) deps.stopEmailLink()
  })

  // Finalize (with `autoFinalize` off, the app calls `finalize()` and nothing here watches).
  if (deps.autoFinalize) {
    watch(() => {
      const done = deps.phase.value !== 'running'
      const si = signIn.value
      return step.value === 'complete' && si?.id && si.createdSessionId && done ? `${si.id} ${si.createdSessionId}` : null
    }, (due) => {
      const si = signIn.value
      if (!due || !si?.id || !si.createdSessionId || recall(si.id).finalized === si.createdSessionId) return
      remember(si.id, { finalized: si.createdSessionId })
      void deps.finalize()
    }, { immediate: true })
  }

  // Forget on sign-out: clerk-js keeps a completed sign-in in its signal after sign-out, so a
  // form still mounted (SPA) would stay on `complete` for good.
  watch(deps.sessionId, (now, before) => {
    const current = signIn.value
    if (before && now !== before && current?.status === 'complete' && current.createdSessionId === before) void deps.reset()
  })

  // Drop abandoned.
  watch(() => signIn.value?.id, (id, previous) => deps.dropIfAbandoned(id, previous))

  // Leave when signed in: once, from the credentials step, or from a `complete` sign-in this
  // page finalized before (clerk-js keeps it in its signal). A sign-in being finished now
  // navigates through `finalize()` instead.
  let left = false
  // Signed in as a getter, not the shallow `sessionId` itself: in a list, that would run this on every change.
  watch([deps.isLoaded, () => deps.sessionId.value != null, step], ([loaded, signedIn, current]) => {
    if (left || !loaded) return
    const si = signIn.value
    const stale = current === 'complete' && !!si?.id && !!si.createdSessionId
      && recall(si.id).finalized === si.createdSessionId && !deps.isFinishing()
    if (stale && (!deps.redirectIfSignedIn() || !signedIn)) {
      left = true
      void deps.reset()
      return
    }
    if (!signedIn || !deps.redirectIfSignedIn() || (current !== 'credentials' && !stale)) return
    left = true
    void deps.leave()
  }, { immediate: true })
}
