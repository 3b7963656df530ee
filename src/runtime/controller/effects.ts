/**
 * Everything the sign-in does by itself, and when: every other clerk-js call is an action the
 * app or the form makes. One table; the controller runs it after every change of its state.
 *
 * | effect | when | what |
 * |---|---|---|
 * | send the code | a code step (new device, MFA, password reset) shows a factor whose code or link has not gone out (per sign-in and factor), no request running | `ensureSent()`: send once, or resume polling a link sent before |
 * | stop polling | the current factor stops being an email link | `stopEmailLink()` |
 * | finalize | the sign-in is `complete`, its session not activated by this page yet, no request running, `autoFinalize` | `finalize()`, once per session |
 * | forget on sign-out | the session this sign-in created ends | `reset()`: a mounted form shows the credentials again |
 * | drop abandoned | a late answer brings back a sign-in left by "Start over" | `dropIfAbandoned()`: reset it again, or fetch the client when it pushed out a new sign-in |
 * | run the Protect check | the `protect-check` step shows (its element attached) a challenge token not run yet | `runProtectCheck()`: load its SDK, show it, submit its proof; a chained challenge is a new token |
 * | load what is off the path | the flow leaves the email/SMS path (MFA, the password reset, Protect, other methods, an email link) | `loadOffPath()`: the actions and the password rules there (`offPathActions.ts`), once per page |
 * | leave when signed in | loaded and signed in, on the credentials step (or a `complete` sign-in finalized earlier), `redirectIfSignedIn` | `leave()`, once; a stale `complete` sign-in with the redirect off or signed out is `reset()` |
 *
 * Each effect watches one value and runs when it changes (as Vue's `watch`: `immediate` ones on
 * the first reading too): `createEffectRunner` at the end. It reads the view and calls the
 * controller: none writes state itself.
 */
import type { SignInFutureResource } from '@clerk/shared/types'
import { isCodeStep, leavesEmailSmsPath } from '../core/flow'
import type { Step } from '../core/flow'
import type { EmailLinkStatus } from '../core/results'
import type { SecondFactor } from '../core/factors'
import { recall, remember } from './memory'
import type { RequestPhase } from './requests'

/** What the effects read: the flow as the controller derives it now. */
export interface FlowView {
  isLoaded: boolean
  step: Step
  signIn: SignInFutureResource | null
  phase: RequestPhase
  factor: SecondFactor | null
  /** The key of `factor` (`null` off the code steps). */
  factorKey: string | null
  /** Clerk's current session (a pending one too): `null` signed out, `undefined` until loaded. */
  sessionId: string | null | undefined
  /** The Protect challenge to run: its token while the `protect-check` step has its element attached, else `null`. */
  protectToken: string | null
  /** The list of other methods is open. */
  showingAlternatives: boolean
  emailLinkStatus: EmailLinkStatus
}

/** What the effects may do: the controller's own methods, and the one fact they keep. */
export interface EffectTarget {
  readonly autoFinalize: boolean
  redirectIfSignedIn: () => boolean
  ensureSent: () => void
  stopEmailLink: () => void
  finalize: () => unknown
  /** This form has started activating the session (it navigates itself). */
  isFinishing: () => boolean
  reset: () => unknown
  dropIfAbandoned: (id: string | undefined, previous?: string) => void
  /** Leaves the sign-in page for the signed-in user's destination. */
  leave: () => unknown
  /** Runs the sign-in's Protect challenge in the step's element. */
  runProtectCheck: () => unknown
  /** Loads what the steps off the email/SMS path need (their actions, the password rules). */
  loadOffPath: () => unknown
  /** "Leave when signed in" has acted: it acts once per controller. */
  left: boolean
}

/** One row of the table. */
export interface FlowEffect<K = unknown> {
  name: string
  /** The value it watches. */
  watch: (view: FlowView) => K
  /** Runs on the first reading too. */
  immediate?: boolean
  /** On at all (read once, when the controller is made). */
  enabled?: (target: EffectTarget) => boolean
  run: (target: EffectTarget, now: K, before: K | undefined, view: FlowView) => void
}

const effect = <K>(row: FlowEffect<K>) => row as FlowEffect

export const FLOW_EFFECTS: readonly FlowEffect[] = [
  effect({
    name: 'send the code',
    // Which step, sign-in and factor, while no request runs: a new value is a code step to fill.
    watch: v => isCodeStep(v.step) && v.signIn?.id && v.factorKey && v.phase === 'idle' ? `${v.step} ${v.signIn.id} ${v.factorKey}` : null,
    immediate: true,
    run: (t, due) => {
      if (due) t.ensureSent()
    },
  }),
  effect({
    name: 'stop polling',
    watch: v => v.factor?.strategy === 'email_link',
    run: (t, onLink) => {
      if (!onLink) t.stopEmailLink()
    },
  }),
  effect({
    name: 'finalize',
    watch: (v) => {
      const si = v.signIn
      return v.step === 'complete' && si?.id && si.createdSessionId && v.phase !== 'running' ? `${si.id} ${si.createdSessionId}` : null
    },
    immediate: true,
    // With `autoFinalize` off the app calls `finalize()`, and nothing here watches.
    enabled: t => t.autoFinalize,
    run: (t, due, _before, v) => {
      const si = v.signIn
      if (!due || !si?.id || !si.createdSessionId || recall(si.id).finalized === si.createdSessionId) return
      remember(si.id, { finalized: si.createdSessionId })
      void t.finalize()
    },
  }),
  effect({
    name: 'forget on sign-out',
    // clerk-js keeps a completed sign-in in its signal after sign-out, so a form still mounted
    // (SPA) would stay on `complete` for good.
    watch: v => v.sessionId,
    run: (t, now, before, v) => {
      if (before && now !== before && v.signIn?.status === 'complete' && v.signIn.createdSessionId === before) void t.reset()
    },
  }),
  effect({
    name: 'drop abandoned',
    watch: v => v.signIn?.id,
    run: (t, id, previous) => t.dropIfAbandoned(id, previous),
  }),
  effect({
    name: 'run the Protect check',
    watch: v => v.protectToken,
    immediate: true,
    run: (t, token) => {
      if (token) void t.runProtectCheck()
    },
  }),
  effect({
    name: 'load what is off the path',
    watch: leavesEmailSmsPath,
    immediate: true,
    run: (t, off) => {
      if (off) t.loadOffPath()
    },
  }),
  effect({
    name: 'leave when signed in',
    // Once, from the credentials step, or from a `complete` sign-in this page finalized before
    // (clerk-js keeps it in its signal). A sign-in being finished now navigates through `finalize()`.
    watch: v => `${v.isLoaded} ${v.sessionId != null} ${v.step}`,
    immediate: true,
    run: (t, _key, _before, v) => {
      if (t.left || !v.isLoaded) return
      const si = v.signIn
      const signedIn = v.sessionId != null
      const stale = v.step === 'complete' && !!si?.id && !!si.createdSessionId
        && recall(si.id).finalized === si.createdSessionId && !t.isFinishing()
      if (stale && (!t.redirectIfSignedIn() || !signedIn)) {
        t.left = true
        void t.reset()
        return
      }
      if (!signedIn || !t.redirectIfSignedIn() || (v.step !== 'credentials' && !stale)) return
      t.left = true
      void t.leave()
    },
  }),
]

/**
 * Runs the table's enabled rows against `view()`: each one whose watched value changed since its
 * last run (an `immediate` one on the first call too). Call it after every change; `view()` must
 * return the same object while nothing in it changed, and a `watch` read nothing else.
 */
export function createEffectRunner(target: EffectTarget, view: () => FlowView): () => void {
  const effects = FLOW_EFFECTS.filter(effect => !effect.enabled || effect.enabled(target))
  const watched: unknown[] = []
  let effectsRan = false
  // Every row watches the view alone: the same view (the controller keeps it while equal) is nothing new.
  let seen: FlowView | null = null
  return () => {
    const start = view()
    if (effectsRan && start === seen) return
    // A plain loop: this runs on every change, and a callback per row is a call per row.
    let current = start
    for (let i = 0; i < effects.length; i++) {
      const effect = effects[i]!
      const now = effect.watch(current)
      const before = watched[i]
      if (effectsRan && Object.is(now, before)) continue
      watched[i] = now
      if (!effectsRan && !effect.immediate) continue
      effect.run(target, now, before, current)
      // Only a row that acted can have changed the view: the next rows read it anew.
      current = view()
    }
    // A row that acted may have changed the view after the rows before it read it: those read it next time.
    seen = current === start ? start : null
    effectsRan = true
  }
}
