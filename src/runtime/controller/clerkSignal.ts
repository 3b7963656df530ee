/**
 * The only file that touches clerk-js `__internal_` API: the sign-in signal, and the
 * two reads the form's language needs (see {@link clerkLanguage} at the end). No Vue.
 *
 * clerk-js keeps the sign-in in a signal (`__internal_state.signInSignal()`);
 * @clerk/react's `useSignIn` subscribes to it with `__internal_effect`. @clerk/vue
 * 2.5 exposes no such composable, so the controller subscribes here. When Clerk ships
 * an official signal API for Vue, replace this file only.
 */
import type { Clerk, SignInErrors, SignInFutureResource } from '@clerk/shared/types'
import type { ClerkLanguageSource } from '../core/language'
import { memo } from '../core/memo'
import type { PasswordSettingsLike } from '../core/passwordRules'

type Verification = SignInFutureResource['firstFactorVerification'] | null | undefined
type Factor = { strategy: string, safeIdentifier?: string, emailAddressId?: string, phoneNumberId?: string }

/**
 * What a sign-in says, as a string: equal strings, nothing for the form to re-read. The fields
 * the form, its steps and a slot read: status, ids, the factors offered, both verifications, the
 * user's name and picture (built by hand: JSON of the whole resource is far costlier, per response;
 * in loops, not a callback per factor: this runs on every update of the signal).
 */
function fingerprint(signIn: SignInFutureResource | null): string {
  if (!signIn) return ''
  const { userData, existingSession } = signIn
  const { protectCheck } = signIn as { protectCheck?: { status?: string } | null }
  let text = `${signIn.id}|${signIn.status}|${signIn.identifier}|${signIn.createdSessionId}|${signIn.isTransferable}|${userData?.firstName}|${userData?.lastName}|${userData?.imageUrl}|${existingSession?.sessionId}|${protectCheck?.status}`
  for (const v of [signIn.firstFactorVerification, signIn.secondFactorVerification] as Verification[]) {
    text += v ? `|${v.status}/${v.strategy}/${v.attempts}/${v.expireAt?.valueOf()}/${v.error?.code}/${(v as { channel?: string }).channel}` : '|'
  }
  for (const list of [signIn.supportedFirstFactors, signIn.supportedSecondFactors] as Array<readonly Factor[] | null | undefined>) {
    text += '|'
    for (const f of list ?? []) text += `${f.strategy}:${f.emailAddressId ?? f.phoneNumberId ?? ''}:${f.safeIdentifier ?? ''},`
  }
  return text
}

/** Clerk rebuilds its parsed errors on every signal update: the same errors, the same object. */
function sameErrors(a: SignInErrors | null, b: SignInErrors | null): boolean {
  if (a === b) return true
  if (!a || !b) return false
  const ra = a.raw ?? []
  const rb = b.raw ?? []
  return ra.length === rb.length && ra.every((error, i) => error === rb[i])
}

/**
 * The sign-in's `clientTrustState`, which `SignInFuture` does not expose (clerk-js 6.40): read from the
 * `SignIn` resource behind the signal, else `clerk.client.signIn`, when it is the same sign-in.
 */
export function clientTrustStateOf(instance: Clerk, signIn: SignInFutureResource | null): string | null {
  if (!signIn?.id) return null
  type Resource = { id?: string | null, clientTrustState?: string } | null | undefined
  const signal = instance.__internal_state as { signInResourceSignal?: () => { resource?: Resource } }
  const behind = signal.signInResourceSignal?.().resource
  const resource: Resource = behind?.id === signIn.id ? behind : instance.client?.signIn
  return resource?.id === signIn.id ? resource.clientTrustState ?? null : null
}

/** What the sign-in signal and Clerk's session say now. */
export interface SignalState {
  /** Latest `SignInFuture` (clerk-js replaces it, and also mutates it in place). */
  signIn: SignInFutureResource | null
  /** Its `clientTrustState` (`'new'` on a device Clerk does not know), or `null`. */
  clientTrustState: string | null
  /** What `signIn` says, as a string: it changes when clerk-js mutated the same object. */
  version: string
  /** Clerk's own parsed errors of the last request (the same object while the errors are the same). */
  errors: SignInErrors | null
  /** `fetching` while a sign-in request is in flight. */
  fetchStatus: 'idle' | 'fetching'
  /**
   * The id of Clerk's current session, pending ones included (a session task to finish is still
   * a signed-in user); `null` when signed out.
   */
  sessionId: string | null
}

/** A subscription to the sign-in signal. */
export interface SignInSubscription {
  /**
   * Passes on now an update not passed on yet: one clerk-js made in this task (the `fetching`,
   * and the errors cleared, that a call of ours makes it say at once), or one held while a
   * request of ours ran (the rest of its answer). It then joins the change that made the call
   * or ended the request, not a change of its own.
   */
  catchUp: () => void
  stop: () => void
}

/**
 * Subscribes to the sign-in signal and the session of a loaded clerk-js: `onChange` gets the
 * whole state at once, then after every change that matters (see below). While `waits()` is
 * true (a request of ours runs), an update that leaves the sign-in's status as it was waits for
 * `catchUp()`, which the controller calls on every change it makes (the request's end, Start
 * over, a countdown tick): the rest of an answer (the client's copy of the sign-in, errors,
 * `idle`) is then one change with what the request's end changes, while a new status (a new
 * step) shows at once. Nothing waits longer than the request: it ends or is left by Start over.
 */
export function subscribeSignIn(instance: Clerk, onChange: (state: SignalState) => void, waits: () => boolean = () => false): SignInSubscription {
  const signal = instance.__internal_state
  let latest = signal.signInSignal()
  let active = true
  let scheduled = false
  // The session's id as clerk-js' listener last said it (passed on with the signal's next update).
  let sessionId = instance.session?.id ?? null
  const state: SignalState = { signIn: null, clientTrustState: null, version: '', errors: null, fetchStatus: 'idle', sessionId }
  const read = () => {
    const value = latest
    const clientTrustState = clientTrustStateOf(instance, value.signIn)
    const version = `${fingerprint(value.signIn)}|${clientTrustState}`
    const errors = sameErrors(value.errors, state.errors) ? state.errors : value.errors
    const same = value.signIn === state.signIn && version === state.version && errors === state.errors && value.fetchStatus === state.fetchStatus && sessionId === state.sessionId
    Object.assign(state, { signIn: value.signIn, clientTrustState, version, errors, fetchStatus: value.fetchStatus, sessionId })
    return !same
  }
  // Once per update scheduled: by its microtask, or earlier by `catchUp()`.
  const apply = () => {
    if (!scheduled) return
    scheduled = false
    if (active && read()) onChange({ ...state })
  }
  // A new status (a new step) is passed on at once; the rest of an answer, while a request of
  // ours runs, waits for its end (no timer: a timer per answer cost more than the pass it saved).
  const due = () => {
    const next = latest.signIn
    const before = state.signIn
    if (!waits() || next?.status !== before?.status || next?.id !== before?.id) apply()
  }
  // clerk-js updates its signal several times per response (the resource, again as the client
  // carries it, errors, `idle`), partly in one task: read the last value once per microtask, and
  // pass it on only when it says something new, so that one response is one change. A promise's
  // `then`, as Vue's own scheduler: V8's queue, where `queueMicrotask` goes through a browser
  // binding (the bench's profiles showed it).
  const schedule = () => {
    if (scheduled) return
    scheduled = true
    void Promise.resolve().then(due)
  }
  let first = true
  const stopEffect = signal.__internal_effect(() => {
    latest = signal.signInSignal()
    if (!first) schedule()
  })
  first = false
  // The session, from clerk-js' public listener (called on every resource change; an unchanged
  // id is no change), passed on as the signal is: the session finalize activates comes with the
  // rest of its answer. clerk-js calls a new listener at once only when it holds a client: the
  // id is read first, so a Clerk loaded without one still reads as signed out.
  const stopListener = instance.addListener(({ session }) => {
    const id = session?.id ?? null
    if (!active || id === sessionId) return
    sessionId = id
    schedule()
  })
  read()
  onChange({ ...state })
  return {
    catchUp: apply,
    stop() {
      active = false
      stopEffect()
      stopListener()
    },
  }
}

/** The parts of clerk-js' environment the form reads. */
interface Environment {
  displayConfig?: { applicationName?: string }
  userSettings?: { passwordSettings?: PasswordSettingsLike, attributes?: Record<string, { enabled?: boolean } | undefined> }
}

// clerk-js keeps the environment on a getter its public type leaves out; older builds
// named it `__unstable__environment`.
function environmentOf(instance: Clerk | null | undefined): Environment | null | undefined {
  const env = instance as unknown as { __internal_environment?: Environment | null, __unstable__environment?: Environment | null } | null | undefined
  return env?.__internal_environment ?? env?.__unstable__environment
}

/**
 * Reads the app's Clerk `localization` and application name from a loaded clerk-js.
 * `__internal_getOption` is what Clerk's own prebuilt UI reads its options with; the
 * `localization` an app passes through `clerkPlugin` or `@clerk/nuxt` lands there. Both
 * reads are plain fields: call this from a computed that also depends on the loaded state.
 */
export function clerkLanguage(instance: Clerk | null | undefined): ClerkLanguageSource {
  if (!instance?.loaded) return { localization: undefined, applicationName: undefined }
  const localization = typeof instance.__internal_getOption === 'function' ? instance.__internal_getOption('localization') : undefined
  const applicationName = environmentOf(instance)?.displayConfig?.applicationName
  return { localization: localization ?? undefined, applicationName: applicationName || undefined }
}

/** What the form reads of the instance's settings (clerk-js' environment). */
export interface ClerkInstanceSettings {
  /** `user_settings.password_settings`, as FAPI sent them. */
  passwordSettings: PasswordSettingsLike | undefined
  /** Passwords are on, and accounts have an email address or phone number a reset code can go to. */
  canResetPassword: boolean
}

/** What the settings say, made again only when clerk-js has new ones (read on every change of the flow). */
const settingsSay = memo((_: ClerkInstanceSettings | undefined, settings: Environment['userSettings']): ClerkInstanceSettings => {
  const on = (name: string) => !!settings?.attributes?.[name]?.enabled
  return {
    passwordSettings: settings?.passwordSettings,
    canResetPassword: on('password') && (on('email_address') || on('phone_number')),
  }
})

/** Reads the password settings from a loaded clerk-js' environment. */
export const clerkInstanceSettings = (instance: Clerk | null | undefined): ClerkInstanceSettings => settingsSay(environmentOf(instance)?.userSettings)
