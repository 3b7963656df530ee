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
  let inFlight: Promise<ClientTrustActionResult> | null = null
  let generation = 0
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

  function run(action: (si: SignInFutureResource) => Promise<{ error: unknown }>, onSuccess?: () => void, onFailure?: (code: string | undefined) => void) {
    if (inFlight) return inFlight
    const si = deps.signIn.value
    if (!si || !deps.isLoaded.value) return Promise.resolve({ error: new Error('Clerk is not loaded yet') })
    const gen = ++generation
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
        await resetClerk()
        return { error: null }
      }
      if (!error) {
        onSuccess?.()
        return { error: null }
      }
      const mapped = mapClerkError(error, deps.messages.value)
      deps.onError?.({ step: stepAtStart, code: mapped.code, message: mapped.message })
      if (stepAtStart !== 'credentials' && isSignInGone(mapped.code)) {
        // Back to the first step, identifier kept, with one message instead of Clerk's.
        await resetClerk()
        hideClerkErrors.value = true
        notice.value = deps.messages.value.signInExpired
      }
      else onFailure?.(mapped.code)
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

  /** Start over: no request. A request still in flight keeps `busy` until it lands, then is discarded. */
  function abandon(): Promise<ClientTrustActionResult> {
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

  return { busy, localErrors, notice, hideClerkErrors, run, localError, abandon, clearMessages }
}

/** The runner {@link useActions} returns. */
export type Actions = ReturnType<typeof useActions>
