import { shallowRef, watch } from 'vue'
import type { ComputedRef, ShallowRef } from 'vue'
import type { SignInFutureResource } from '@clerk/shared/types'
import type { Step } from '../core/flow'
import { isSignInGone, mapClerkError } from '../core/messages'
import type { Messages } from '../core/messages'
import type { ClientTrustActionResult, ClientTrustErrorEvent } from './types'

/** Fields our own validation may flag before any request. */
export type LocalErrors = Partial<Record<'identifier' | 'password' | 'code', string>>

/** What {@link useActions} needs from the composable. */
export interface ActionDeps {
  signIn: ShallowRef<SignInFutureResource | null>
  isLoaded: ComputedRef<boolean>
  step: ComputedRef<Step>
  messages: ComputedRef<Messages>
  onError?: (error: ClientTrustErrorEvent) => void
}

export const toError = (error: unknown): Error | null =>
  error == null ? null : error instanceof Error ? error : new Error(String(error))

/**
 * What of an error may be shown: Clerk's API and runtime errors (they carry a `code`)
 * and network failures. Anything else (a `SyntaxError` from a broken response, a bug)
 * becomes `null`, i.e. the generic message: its text was never meant for users.
 */
export function displayableError(error: unknown): unknown {
  if (!error || typeof error !== 'object') return null
  const e = error as { code?: unknown, errors?: unknown, name?: unknown, message?: unknown }
  if (typeof e.code === 'string' || Array.isArray(e.errors)) return error
  const network = e.name === 'TypeError' || (typeof e.message === 'string' && /network|failed to fetch|load failed/i.test(e.message))
  return network ? error : null
}

/**
 * Seconds a 429 asks to wait: clerk-js reads the `Retry-After` header into
 * `ClerkAPIResponseError.retryAfter` (clerk/javascript `packages/clerk-js/src/core/resources/Base.ts`).
 * Nothing else: Clerk documents no wait in the body, and clerk-js would drop it.
 */
export function retryAfterSeconds(error: unknown): number | null {
  const value = Number((error as { retryAfter?: unknown } | null)?.retryAfter)
  return Number.isFinite(value) && value > 0 ? Math.min(Math.ceil(value), 3600) : null
}

/**
 * One request at a time, stale results ignored, Clerk errors resolved as `{ error }`.
 *
 * A second call while one runs gets the same promise (double click, Enter + click).
 * `abandon()` (Start over) bumps `generation`, so the late result of an abandoned
 * request is discarded. A sign-in Clerk reports gone (expired, abandoned) is reset
 * here, with `notice` saying so on the credentials step.
 */
export function useActions(deps: ActionDeps) {
  const busy = shallowRef(false)
  const localErrors = shallowRef<LocalErrors>({})
  /** A form-wide message of ours (sign-in expired, link failed); cleared by the next request. */
  const notice = shallowRef<string | null>(null)
  // clerk-js keeps the last errors after `reset()`; hide them until the next request.
  const hideClerkErrors = shallowRef(false)
  // A request left by Start over may never answer (clerk-js sets no timeout on FAPI
  // calls): its `fetchStatus: 'fetching'` must not keep the form disabled.
  const ignoreClerkFetching = shallowRef(false)
  /** A request left by Start over has not landed yet: its answer must not trigger anything (auto-send). */
  const settling = shallowRef(false)
  let inFlight: Promise<ClientTrustActionResult> | null = null
  let generation = 0
  let lastStarted = 0
  // Sign-ins left by Start over (bounded): a late answer must not bring them back.
  const abandoned: string[] = []

  async function resetClerk(): Promise<ClientTrustActionResult> {
    try {
      return { error: toError((await deps.signIn.value?.reset())?.error) }
    }
    catch (thrown) {
      return { error: toError(thrown) }
    }
  }

  function clearMessages() {
    localErrors.value = {}
    notice.value = null
    hideClerkErrors.value = false
  }

  function run(action: (si: SignInFutureResource) => Promise<{ error: unknown }>, onSuccess?: () => void, onFailure?: (code: string | undefined, error: unknown) => void) {
    if (inFlight) return inFlight
    const si = deps.signIn.value
    if (!si || !deps.isLoaded.value) return Promise.resolve({ error: new Error('Clerk is not loaded yet') })
    const gen = ++generation
    lastStarted = gen
    settling.value = false
    clearMessages()
    busy.value = true
    const stepAtStart = deps.step.value
    const execute = async (): Promise<ClientTrustActionResult> => {
      let error: unknown = null
      try {
        ({ error } = await action(si))
      }
      catch (thrown) {
        error = thrown
      }
      // Abandoned by reset(): its response may have revived the sign-in in
      // clerk-js, so reset again before anything (auto-send) reacts to it.
      if (gen !== generation) {
        // Unless the user has started a new sign-in meanwhile: that one stays.
        if (gen === lastStarted) {
          await resetClerk()
          settling.value = false
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
      busy.value = false
    })
    inFlight = promise
    return promise
  }

  function localError(field: keyof LocalErrors, message: string): Promise<ClientTrustActionResult> {
    localErrors.value = { ...localErrors.value, [field]: message }
    return Promise.resolve({ error: new Error(message) })
  }

  /**
   * Start over: no request. A request still in flight is left to land on its own and
   * be discarded; the form is usable again at once (the request may take minutes).
   */
  function abandon(): Promise<ClientTrustActionResult> {
    if (inFlight) {
      inFlight = null
      busy.value = false
      ignoreClerkFetching.value = true
      settling.value = true
    }
    const id = deps.signIn.value?.id
    if (id && !abandoned.includes(id)) {
      abandoned.push(id)
      if (abandoned.length > 10) abandoned.shift()
    }
    generation++
    localErrors.value = {}
    notice.value = null
    hideClerkErrors.value = true
    return resetClerk()
  }

  // A late answer for a sign-in left by Start over (an email link being sent, its
  // poll) puts it back into clerk-js' signal: take it out again.
  watch(() => deps.signIn.value?.id, (id) => {
    if (id && abandoned.includes(id)) void resetClerk()
  })

  return { busy, localErrors, notice, hideClerkErrors, ignoreClerkFetching, settling, run, localError, abandon, clearMessages }
}

/** The runner {@link useActions} returns. */
export type Actions = ReturnType<typeof useActions>
