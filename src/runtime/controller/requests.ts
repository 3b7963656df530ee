import type { SignInFutureResource } from '@clerk/shared/types'
import type { Step } from '../core/flow'
import { displayableError, goneNotice, mapClerkError } from '../core/errors'
import type { FormField } from '../core/errors'
import type { Messages } from '../core/messages'
import { toError } from '../core/results'
import type { ClientTrustActionResult, ClientTrustErrorEvent } from '../core/results'
import { recall, remember } from './memory'

/** A message of our own validation: a key of the table, or one made from it (said in the current language). */
export type LocalError = keyof Messages | ((messages: Messages) => string)

/** Fields our own validation may flag before any request, with the message. */
export type LocalErrors = Partial<Record<FormField, LocalError>>

/** A form-wide message of ours: one of the table's (said in the current language), or a text Clerk gave. */
export type Notice = keyof Messages | { text: string }

/** The text of a local error in `messages`' language. */
export const sayLocal = (message: LocalError, messages: Messages): string => typeof message === 'string' ? messages[message] : message(messages)

/** An action that needs no request: done at once. */
export const ok = (): Promise<ClientTrustActionResult> => Promise.resolve({ error: null })
/** An action refused before any request (nothing to do at this step): `message` is for the developer. */
export const fail = (message: string): Promise<ClientTrustActionResult> => Promise.resolve({ error: new Error(message) })

/**
 * Where our requests stand: `idle`; `running` (one request of ours is in flight, others
 * share it); `abandoning` ("Start over" left a request in flight: the form is usable, but
 * its late answer must not trigger anything, and Clerk's `fetching` for it is not ours).
 */
export type RequestPhase = 'idle' | 'running' | 'abandoning'

/** What {@link createRequests} reads, and whom it tells. */
export interface RequestDeps {
  signIn: () => SignInFutureResource | null
  isLoaded: () => boolean
  step: () => Step
  messages: () => Messages
  /** Fetches the client from FAPI again (clerk-js' `client.reload()`). */
  reloadClient: () => Promise<unknown>
  onError?: (error: ClientTrustErrorEvent) => void
  /** Called after every change of the state below. */
  onChange: () => void
  /** Runs `work` as one change: what a request's end changes (its callback's changes, the phase) shows at once. */
  batch: <R>(work: () => R) => R
}

/** The request runner and the form's own messages; read its state, change it through its methods. */
export interface Requests {
  readonly phase: RequestPhase
  /** A form-wide message of ours (sign-in expired, link failed); cleared by the next request. */
  readonly notice: Notice | null
  readonly localErrors: Readonly<LocalErrors>
  /** clerk-js keeps the last errors after `reset()`: hidden until the next request. */
  readonly hideClerkErrors: boolean
  /**
   * Runs `action` on the current sign-in; never throws. `key` names what it does (`verify:424242`):
   * the same request while it runs is shared (double click, Enter after auto-submit); another one
   * waits for it to land, then runs, unless "Start over" came in between or a newer request of
   * the same kind (the part of `key` before `:`) was queued behind it: the latest code wins.
   */
  run: (key: string, action: (si: SignInFutureResource) => Promise<{ error: unknown }>, onSuccess?: () => void, onFailure?: (code: string | undefined, error: unknown) => void) => Promise<ClientTrustActionResult>
  /** Flags `field` without a request. */
  localError: (field: keyof LocalErrors, message: LocalError) => Promise<ClientTrustActionResult>
  /** Shows a form-wide message of ours. */
  say: (notice: Notice) => void
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

/**
 * One request at a time, stale results ignored, Clerk errors resolved as `{ error }`.
 *
 * `abandon()` (Start over) bumps `generation`, so the late result of an abandoned request is
 * discarded. A sign-in Clerk reports gone (expired, abandoned) is reset here, with a notice
 * saying so on the credentials step.
 */
export function createRequests(deps: RequestDeps): Requests {
  // The state the view reads, as plain fields of the object returned (read on every change: no getter calls).
  const state: { phase: RequestPhase, localErrors: LocalErrors, notice: Notice | null, hideClerkErrors: boolean } = { phase: 'idle', localErrors: {}, notice: null, hideClerkErrors: false }
  let inFlight: Promise<ClientTrustActionResult> | null = null
  let inFlightKey: string | null = null
  /** The request waiting for the one in flight, per kind: a newer one of the same kind replaces it. */
  const queued = new Map<string, { key: string, promise: Promise<ClientTrustActionResult> }>()
  /** "Start over" count: a request queued behind another is dropped when the user started over meanwhile. */
  let abandons = 0
  let generation = 0
  let lastStarted = 0

  const set = (changes: () => void) => {
    changes()
    deps.onChange()
  }

  async function resetClerk(): Promise<ClientTrustActionResult> {
    try {
      return { error: toError((await deps.signIn()?.reset())?.error) }
    }
    catch (thrown) {
      return { error: toError(thrown) }
    }
  }

  /** Our messages gone, Clerk's shown or hidden; no notification (the caller's change carries it). */
  function resetMessages(hideClerk: boolean) {
    // A new empty object would be a change of the errors shown: cleared only when set.
    if (Object.keys(state.localErrors).length) state.localErrors = {}
    state.notice = null
    state.hideClerkErrors = hideClerk
  }

  function clearMessages() {
    if (!Object.keys(state.localErrors).length && state.notice === null && !state.hideClerkErrors) return
    set(() => resetMessages(false))
  }

  const run: Requests['run'] = (key, action, onSuccess, onFailure) => {
    if (inFlight && inFlightKey === key) return inFlight
    if (inFlight) {
      const kind = key.split(':')[0] ?? key
      const waiting = queued.get(kind)
      if (waiting?.key === key) return waiting.promise
      const startedOver = abandons
      const promise = inFlight.then(() => {
        if (queued.get(kind) !== entry) return { error: null }
        queued.delete(kind)
        return abandons === startedOver ? run(key, action, onSuccess, onFailure) : { error: null }
      })
      const entry = { key, promise }
      queued.set(kind, entry)
      return promise
    }
    const si = deps.signIn()
    if (!si || !deps.isLoaded()) return Promise.resolve({ error: new Error('Clerk is not loaded yet') })
    const gen = ++generation
    lastStarted = gen
    const stepAtStart = deps.step()
    // The request's end: its own changes and the phase back to `idle`, one change.
    let promise: Promise<ClientTrustActionResult> | null = null
    const end = () => {
      if (!promise || inFlight !== promise) return
      inFlight = null
      inFlightKey = null
      set(() => (state.phase = 'idle'))
    }
    const settle = (work: () => void, error: unknown): ClientTrustActionResult => deps.batch(() => {
      work()
      end()
      return { error: toError(error) }
    })
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
          if (state.phase === 'abandoning') set(() => (state.phase = 'idle'))
        }
        return { error: null }
      }
      if (!error) return settle(() => onSuccess?.(), null)
      const mapped = mapClerkError(displayableError(error), deps.messages())
      deps.onError?.({ step: stepAtStart, code: mapped.code, message: mapped.message })
      const gone = goneNotice(mapped.code)
      if (stepAtStart !== 'credentials' && gone) {
        // Back to the first step, identifier kept, with one message instead of Clerk's.
        await resetClerk()
        return settle(() => {
          state.hideClerkErrors = true
          state.notice = gone
        }, error)
      }
      return settle(() => onFailure?.(mapped.code, error), error)
    }
    inFlightKey = key
    // The phase and the cleared messages are one change.
    state.phase = 'running'
    resetMessages(false)
    // `end` again if a callback threw, or clerk-js did before the request went out (it does
    // nothing when the request ended).
    promise = execute().finally(end)
    inFlight = promise
    deps.onChange()
    return promise
  }

  function localError(field: keyof LocalErrors, message: LocalError): Promise<ClientTrustActionResult> {
    set(() => (state.localErrors = { ...state.localErrors, [field]: message }))
    return Promise.resolve({ error: new Error(sayLocal(message, deps.messages())) })
  }

  function abandon(): Promise<ClientTrustActionResult> {
    const id = deps.signIn()?.id
    if (id) remember(id, { abandoned: true })
    abandons++
    generation++
    set(() => {
      if (inFlight) {
        inFlight = null
        inFlightKey = null
        state.phase = 'abandoning'
      }
      resetMessages(true)
    })
    return resetClerk()
  }

  return Object.assign(state, {
    run,
    localError,
    say: (next: Notice) => set(() => (state.notice = next)),
    clearMessages,
    abandon,
    dropIfAbandoned: (id: string | undefined, previous?: string) => {
      if (!id || !recall(id).abandoned) return
      if (previous && previous !== id && !recall(previous).abandoned) void deps.reloadClient().catch(() => resetClerk())
      else void resetClerk()
    },
  })
}
