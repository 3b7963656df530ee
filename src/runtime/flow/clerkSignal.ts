/**
 * The only file that touches clerk-js `__internal_` API: the sign-in signal, and the
 * two reads the form's language needs (see {@link clerkLanguage} at the end).
 *
 * clerk-js keeps the sign-in in a signal (`__internal_state.signInSignal()`);
 * @clerk/react's `useSignIn` subscribes to it with `__internal_effect`. @clerk/vue
 * 2.5 exposes no such composable, so this bridge copies the signal into Vue refs.
 * When Clerk ships an official Vue signal API, replace this file only.
 */
import { getCurrentScope, onScopeDispose, shallowRef, toValue, triggerRef, watch } from 'vue'
import type { MaybeRefOrGetter, ShallowRef } from 'vue'
import type { Clerk, LocalizationResource, SignInErrors, SignInFutureResource } from '@clerk/shared/types'

type Verification = SignInFutureResource['firstFactorVerification'] | null | undefined
type Factors = SignInFutureResource['supportedSecondFactors'] | null | undefined

const verification = (v: Verification) =>
  v ? `${v.status}/${v.strategy}/${v.attempts}/${v.expireAt?.valueOf()}/${v.error?.code}/${(v as { channel?: string }).channel}` : ''
const factors = (list: Factors) => (list ?? []).map((f) => {
  const { strategy, safeIdentifier, emailAddressId, phoneNumberId } = f as { strategy: string, safeIdentifier?: string, emailAddressId?: string, phoneNumberId?: string }
  return `${strategy}:${emailAddressId ?? phoneNumberId ?? ''}:${safeIdentifier ?? ''}`
}).join(',')

/**
 * What a sign-in says, as a string: equal strings, nothing for the form to re-read. The fields
 * the form, its steps and a slot read: status, ids, the factors offered, both verifications, the
 * user's name and picture (built by hand: JSON of the resource costs a millisecond per response).
 */
function fingerprint(signIn: SignInFutureResource | null): string {
  if (!signIn) return ''
  const { userData, existingSession } = signIn
  const { protectCheck } = signIn as { protectCheck?: { status?: string } | null }
  return [
    signIn.id, signIn.status, signIn.identifier, signIn.createdSessionId, signIn.isTransferable,
    verification(signIn.firstFactorVerification), verification(signIn.secondFactorVerification),
    factors(signIn.supportedFirstFactors as Factors), factors(signIn.supportedSecondFactors),
    userData?.firstName, userData?.lastName, userData?.imageUrl, existingSession?.sessionId, protectCheck?.status,
  ].join('|')
}

/** Clerk rebuilds its parsed errors on every signal update: the same errors, the same object for Vue. */
function sameErrors(a: SignInErrors | null, b: SignInErrors | null): boolean {
  if (a === b) return true
  if (!a || !b) return false
  const ra = a.raw ?? []
  const rb = b.raw ?? []
  return ra.length === rb.length && ra.every((error, i) => error === rb[i])
}

/** Vue refs mirroring clerk-js' sign-in signal. */
export interface SignInBridge {
  /** Latest `SignInFuture`; re-read from the signal on every change (clerk-js replaces it). */
  signIn: ShallowRef<SignInFutureResource | null>
  /** Clerk's own parsed errors of the last request. */
  errors: ShallowRef<SignInErrors | null>
  /** `fetching` while a sign-in request is in flight. */
  fetchStatus: ShallowRef<'idle' | 'fetching'>
  /** `true` once subscribed to a loaded Clerk. */
  isLoaded: ShallowRef<boolean>
  /**
   * The id of Clerk's current session, pending ones included (a session task to finish is still
   * a signed-in user); `null` when signed out, `undefined` until Clerk has loaded.
   */
  sessionId: ShallowRef<string | null | undefined>
  /** Unsubscribes; also called when the current effect scope is disposed. */
  stop: () => void
}

/**
 * Subscribes to the sign-in signal of `clerk` (the ShallowRef from @clerk/vue's
 * `useClerk()`, which is set before `load()` resolves and `triggerRef`'d after).
 * Re-subscribes when the instance changes or finishes loading.
 */
export function bridgeSignIn(clerk: MaybeRefOrGetter<Clerk | null | undefined>): SignInBridge {
  const signIn = shallowRef<SignInFutureResource | null>(null)
  const errors = shallowRef<SignInErrors | null>(null)
  const fetchStatus = shallowRef<'idle' | 'fetching'>('idle')
  const isLoaded = shallowRef(false)
  const sessionId = shallowRef<string | null | undefined>(undefined)
  let unsubscribe: (() => void) | undefined

  const unsubscribeCurrent = () => {
    unsubscribe?.()
    unsubscribe = undefined
    isLoaded.value = false
    sessionId.value = undefined
  }

  const subscribe = (instance: Clerk) => {
    const state = instance.__internal_state
    let latest = state.signInSignal()
    let seen = ''
    let active = true
    let scheduled = false
    const apply = () => {
      scheduled = false
      if (!active) return
      const value = latest
      const print = fingerprint(value.signIn)
      if (value.signIn !== signIn.value) signIn.value = value.signIn
      // clerk-js mutates the same SignInFuture: dependents re-read it only when what it says changed.
      else if (print !== seen) triggerRef(signIn)
      seen = print
      if (!sameErrors(value.errors, errors.value)) errors.value = value.errors
      fetchStatus.value = value.fetchStatus
    }
    // clerk-js updates its signal several times per response (the resource, again as the client
    // carries it, errors, `idle`), partly in one task: copy the last value once per microtask, and
    // only what changed, so that one response is one change for Vue. The first copy is immediate.
    // A promise's `then`, as Vue's own scheduler: V8's queue, where `queueMicrotask` goes through
    // a browser binding (0.15-0.24 ms of a flow in the bench's profiles, gone with this).
    let first = true
    const stopEffect = state.__internal_effect(() => {
      latest = state.signInSignal()
      if (first || scheduled) return
      scheduled = true
      void Promise.resolve().then(apply)
    })
    first = false
    apply()
    // The session, from clerk-js' public listener (called on every resource change; an unchanged
    // id is no change for Vue). @clerk/vue's useAuth() would derive a dozen values from it.
    // clerk-js calls a new listener at once only when it holds a client: set first, so a Clerk
    // loaded without one still reads as signed out, not as not loaded.
    sessionId.value = instance.session?.id ?? null
    const stopListener = instance.addListener(({ session }) => {
      if (active) sessionId.value = session?.id ?? null
    })
    unsubscribe = () => {
      active = false
      stopEffect()
      stopListener()
    }
    isLoaded.value = true
  }

  // The getter returns null until loaded: `loaded` is a plain field, but
  // @clerk/vue triggers the ref after load, which re-runs the getter.
  const stopWatch = watch(
    () => {
      const instance = toValue(clerk)
      return instance?.loaded && instance.__internal_state ? instance : null
    },
    (instance) => {
      unsubscribeCurrent()
      if (instance) subscribe(instance)
    },
    { immediate: true, flush: 'sync' },
  )

  const stop = () => {
    stopWatch()
    unsubscribeCurrent()
  }
  if (getCurrentScope()) onScopeDispose(stop)

  return { signIn, errors, fetchStatus, isLoaded, sessionId, stop }
}

/** What the form needs of the app's Clerk to speak its language. */
export interface ClerkLanguage {
  /** The `localization` the app gave Clerk (`Clerk.load` options), if any. */
  localization: LocalizationResource | undefined
  /** The application's name from clerk-js' environment, for Clerk's `{{applicationName}}`. */
  applicationName: string | undefined
}

// clerk-js keeps the environment on a getter its public type leaves out; older builds
// named it `__unstable__environment`.
interface ClerkWithEnvironment {
  __internal_environment?: { displayConfig?: { applicationName?: string } } | null
  __unstable__environment?: { displayConfig?: { applicationName?: string } } | null
}

/**
 * Reads the app's Clerk `localization` and application name from a loaded clerk-js.
 * `__internal_getOption` is what Clerk's own prebuilt UI reads its options with; the
 * `localization` an app passes through `clerkPlugin` or `@clerk/nuxt` lands there. Both
 * reads are plain fields: call this from a computed that also depends on the loaded state.
 */
export function clerkLanguage(instance: Clerk | null | undefined): ClerkLanguage {
  if (!instance?.loaded) return { localization: undefined, applicationName: undefined }
  const localization = typeof instance.__internal_getOption === 'function' ? instance.__internal_getOption('localization') : undefined
  const env = instance as unknown as ClerkWithEnvironment
  const applicationName = (env.__internal_environment ?? env.__unstable__environment)?.displayConfig?.applicationName
  return { localization: localization ?? undefined, applicationName: applicationName || undefined }
}
