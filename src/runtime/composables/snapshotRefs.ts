import { shallowRef, triggerRef } from 'vue'
import type { ShallowRef } from 'vue'
import type { SignInController, SignInSnapshot } from '../controller/signInController'
import { BOOKKEEPING_KEYS } from '../controller/snapshot'
import { showWhole } from './onDemand'
import type { ShownKey, UseClientTrustSignInOptions } from './types'

/** One shallow ref per shown field of the controller's snapshot. */
export type SnapshotRefs = { [K in ShownKey]: ShallowRef<SignInSnapshot[K]> }

/**
 * The controller's snapshot as one ref per shown field, each set only when its value changed: a
 * new snapshot wakes only what reads a value that changed (the controller keeps equal values
 * identical), and its bookkeeping (`BOOKKEEPING_KEYS`) has no ref to set. A snapshot waits for
 * what it needs to show whole: the English off the email/SMS path, and what `beforeShow` loads
 * (`onDemand.ts`). Call in the setup or scope that owns the controller.
 */
export function useSnapshotRefs(controller: Pick<SignInController, 'getSnapshot' | 'subscribe' | 'refresh'>, beforeShow?: UseClientTrustSignInOptions['beforeShow']): SnapshotRefs {
  const initial = controller.getSnapshot()
  const keys = (Object.keys(initial) as Array<keyof SignInSnapshot>).filter((key): key is ShownKey => !(BOOKKEEPING_KEYS as readonly string[]).includes(key))
  const refs = Object.fromEntries(keys.map(key => [key, shallowRef(initial[key])])) as SnapshotRefs
  showWhole(controller, (next, previous) => {
    for (const key of keys) {
      if (!Object.is(next[key], previous[key])) (refs[key] as ShallowRef<unknown>).value = next[key]
    }
    // clerk-js changes its SignInFuture in place too: the ref announces what it says, not only new objects.
    if (next.signIn === previous.signIn && next.signInVersion !== previous.signInVersion) triggerRef(refs.signIn)
  }, beforeShow)
  return refs
}
