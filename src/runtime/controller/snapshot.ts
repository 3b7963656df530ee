/**
 * What the controller shows: its state read as the derived view (step, factor, lists: what the
 * effects watch) and as the immutable snapshot the subscribers get. Both keep the identity of
 * their values while equal, so an unchanged part is not rendered again.
 */
import type { Clerk, SignInErrors, SignInFutureResource } from '@clerk/shared/types'
import { alternativesTo, codeChannel, currentFactor, factorKey, isResetStrategy, offeredFactors } from '../core/factors'
import type { SecondFactor } from '../core/factors'
import { stepFromStatus } from '../core/flow'
import type { Step } from '../core/flow'
import { formErrors } from '../core/errors'
import type { Messages } from '../core/messages'
import type { PasswordRule, PasswordSettingsLike } from '../core/passwordRules'
import type * as PasswordRules from '../core/passwordRules'
import type { ProtectCheckView } from '../core/protectCheck'
import type { ClientTrustErrors, EmailLinkStatus } from '../core/results'
import { clerkInstanceSettings } from './clerkSignal'
import type { SignalState } from './clerkSignal'
import type { FlowView } from './effects'
import type { LinkLanding } from './emailLink'
import { memo, sameFields } from '../core/memo'
import { NOTHING_REMEMBERED, recall } from './memory'
import type { ProtectCheckRunner } from './protectCheck'
import { sayLocal } from './requests'
import type { LocalErrors, Notice, RequestPhase, Requests } from './requests'
import type { ResendCooldown } from './resendCooldown'

/** Everything the flow shows, at one moment. Values keep their identity while equal. */
export interface SignInSnapshot {
  /** Clerk loaded and the controller started (in the browser). */
  readonly isLoaded: boolean
  /** Clerk has not loaded within `loadTimeout` seconds. */
  readonly unavailable: boolean
  readonly step: Step
  /** clerk-js' `SignInFuture`; clerk-js may change it in place: see `signInVersion`. */
  readonly signIn: SignInFutureResource | null
  /** What `signIn` says, as a string: a new one when clerk-js changed the same object. */
  readonly signInVersion: string
  readonly clerkErrors: SignInErrors | null
  readonly fetchStatus: 'idle' | 'fetching'
  readonly phase: RequestPhase
  /** A request of ours or Clerk's is running, or an action's code is being downloaded. */
  readonly isFetching: boolean
  readonly factor: SecondFactor | null
  readonly factors: readonly SecondFactor[]
  readonly alternatives: readonly SecondFactor[]
  readonly showingAlternatives: boolean
  readonly channel: 'email_code' | 'phone_code' | null
  readonly safeIdentifier: string | null
  readonly emailLinkStatus: EmailLinkStatus
  /** Seconds until a resend is allowed. */
  readonly resendIn: number
  /** Errors to show, translated. */
  readonly errors: ClientTrustErrors
  /** The instance offers a password reset ("Forgot password?"): passwords on, and an email or phone to send the code to. */
  readonly canResetPassword: boolean
  /**
   * The instance's rules for a new password (Clerk's environment), for the `new-password` step:
   * there from the moment the flow first leaves the email/SMS path (they come with its actions,
   * `offPathActions.ts`), empty before.
   */
  readonly passwordRules: readonly PasswordRule[]
  /** {@link passwordRules} as one sentence in the form's language (empty with them). */
  readonly passwordRulesText: string
  /** Clerk's current session id (pending ones too): `null` signed out, `undefined` until loaded. */
  readonly sessionId: string | null | undefined
  /** The Clerk Protect challenge the `protect-check` step runs (`null`: none running yet). */
  readonly protectCheck: ProtectCheckView | null
}

/**
 * Fields of {@link SignInSnapshot} the composable does not return: the request phase and the
 * session, which the effects and the controller's tests read, and `signInVersion`, which tells the
 * composable that clerk-js changed the sign-in in place. It returns every other one as a ref.
 */
export const BOOKKEEPING_KEYS = ['phase', 'signInVersion', 'sessionId'] as const satisfies ReadonlyArray<keyof SignInSnapshot>

/** What {@link FlowViews.derive} adds to the effects' view, for the snapshot and the actions. */
export interface Derived extends FlowView {
  /** What the sign-in says (`SignalState.version`): the view is a new one when clerk-js changed the sign-in in place. */
  signInVersion: string
  factors: SecondFactor[]
  alternatives: SecondFactor[]
  isFetching: boolean
  unavailable: boolean
}

/** The controller's own state: written by the controller, read here. */
export interface FlowState {
  clerk: Clerk | null
  signal: SignalState
  /** `start()` ran: the form is on a page. */
  started: boolean
  /** `loadTimeout` passed before Clerk loaded. */
  loadTimedOut: boolean
  /** What the URL said of an email link opened here. */
  landing: LinkLanding
  showingAlternatives: boolean
  /** Actions off the email/SMS path called while their chunk downloads: the form is busy meanwhile. */
  awaitingActions: number
}

/** What {@link createFlowViews} reads besides the state. */
export interface FlowViewDeps {
  state: Readonly<FlowState>
  /** Counts the changes: the view is derived once per revision (a field, read without a call). */
  clock: { readonly revision: number }
  requests: Pick<Requests, 'phase' | 'notice' | 'localErrors' | 'hideClerkErrors'>
  cooldown: Pick<ResendCooldown, 'secondsLeft'>
  protect: Pick<ProtectCheckRunner, 'container' | 'view'>
  /** The form's messages and locale. */
  language: () => FormWords
  /** The password rules' reader, once loaded with the actions off the email/SMS path (`offPathActions.ts`). */
  offPath: () => RulesReader | null
}

/** The messages of the form's language, and its locale (`null`: English). */
export interface FormWords {
  messages: Messages
  locale: string | null | undefined
}

export interface FlowViews {
  /** The derived view of the current revision. */
  derive: () => Derived
  /** The snapshot of now: `previous` itself when nothing in it changed. */
  build: (previous: SignInSnapshot | null) => SignInSnapshot
}

/** `next`, or `previous` (identity kept) when equal: same content, as JSON (what the derived lists and errors are made of). */
const keep = <T>(previous: T | undefined, next: T): T => previous !== undefined && (previous === next || JSON.stringify(previous) === JSON.stringify(next)) ? previous : next

const NO_ERRORS: readonly unknown[] = []

/** What reads and says the password rules (`core/passwordRules.ts`), downloaded off the email/SMS path. */
export type RulesReader = Pick<typeof PasswordRules, 'passwordRules' | 'describeRules' | 'minLength'>

type Verification = SignInFutureResource['secondFactorVerification'] | null | undefined

/** What follows the sign-in in the view. */
interface SignInPart {
  step: Step
  factors: SecondFactor[]
  factor: SecondFactor | null
  factorKey: string | null
  alternatives: SecondFactor[]
  verification: Verification
}

export function createFlowViews(deps: FlowViewDeps): FlowViews {
  const { state, requests } = deps

  // ── Derived state, once per revision. What follows the sign-in (step, factors, factor) is
  // made again only when what the sign-in says (its version: clerk-js may hand over a new object
  // saying the same), its trust state or the two facts of its memory read here changed; the view
  // itself is the previous object while every field is equal, so the effects skip it.
  const followSignIn = memo((before: SignInPart | undefined, _version: string, clientTrustState: string | null, picked: string | undefined, resetAsked: boolean | undefined, isLoaded: boolean): SignInPart => {
    const si = state.signal.signIn
    // Resetting the password: asked here ("Forgot password?"), or a reset code already sent (a reload).
    const resetting = !!resetAsked || isResetStrategy(si?.firstFactorVerification?.strategy)
    // An older application's `needs_second_factor` may be Device Trust: what the sign-in offers tells.
    const trust = { clientTrustState, strategies: si?.supportedSecondFactors?.map(f => f.strategy) }
    const step: Step = isLoaded ? stepFromStatus(si?.status, resetting, trust) : 'loading'
    const factors = keep(before?.factors, offeredFactors(step, { first: si?.supportedFirstFactors, second: si?.supportedSecondFactors }))
    const verification = step === 'reset-code' ? si?.firstFactorVerification : si?.secondFactorVerification
    const factor = keep(before?.factor, currentFactor(factors, step, picked, verification))
    return { step, factors, factor, verification, factorKey: factor ? factorKey(factor) : null, alternatives: keep(before?.alternatives, alternativesTo(factors, factor)) }
  })
  let cache: { revision: number, view: Derived } | null = null
  function derive(): Derived {
    const { revision } = deps.clock
    if (cache?.revision === revision) return cache.view
    const before = cache?.view
    const { clerk, signal, landing } = state
    const si = signal.signIn
    const isLoaded = state.started && clerk !== null
    // Of the sign-in's memory, what the step and factor depend on: a code sent or a countdown
    // started is no new step.
    const memory = si?.id ? recall(si.id) : NOTHING_REMEMBERED
    const { step, factors, factor, verification, factorKey, alternatives } = followSignIn(signal.version, signal.clientTrustState, memory.picked, memory.resetting, isLoaded)
    const phase = requests.phase
    const view: Derived = {
      isLoaded,
      step,
      signIn: si,
      signInVersion: signal.version,
      phase,
      factor,
      factorKey,
      sessionId: clerk ? signal.sessionId : undefined,
      factors,
      alternatives,
      showingAlternatives: state.showingAlternatives,
      emailLinkStatus: factor?.strategy === 'email_link'
        ? verification?.strategy === 'email_link' && verification.status === 'expired' ? 'expired' : 'pending'
        : step !== 'credentials' ? null : landing === 'verified' ? 'verified-elsewhere' : landing === 'expired' ? 'expired' : null,
      // A request left by "Start over" may never answer (clerk-js sets no timeout on FAPI calls):
      // Clerk's `fetching` for it must not keep the form disabled.
      isFetching: phase === 'running' || state.awaitingActions > 0 || (signal.fetchStatus === 'fetching' && phase !== 'abandoning'),
      unavailable: state.loadTimedOut && clerk === null,
      protectToken: step === 'protect-check' && deps.protect.container ? si?.protectCheck?.token ?? null : null,
    }
    cache = { revision, view: before && sameFields(view, before) ? before : view }
    return cache.view
  }

  // The rules and their sentence (it builds an `Intl.ListFormat`): made again only when the
  // settings, the language or the module saying them change.
  const NO_RULES: readonly PasswordRule[] = []
  const rulesOf = memo((before: readonly PasswordRule[] | undefined, off: RulesReader, settings: PasswordSettingsLike | undefined) => keep(before, off.passwordRules(settings)))
  // Said once the words are in too: the composable's English off the path may land after the rules.
  const rulesText = memo((_: string | undefined, off: RulesReader, rules: readonly PasswordRule[], messages: Messages, locale: string | null | undefined) => messages.passwordRules ? off.describeRules(rules, messages, locale) : '')
  // The errors, made again only when what they are made of changed.
  const errorsOf = memo((before: ClientTrustErrors | undefined, step: Step, signInId: string | undefined, status: string | undefined, clerkErrors: readonly unknown[], notice: Notice | null, localErrors: LocalErrors, unavailable: boolean, hasFactor: boolean, messages: Messages, off: RulesReader | null, rules: readonly PasswordRule[]) => keep(before, formErrors({
    step,
    signInId,
    status,
    clerkErrors,
    notice: notice === null ? null : typeof notice === 'string' ? messages[notice] : notice.text,
    localErrors: Object.fromEntries(Object.entries(localErrors).map(([field, message]) => [field, sayLocal(message, messages)])),
    unavailable,
    hasFactor,
  }, messages, off ? { length: off.minLength(rules) } : {})))

  function build(previous: SignInSnapshot | null): SignInSnapshot {
    const v = derive()
    const si = v.signIn
    const { signal } = state
    const instance = clerkInstanceSettings(state.clerk)
    const off = deps.offPath()
    // None before the module that reads them is in (`offPathActions.ts`).
    const rules = off ? rulesOf(off, instance.passwordSettings) : NO_RULES
    const { messages, locale } = deps.language()
    const errors = errorsOf(v.step, si?.id ?? undefined, si?.status ?? undefined, requests.hideClerkErrors ? NO_ERRORS : signal.errors?.raw ?? NO_ERRORS, requests.notice, requests.localErrors, v.unavailable, !!v.factor, messages, off, rules)
    const strategy = v.factor?.strategy
    const check = deps.protect.view()
    const protectCheck = check === null || check === previous?.protectCheck ? check : keep(previous?.protectCheck, check)
    const next: SignInSnapshot = {
      isLoaded: v.isLoaded,
      unavailable: v.unavailable,
      step: v.step,
      signIn: si,
      signInVersion: signal.version,
      clerkErrors: signal.errors,
      fetchStatus: signal.fetchStatus,
      phase: v.phase,
      isFetching: v.isFetching,
      factor: v.factor,
      factors: v.factors,
      alternatives: v.alternatives,
      showingAlternatives: v.showingAlternatives,
      channel: codeChannel(strategy),
      safeIdentifier: v.factor?.safeIdentifier ?? null,
      emailLinkStatus: v.emailLinkStatus,
      resendIn: deps.cooldown.secondsLeft,
      errors,
      canResetPassword: instance.canResetPassword,
      passwordRules: rules,
      passwordRulesText: off ? rulesText(off, rules, messages, locale) : '',
      sessionId: v.sessionId,
      protectCheck,
    }
    // A plain loop: this runs on every change, and a callback per key is a call per key.
    if (previous && sameFields(next, previous)) return previous
    return Object.freeze(next)
  }

  return { derive, build }
}
