/**
 * What the form downloads when a sign-in first needs it, not with the page:
 *
 * - the Clerk localization adapter (`core/clerkLocalization.ts`): an English form never needs it.
 *   Loaded by whatever first hands the form a Clerk localization: `clientTrustPlugin`, the Nuxt
 *   plugins, `useClerkLocalization`, or the composable itself, which waits for it before it shows
 *   a step (and on the server, before it renders), so a localized form is never seen in English first;
 * - the English of the steps off the email/SMS path (`core/defaultMessages.ts`: MFA, email links,
 *   other methods, the password reset): the composable holds back the first snapshot that leaves
 *   the path until it is in, so that step shows whole, in one update.
 *
 * Each is loaded once per page (or server process); a failed load is tried again next time.
 */
import { shallowReadonly, shallowRef, watch } from 'vue'
import type { Ref } from 'vue'
import { loadOffPathActions } from '../controller/signInController'
import type { SignInController, SignInSnapshot } from '../controller/signInController'
import { leavesEmailSmsPath, VIEW_KEYS } from '../core/flow'
import { loadOnce } from '../core/memo'
import type { UseClientTrustSignInOptions } from './types'

type Adapter = typeof import('../core/clerkLocalization')
type English = typeof import('../core/defaultMessages')

/** Loads a module once into `target`; the promise is forgotten when it fails. */
const loader = <T>(target: Ref<T | null>, load: () => Promise<T>): () => Promise<T> =>
  loadOnce(() => load().then(module => target.value = module))

const english = shallowRef<English | null>(null)
const adapter = shallowRef<Adapter | null>(null)

/** The whole English table once loaded, else `null`; reactive. */
export const offPathEnglish = shallowReadonly(english)
/** Loads the English of the steps off the email/SMS path, and the controller's actions there (picking a method, the password reset). */
export const loadOffPathEnglish = loader(english, () => Promise.all([import('../core/defaultMessages'), loadOffPathActions()]).then(([module]) => module))

/** The adapter once loaded (with what `loadOffPathEnglish` loads: the whole English table is its fallback), else `null`; reactive. */
export const languageAdapter = shallowReadonly(adapter)
/** Loads the adapter. */
export const loadLanguageAdapter = loader(adapter, () => Promise.all([import('../core/clerkLocalization'), loadOffPathEnglish()]).then(([module]) => module))

/**
 * Hands `show` each snapshot of `controller`, from the next one on, with the one shown before it,
 * holding back one that needs something not in yet: the English of the steps off the email/SMS
 * path, and what `beforeShow` waits for (a step's component). Meanwhile the one before stays,
 * busy (`isFetching`), and then the latest shows whole, in one update: when the English comes
 * last, in the same tick as the messages change (a synchronous watcher). A failed load shows it
 * anyway: what the form has is better than nothing. Call in the setup that owns `show` (the
 * watcher stops with it).
 */
export function showWhole(controller: Pick<SignInController, 'getSnapshot' | 'subscribe' | 'refresh'>, show: (snapshot: SignInSnapshot, previous: SignInSnapshot) => void, beforeShow?: UseClientTrustSignInOptions['beforeShow']): void {
  let shown = controller.getSnapshot()
  // The loads the held snapshot waits for, and whether one of them failed.
  let pending = 0
  let failed = false
  let awaitingEnglish = false
  const reveal = (snapshot: SignInSnapshot) => {
    if (snapshot === shown) return
    const previous = shown
    shown = snapshot
    show(snapshot, previous)
  }
  // The snapshot a hold began with. `beforeShow` is asked only when what it is told changes.
  let held = shown
  const otherView = (a: SignInSnapshot, b: SignInSnapshot) => {
    for (const key of VIEW_KEYS) {
      if (a[key] !== b[key]) return true
    }
    return false
  }
  const settle = (loaded: boolean) => {
    failed ||= !loaded
    if (--pending) return
    const latest = controller.getSnapshot()
    // After a failure, the latest as it is (a load tried again would fail again); else what it
    // needs in turn, not asking `beforeShow` again for the view it waited for (it may hand a new
    // promise on every call).
    if (failed) reveal(latest)
    else offer(latest, !otherView(latest, held))
  }
  const offer = (next: SignInSnapshot, prepared = false) => {
    if (pending) return
    failed = false
    held = next
    const part = beforeShow && !prepared && otherView(next, shown) ? beforeShow(next) : null
    if (part) {
      pending++
      part.then(() => settle(true), () => settle(false))
    }
    if (!english.value && leavesEmailSmsPath(next)) {
      pending++
      awaitingEnglish = true
      loadOffPathEnglish().catch(() => {
        awaitingEnglish = false
        settle(false)
      })
    }
    if (!pending) reveal(next)
    // Meanwhile the form is busy (its buttons disabled), as while an action's code downloads.
    else if (!shown.isFetching) reveal({ ...shown, isFetching: true })
  }
  controller.subscribe(offer)
  watch(english, () => {
    if (!awaitingEnglish) return
    awaitingEnglish = false
    // The controller says its errors again in the whole table (publishing its latest snapshot).
    controller.refresh()
    settle(true)
  }, { flush: 'sync' })
}
