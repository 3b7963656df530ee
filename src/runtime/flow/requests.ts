import { shallowRef } from 'vue'
import type { ComputedRef, DeepReadonly, Ref, ShallowRef } from 'vue'
import type { SignInFutureResource } from '@clerk/shared/types'
import type { Step } from '../core/flow'
import { displayableError, isSignInGone, mapClerkError } from '../core/errors'
import type { Messages } from '../core/messages'
import type { ClientTrustActionResult, ClientTrustErrorEvent } from '../composables/types'
import { recall, remember } from './memory'

/** Fields our own validation may flag before any request. */
export type LocalErrors = Partial<Record<'identifier' | 'password' | 'code', string>>

/**
 * Where our requests stand: `idle`; `running` (one request of ours is in flight, others
 * share it); `abandoning` ("Start over" left a request in flight: the form is usable, but
 * its late answer must not trigger anything, and Clerk's `fetching` for it is not ours).
 */
export type RequestPhase = 'idle' | 'running' | 'abandoning'

/** What {@link useRequests} needs from the composable. */
export interface RequestDeps {
  signIn: ShallowRef<SignInFutureResource | null>
  isLoaded: ComputedRef<boolean>
  step: ComputedRef<Step>
  messages: ComputedRef<Messages>
  /** Fetches the client from FAPI again (clerk-js' `client.reload()`). */
  reloadClient: () => Promise<unknown>
  onError?: (error: ClientTrustErrorEvent) => void
}

/** The request runner and the form's own messages; read its state, change it through its methods. */
export interface Requests {
  phase: Readonly<Ref<RequestPhase>>
  /** A form-wide message of ours (sign-in expired, link failed); cleared by the next request. */
  notice: Readonly<Ref<string | null>>
  localErrors: Readonly<Ref<DeepReadonly<LocalErrors>>>
  /** clerk-js keeps the last errors after `reset()`: hidden until the next request. */
  hideClerkErrors: Readonly<Ref<boolean>>
  /**
   * Runs `action` on the current sign-in; never throws. `key` names what it does (`verify:424242`):
   * the same request while it runs is shared (double click, Enter after auto-submit); another one
   * waits for it to land, then runs, unless "Start over" came in between.
   */
  run: (key: string, action: (si: SignInFutureResource) => Promise<{ error: unknown }>, onSuccess?: () => void, onFailure?: (code: string | undefined, error: unknown) => void) => Promise<ClientTrustActionResult>
  /** Flags `field` without a request. */
  localError: (field: keyof LocalErrors, message: string) => Promise<ClientTrustActionResult>
  /** Shows a form-wide message of ours. */
  say: (message: string) => void
  clearMessages: () => void
  /** "Start over": no request; one in flight is left to land and be discarded. */
  abandon: () => Promise<ClientTrustActionResult>
  /**
   * A late answer (an email link's send or poll) brought back `id`, a sign-in left by "Start
   * over": when it pushed out the user's new sign-in (`previous`), the client is fetched again
   * (FAPI holds the newest sign-in); else it is taken out of clerk-js again.
   */
  dropIfAbandoned: (id: string | undefined, previous?: string) => void
}

export const toError = (error: unknown): Error | null =>
  error == null ? null : error instanceof Error ? error : new Error(String(error))

/**
 * One request at a time, stale results ignored, Clerk errors resolved as `{ error }`.
 *
 * The same call while it runs gets the same promise (double click, Enter + click); a different
 * one (a code verified while it is still being sent) runs after it.
 * `abandon()` (Start over) bumps `generation`, so the late result of an abandoned
 * request is discarded. A sign-in Clerk reports gone (expired, abandoned) is reset
 * here, with a notice saying so on the credentials step.
 */
export function useRequests(deps: RequestDeps): Requests {
  const phase = shallowRef<RequestPhase>('idle')
  const localErrors = shallowRef<LocalErrors>({})
  const notice = shallowRef<string | null>(null)
  const hideClerkErrors = shallowRef(false)
  let inFlight: Promise<ClientTrustActionResult> | null = null
  let inFlightKey: string | null = null
  /** "Start over" count: a request queued behind another is dropped when the user started over meanwhile. */
  let abandons = 0
  let generation = 0
  let lastStarted = 0

  async function resetClerk(): Promise<ClientTrustActionResult> {
    try {
      return { error: toError((await deps.signIn.value?.reset())?.error) }
    }
    catch (thrown) {
      return { error: toError(thrown) }
    }
  }

  // A new empty object would be a change for `errors` on every request: cleared only when set.
  const clearLocalErrors = () => {
    if (Object.keys(localErrors.value).length) localErrors.value = {}
  }

  function clearMessages() {
    clearLocalErrors()
    notice.value = null
    hideClerkErrors.value = false
  }

  const run: Requests['run'] = (key, action, onSuccess, onFailure) => {
    if (inFlight && inFlightKey === key) return inFlight
    if (inFlight) {
      const startedOver = abandons
      return inFlight.then(() => abandons === startedOver ? run(key, action, onSuccess, onFailure) : { error: null })
    }
    const si = deps.signIn.value
    if (!si || !deps.isLoaded.value) return Promise.resolve({ error: new Error('Clerk is not loaded yet') })
    const gen = ++generation
    lastStarted = gen
    phase.value = 'running'
    clearMessages()
    const stepAtStart = deps.step.value
    const execute = async (): Promise<ClientTrustActionResult> => {
      let error: unknown = null
      try {
        ({ error } = await action(si))
      }
      catch (thrown) {
        error = thrown
      }
      // Abandoned by "Start over": its response may have revived the sign-in in
      // clerk-js, so reset again before anything (auto-send) reacts to it.
      if (gen !== generation) {
        // Unless the user has started a new sign-in meanwhile: that one stays.
        if (gen === lastStarted) {
          await resetClerk()
          if (phase.value === 'abandoning') phase.value = 'idle'
        }
        return { error: null }
      }
      if (!error) {
        onSuccess?.()
        return { error: null }
      }
      const mapped = mapClerkError(displayableError(error), deps.messages.value)
      deps.onError?.({ step: stepAtStart, code: mapped.code, message: mapped.message })
      if (stepAtStart !== 'credentials' && isSignInGone(mapped.code)) {
        // Back to the first step, identifier kept, with one message instead of Clerk's.
        await resetClerk()
        hideClerkErrors.value = true
        notice.value = deps.messages.value.signInExpired
      }
      else onFailure?.(mapped.code, error)
      return { error: toError(error) }
    }
    const promise: Promise<ClientTrustActionResult> = execute().finally(() => {
      if (inFlight !== promise) return
      inFlight = null
      inFlightKey = null
      phase.value = 'idle'
    })
    inFlight = promise
    inFlightKey = key
    return promise
  }

  function localError(field: keyof LocalErrors, message: string): Promise<ClientTrustActionResult> {
    localErrors.value = { ...localErrors.value, [field]: message }
    return Promise.resolve({ error: new Error(message) })
  }

  function abandon(): Promise<ClientTrustActionResult> {
    if (inFlight) {
      inFlight = null
      inFlightKey = null
      phase.value = 'abandoning'
    }
    const id = deps.signIn.value?.id
    if (id) remember(id, { abandoned: true })
    abandons++
    generation++
    clearLocalErrors()
    notice.value = null
    hideClerkErrors.value = true
    return resetClerk()
  }

  return {
    phase,
    notice,
    localErrors,
    hideClerkErrors,
    run,
    localError,
    say: message => void (notice.value = message),
    clearMessages,
    abandon,
    dropIfAbandoned: (id, previous) => {
      if (!id || !recall(id).abandoned) return
      if (previous && previous !== id && !recall(previous).abandoned) void deps.reloadClient().catch(() => resetClerk())
      else void resetClerk()
    },
  }
}
