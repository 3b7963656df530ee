/**
 * Runs Clerk Protect's challenge where the form is, as Clerk's own card does (clerk/javascript
 * `packages/ui/src/hooks/useProtectCheckRunner.ts`, loader `packages/shared/src/internal/clerk-js/protectCheck.ts`):
 * the SDK at `sdkUrl` is imported only when a challenge is due and only from a URL
 * `protectSdkUrl` accepts, given the step's element and `{ token, uiHints, signal, setWidgetVisible }`;
 * its proof token goes to `signIn.submitProtectCheck({ proofToken })`. One run per challenge
 * token: a chained challenge (a new token) replaces the run, "Start over" and unmount abort it.
 */
import type { Clerk, ProtectCheckResource } from '@clerk/shared/types'
import { isProtectCheckExpired, protectSdkUrl } from '../core/protectCheck'
import type { ProtectCheckStatus, ProtectCheckView } from '../core/protectCheck'
import type { ClientTrustActionResult } from '../core/results'
import { importProtectSdk } from './protectSdk'

/** What the runner reads, and whom it tells. */
export interface ProtectCheckDeps {
  /** The origin of the Frontend API clerk-js talks to (its `proxyUrl`, or `https://<frontendApi>`). */
  fapiOrigin: () => string | null
  /** Sends the proof (through the request runner: one request at a time, errors shown). */
  submit: (token: string, proofToken: string) => Promise<ClientTrustActionResult>
  /** The challenge ran out of time: start again from the credentials step, with the message. */
  expired: () => Promise<unknown>
  /** A message of ours on the step (the check could not load, or did not complete). */
  say: (key: 'protectCheckFailed' | 'protectCheckUnavailable') => void
  onChange: () => void
  now?: () => number
  /** How long loading and running the SDK may take before the run fails, retryable (ms). */
  timeoutMs?: number
}

/**
 * A hung SDK (a script that never loads, a widget that never answers) stops after this long with a
 * retryable failure, as Clerk's own card does (`useProtectCheckRunner.ts`, 60 s).
 */
export const PROTECT_CHECK_TIMEOUT_MS = 60_000

/** The SDK's default export, as clerk-js calls it. */
type ProtectSdk = (container: HTMLElement, init: { token: string, uiHints?: Record<string, string>, signal: AbortSignal, setWidgetVisible: (visible: boolean) => Promise<void> }) => Promise<unknown>

class Refused extends Error {
  constructor(readonly key: 'protectCheckFailed' | 'protectCheckUnavailable') {
    super(key)
  }
}

export interface ProtectCheckRunner {
  /** The challenge being run, for the snapshot (`null`: none). */
  view: () => ProtectCheckView | null
  /** The element the step renders the challenge in (`null` when it unmounts: the run stops). */
  attach: (container: HTMLElement | null) => void
  readonly container: HTMLElement | null
  /** Runs `check` unless it runs already (a failed run runs again). */
  run: (check: ProtectCheckResource) => Promise<ClientTrustActionResult>
  /** Stops the run, if any (its late proof is dropped). */
  cancel: () => void
}

const ok = (): ClientTrustActionResult => ({ error: null })

/** The Frontend API's origin: the only plain-http origin a Protect SDK may come from (the emulator's). */
export function fapiOrigin(clerk: Pick<Clerk, 'proxyUrl' | 'frontendApi'> | null): string | null {
  try {
    if (clerk?.proxyUrl) return new URL(clerk.proxyUrl, window.location.href).origin
    return clerk?.frontendApi ? new URL(`https://${clerk.frontendApi}`).origin : null
  }
  catch {
    return null
  }
}

export function createProtectCheckRunner(deps: ProtectCheckDeps): ProtectCheckRunner {
  const now = deps.now ?? Date.now
  let container: HTMLElement | null = null
  let current: { token: string, status: ProtectCheckStatus, abort: AbortController } | null = null

  function cancel() {
    if (!current) return
    current.abort.abort()
    current = null
    deps.onChange()
  }

  async function run(check: ProtectCheckResource): Promise<ClientTrustActionResult> {
    const el = container
    if (!el) return { error: new Error('The protect-check step is not shown') }
    if (current?.token === check.token && current.status !== 'failed') return ok()
    current?.abort.abort()
    const abort = new AbortController()
    const mine = { token: check.token, status: 'loading' as ProtectCheckStatus, abort }
    current = mine
    const set = (status: ProtectCheckStatus) => {
      if (current !== mine) return
      mine.status = status
      deps.onChange()
    }
    deps.onChange()
    // Whatever an earlier run left (a solved or failed widget) goes: one widget at a time.
    el.replaceChildren()
    const stale = () => current !== mine || abort.signal.aborted
    // One deadline for loading and running the SDK; raced, so a hung SDK cannot hold the step.
    let timer: ReturnType<typeof setTimeout> | undefined
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Refused('protectCheckFailed')), deps.timeoutMs ?? PROTECT_CHECK_TIMEOUT_MS)
    })
    const expired = async () => {
      if (current === mine) current = null
      await deps.expired()
      return { error: new Error('The security check expired') }
    }
    try {
      if (isProtectCheckExpired(check.expiresAt, now())) return await expired()
      const url = protectSdkUrl(check.sdkUrl, deps.fapiOrigin())
      if (!url) throw new Refused('protectCheckUnavailable')
      let sdk: unknown
      try {
        sdk = (await Promise.race([importProtectSdk(url), deadline])).default
      }
      catch {
        // The browser's text names the URL: never shown (Clerk's loader drops it too).
        throw new Refused('protectCheckUnavailable')
      }
      if (stale()) return ok()
      if (typeof sdk !== 'function') throw new Refused('protectCheckUnavailable')
      set('shown')
      let proof: unknown
      try {
        proof = await Promise.race([(sdk as ProtectSdk)(el, { token: check.token, uiHints: check.uiHints, signal: abort.signal, setWidgetVisible: () => Promise.resolve() }), deadline])
      }
      catch {
        if (stale()) return ok()
        if (isProtectCheckExpired(check.expiresAt, now())) return await expired()
        throw new Refused('protectCheckFailed')
      }
      if (stale()) return ok()
      if (typeof proof !== 'string' || !proof) throw new Refused('protectCheckFailed')
      set('submitting')
      const result = await deps.submit(check.token, proof)
      if (current === mine) {
        if (result.error) set('failed')
        else {
          current = null
          deps.onChange()
        }
      }
      return result
    }
    catch (error) {
      if (stale() || !(error instanceof Refused)) return ok()
      set('failed')
      // Stops an SDK still running (the deadline passed): "Try again" starts a new run.
      abort.abort()
      deps.say(error.key)
      return { error: new Error(error.key) }
    }
    finally {
      clearTimeout(timer)
    }
  }

  return {
    view: () => current ? { token: current.token, status: current.status } : null,
    attach(next) {
      if (next === container) return
      if (!next) cancel()
      container = next
      deps.onChange()
    },
    get container() {
      return container
    },
    run,
    cancel,
  }
}
