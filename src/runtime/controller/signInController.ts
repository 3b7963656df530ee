/**
 * The sign-in flow as one object, no Vue: it takes clerk-js (its sign-in signal and session),
 * the settings and the messages; owns the request phase, the per-sign-in memory, the resend
 * countdown, the email-link flow, finalize, abandon and every effect (`effects.ts`); and
 * publishes one immutable snapshot per change. `useClientTrustSignIn` is its Vue adapter.
 *
 * This file holds the state, the change loop and the password step's action, and composes the
 * parts: `snapshot.ts` (the derived view, the snapshot), `codeStep.ts` (the code steps'
 * actions), `finalize.ts` (the session activated, where to go), `requests.ts`,
 * `resendCooldown.ts`, `emailLink.ts`; on demand, `offPathActions.ts` (the password reset's
 * actions, picking another method, the password rules: loaded when the flow leaves the
 * email/SMS path or one of them is called) and `protectCheck.ts` (loaded when a sign-in first
 * meets a Protect challenge).
 *
 * ```
 * clerk-js signal ─▶ state ─▶ derive() ─▶ effects (may act) ─▶ snapshot ─▶ subscribers
 *        ▲                                      │
 *        └──────── actions (the app, the form) ─┘
 * ```
 */
import type { Clerk } from '@clerk/shared/types'
import type { FactorStrategy, SecondFactor } from '../core/factors'
import { passwordParams } from '../core/flow'
import type { IdentifierOption } from '../core/flow'
import { displayableError, mapClerkError } from '../core/errors'
import { loadOnce } from '../core/memo'
import type { Messages } from '../core/messages'
import { toError } from '../core/results'
import type { ClientTrustActionResult, ClientTrustErrorEvent, ClientTrustTask } from '../core/results'
import type { ClientTrustSettings, SettingKey } from '../settings'
import { clerkInstanceSettings, subscribeSignIn } from './clerkSignal'
import type { SignalState, SignInSubscription } from './clerkSignal'
import { createCodeStep } from './codeStep'
import { createEffectRunner } from './effects'
import type { EffectTarget } from './effects'
import { createEmailLinkRunner, readLanding } from './emailLink'
import { createFinalize } from './finalize'
import { loadMemory, remember, subscribeMemory } from './memory'
import type { OffPath } from './offPathActions'
import type { ProtectCheckRunner } from './protectCheck'
import { createRequests, fail, ok } from './requests'
import { createResendCooldown } from './resendCooldown'
import { createFlowViews } from './snapshot'
import type { FlowState, FormWords, SignInSnapshot } from './snapshot'

export type { SignInSnapshot } from './snapshot'

/** What the controller is given: settings and messages as getters (read when used), where to go, whom to tell. */
export interface SignInControllerOptions {
  /** The effective value of a setting. */
  setting: <K extends SettingKey>(key: K) => ClientTrustSettings[K]
  /** The messages in the form's language (errors are published translated); read first when used, then again after each `refresh()`. */
  messages: () => Messages
  /** The form's locale (`'de-DE'`), for lists in a sentence; `null`: English. Read with `messages`. */
  locale?: () => string | null | undefined
  /** A page the app asks to go to once signed in (followed only when safe). */
  redirectUrl?: () => string | null | undefined
  /** Activate the session as soon as the sign-in is complete. @default true */
  autoFinalize?: boolean
  /** Goes to an in-app path or an absolute URL. */
  navigate: (url: string) => unknown
  onComplete?: (result: { sessionId: string | null }) => void
  onTask?: (task: ClientTrustTask) => void
  onError?: (error: ClientTrustErrorEvent) => void
}

/** The flow: read its snapshot, subscribe to the next ones, act through its methods. */
export interface SignInController {
  getSnapshot: () => SignInSnapshot
  /** Calls `listener` with every new snapshot; returns the unsubscribe. */
  subscribe: (listener: (snapshot: SignInSnapshot) => void) => () => void
  /** Follows a loaded clerk-js (`null`: none, or not loaded yet). */
  connect: (clerk: Clerk | null) => void
  /** The form is on a page (browser only): reads the tab's memory and the URL, starts the load timeout. */
  start: () => void
  /** The messages or the locale changed: read them again, and publish the errors in the new language. */
  refresh: () => void
  /** Stops every subscription and timer. */
  dispose: () => void
  submitPassword: (params: { identifier: string, password: string }, identifierOption: IdentifierOption) => Promise<ClientTrustActionResult>
  /** "Forgot password?": a sign-in for `identifier` (unless this one is for it already), then its reset code, sent once. */
  forgotPassword: (identifier: string, identifierOption: IdentifierOption) => Promise<ClientTrustActionResult>
  /** Sets the new password on the `new-password` step; refused without a request when it breaks a rule or differs from `confirmPassword`. */
  submitNewPassword: (params: { password: string, confirmPassword: string, signOutOfOtherSessions: boolean }) => Promise<ClientTrustActionResult>
  sendCode: () => Promise<ClientTrustActionResult>
  resendCode: () => Promise<ClientTrustActionResult>
  verifyCode: (code: string) => Promise<ClientTrustActionResult>
  selectFactor: (target: SecondFactor | FactorStrategy) => Promise<ClientTrustActionResult>
  showAlternatives: (open: boolean) => void
  reset: () => Promise<ClientTrustActionResult>
  finalize: () => Promise<ClientTrustActionResult>
  /** The element the `protect-check` step renders Clerk Protect's challenge in; `null` when it goes (the run stops). */
  attachProtectCheck: (container: HTMLElement | null) => void
  /** Runs the challenge again after it failed (its SDK did not load or complete, or its proof was refused). */
  retryProtectCheck: () => Promise<ClientTrustActionResult>
}

/** The Protect runner's chunk, once per page. */
const loadProtectCheck = loadOnce(() => import('./protectCheck'))
/** What is off the email/SMS path, once loaded (for every controller on the page). */
let offPathModule: OffPath | null = null
/**
 * Loads what is off the email/SMS path: the controller when it leaves the path (an effect) or an
 * action there is called; the composable with that path's English (`onDemand.ts`), so a step
 * off it shows whole and acts at once.
 */
export const loadOffPathActions = loadOnce(() => import('./offPathActions').then(module => offPathModule = module))

const NO_SIGNAL: SignalState = { signIn: null, clientTrustState: null, version: '', errors: null, fetchStatus: 'idle', sessionId: null }

export function createSignInController(options: SignInControllerOptions): SignInController {
  const { setting } = options
  const state: FlowState = { clerk: null, signal: NO_SIGNAL, started: false, loadTimedOut: false, landing: null, showingAlternatives: false, awaitingActions: 0 }
  let subscription: SignInSubscription | undefined
  let stopMemory: (() => void) | undefined
  let loadTimer: ReturnType<typeof setTimeout> | undefined
  const listeners = new Set<(snapshot: SignInSnapshot) => void>()
  /** "Start over" count: an action waiting for its chunk is dropped when the user started over meanwhile. */
  let resets = 0

  // ── Changes: every write calls `changed()`; inside an action or a signal update, effects
  // and the snapshot run once, at the end (`batch`).
  const clock = { revision: 0 }
  let depth = 0
  let dirty = true
  let flushing = false
  let disposed = false
  const changed = () => {
    clock.revision++
    dirty = true
    if (depth === 0) flush()
  }
  const batch = <R>(work: () => R): R => {
    depth++
    try {
      return work()
    }
    finally {
      depth--
      if (depth === 0) flush()
    }
  }

  // The language, read once and again after each `refresh()`: not a getter call per change.
  let words: FormWords | null = null
  const language = () => words ??= { messages: options.messages(), locale: options.locale?.() }
  const messages = () => language().messages
  const locale = () => language().locale

  // ── The parts: requests, countdown, email link, Protect, the views, the actions.
  const requests = createRequests({
    signIn: () => state.signal.signIn,
    isLoaded: () => derive().isLoaded,
    step: () => derive().step,
    messages,
    reloadClient: async () => state.clerk?.client?.reload(),
    onError: options.onError,
    onChange: changed,
    batch,
  })
  const cooldown = createResendCooldown(changed)
  const emailLink = createEmailLinkRunner(() => state.clerk, (outcome, error) => batch(() => {
    const { signIn, factorKey: key, step } = derive()
    // An expired link may be replaced at once.
    if (outcome === 'expired' && signIn?.id && key) cooldown.start(signIn.id, key, 0)
    if (outcome !== 'failed' || !error) return
    const mapped = mapClerkError(displayableError(error), messages())
    requests.say({ text: mapped.message })
    options.onError?.({ step, code: mapped.code, message: mapped.message })
  }))

  // Clerk Protect's runner is a chunk of its own, loaded when a challenge is first due: until
  // then `protect` keeps the step's element and shows no run (the step says "loading" either way).
  let protectRunner: ProtectCheckRunner | null = null
  let protectContainer: HTMLElement | null = null
  const protect = {
    view: () => protectRunner?.view() ?? null,
    get container() {
      return protectContainer
    },
    attach(next: HTMLElement | null) {
      if (next === protectContainer) return
      protectContainer = next
      if (protectRunner) protectRunner.attach(next)
      else changed()
    },
    cancel: () => protectRunner?.cancel(),
  }
  async function protectRunnerLoaded(): Promise<ProtectCheckRunner> {
    const { createProtectCheckRunner, fapiOrigin } = await loadProtectCheck()
    protectRunner ??= createProtectCheckRunner({
      fapiOrigin: () => fapiOrigin(state.clerk),
      submit: (token, proofToken) => requests.run(`protect:${token}`, si => si.submitProtectCheck({ proofToken })),
      expired: async () => {
        await reset()
        requests.say('protectCheckExpired')
      },
      say: key => requests.say(key),
      onChange: changed,
    })
    protectRunner.attach(protectContainer)
    return protectRunner
  }

  const { derive, build } = createFlowViews({ state, clock, requests, cooldown, protect, language, offPath: () => offPathModule })
  const signIn = () => state.signal.signIn
  const codeStep = createCodeStep({ signIn, view: derive, requests, cooldown, emailLink, resendCooldown: () => setting('resendCooldown') })
  const offPathDeps = { signIn, view: derive, requests, emailLink, showAlternatives, passwordSettings: () => clerkInstanceSettings(state.clerk).passwordSettings, locale, remember }
  /**
   * An action of `offPathActions.ts`, run as one change: at once when its chunk is in, else once it
   * is (the form busy meanwhile), unless "Start over" came in between, as for a request queued
   * behind another; a chunk that cannot load is said like a failed request.
   */
  const later = <A extends unknown[]>(action: (module: OffPath, ...args: A) => Promise<ClientTrustActionResult>) =>
    (...args: A): Promise<ClientTrustActionResult> => {
      if (offPathModule) return batch(() => action(offPathModule!, ...args))
      state.awaitingActions++
      changed()
      const startsOver = resets
      const settle = (then: () => Promise<ClientTrustActionResult>) => batch(() => {
        state.awaitingActions--
        changed()
        return disposed || resets !== startsOver ? ok() : then()
      })
      return loadOffPathActions().then(
        module => settle(() => action(module, ...args)),
        (error: unknown) => settle(() => {
          requests.say('networkError')
          return Promise.resolve({ error: toError(error) })
        }),
      )
    }
  const finish = createFinalize({
    setting,
    redirectUrl: options.redirectUrl,
    signIn,
    requests,
    navigate: options.navigate,
    onComplete: options.onComplete,
    onTask: options.onTask,
  })

  // ── Effects: the table in effects.ts, run after each change until nothing more changes.
  const target: EffectTarget = {
    autoFinalize: options.autoFinalize !== false,
    redirectIfSignedIn: () => setting('redirectIfSignedIn'),
    ensureSent: codeStep.ensureSent,
    stopEmailLink: emailLink.cancel,
    finalize: finish.finalize,
    isFinishing: finish.isFinishing,
    reset,
    dropIfAbandoned: requests.dropIfAbandoned,
    leave: () => options.navigate(finish.destination(state.clerk?.session)),
    runProtectCheck,
    // Once in, the snapshot states the password rules: a change.
    loadOffPath: () => offPathModule || loadOffPathActions().then(() => disposed || changed(), () => {}),
    left: false,
  }
  const runEffects = createEffectRunner(target, derive)

  // ── The snapshot, published after the effects settle.
  let snapshot = build(null)
  function flush() {
    if (flushing) return
    flushing = true
    try {
      // Bounded: an effect acts once per change of what it watches, so a few passes settle.
      for (let pass = 0; dirty && pass < 10; pass++) {
        for (let round = 0; dirty && round < 10; round++) {
          // What clerk-js said meanwhile is part of this change: the `fetching` of a request just
          // started, the answer of one that just ended (held back while it ran, `subscribeSignIn`).
          subscription?.catchUp()
          dirty = false
          if (!disposed) runEffects()
        }
        dirty = false
        const next = build(snapshot)
        if (next === snapshot) continue
        snapshot = next
        // A listener that acts marks the state dirty again: one more pass.
        for (const listener of listeners) listener(next)
      }
    }
    finally {
      flushing = false
    }
  }

  // ── Actions of the controller's own (the code steps' are in their module).
  function submitPassword(params: { identifier: string, password: string }, identifierOption: IdentifierOption) {
    if (!params.identifier.trim()) return requests.localError('identifier', 'identifierRequired')
    if (!params.password) return requests.localError('password', 'passwordRequired')
    return requests.run('password', si => si.password(passwordParams(params.identifier, params.password, identifierOption)), () => {
      // "Success" without a sign-in: the answer was not one (a broken proxy, a captive portal).
      if (!signIn()?.id) requests.say('genericError')
    })
  }

  function showAlternatives(open: boolean) {
    if (state.showingAlternatives === open) return
    state.showingAlternatives = open
    changed()
  }

  async function runProtectCheck(): Promise<ClientTrustActionResult> {
    const due = () => derive().step === 'protect-check' ? state.signal.signIn?.protectCheck : undefined
    if (!due()) return fail('No Protect check at this step')
    let runner: ProtectCheckRunner
    try {
      runner = await protectRunnerLoaded()
    }
    catch {
      if (disposed) return ok()
      requests.say('protectCheckUnavailable')
      return fail('protectCheckUnavailable')
    }
    // The step may have gone (or its challenge changed) while the runner loaded.
    const check = due()
    if (disposed || !check) return ok()
    return runner.run(check)
  }

  function reset(): Promise<ClientTrustActionResult> {
    resets++
    protect.cancel()
    showAlternatives(false)
    return requests.abandon()
  }

  const act = <A extends unknown[], R>(work: (...args: A) => R) => (...args: A): R => batch(() => work(...args))

  return {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    connect: act((instance: Clerk | null) => {
      if (instance === state.clerk) return
      subscription?.stop()
      subscription = undefined
      state.clerk = instance
      if (instance) {
        clearTimeout(loadTimer)
        subscription = subscribeSignIn(instance, (next) => {
          state.signal = next
          changed()
        }, () => requests.phase === 'running')
      }
      changed()
    }),
    start: act(() => {
      if (state.started) return
      state.started = true
      loadMemory()
      stopMemory = subscribeMemory(changed)
      state.landing = readLanding()
      // Clerk failing to load (script blocked, CDN or proxy down) is never reported to us:
      // @clerk/vue only logs it. After `loadTimeout` seconds the form says so instead of a
      // skeleton forever; it recovers by itself if Clerk loads after all.
      const seconds = setting('loadTimeout')
      if (!state.clerk && seconds > 0 && Number.isFinite(seconds)) {
        loadTimer = setTimeout(() => {
          state.loadTimedOut = true
          changed()
        }, seconds * 1000)
      }
      changed()
    }),
    refresh: () => {
      words = null
      changed()
    },
    dispose() {
      // One last snapshot (not loaded any more), and no effect acts on it.
      disposed = true
      subscription?.stop()
      subscription = undefined
      stopMemory?.()
      clearTimeout(loadTimer)
      cooldown.stop()
      emailLink.cancel()
      protect.cancel()
      state.clerk = null
      changed()
      listeners.clear()
    },
    submitPassword: act(submitPassword),
    forgotPassword: later((module, identifier: string, identifierOption: IdentifierOption) => module.forgotPassword(offPathDeps, identifier, identifierOption)),
    submitNewPassword: later((module, params: { password: string, confirmPassword: string, signOutOfOtherSessions: boolean }) => module.submitNewPassword(offPathDeps, params)),
    sendCode: act(codeStep.sendCode),
    resendCode: act(codeStep.resendCode),
    verifyCode: act(codeStep.verifyCode),
    selectFactor: later((module, target: SecondFactor | FactorStrategy) => module.selectFactor(offPathDeps, target)),
    showAlternatives: act(showAlternatives),
    reset: act(reset),
    finalize: act(finish.finalize),
    attachProtectCheck: act(protect.attach),
    retryProtectCheck: act(() => {
      requests.clearMessages()
      return runProtectCheck()
    }),
  }
}
