/**
 * The end of a sign-in: activate its session (`finalize()`), tell the app once per session, and
 * go where the signed-in user belongs: `redirectUrl`, else Clerk's `?redirect_url=`, if safe;
 * else `afterSignInUrl`; a pending task's page first. Browser only.
 */
import type { SignInFutureResource } from '@clerk/shared/types'
import { destinationFor } from '../core/flow'
import { afterSignInTarget, configuredOrigins, redirectUrlFromSearch, safeRedirect } from '../core/redirect'
import type { ClientTrustActionResult, ClientTrustTask } from '../core/results'
import type { ClientTrustSettings } from '../settings'
import type { Requests } from './requests'

/** The settings a destination is read from. */
type DestinationSetting = 'afterSignInUrl' | 'tasksUrl' | 'resetPasswordUrl' | 'taskUrls' | 'allowedRedirectOrigins'

/** What {@link createFinalize} reads, and whom it tells. */
export interface FinalizeDeps {
  setting: <K extends DestinationSetting>(key: K) => ClientTrustSettings[K]
  /** A page the app asks to go to once signed in (followed only when safe). */
  redirectUrl?: () => string | null | undefined
  /** The current sign-in, as clerk-js' signal has it. */
  signIn: () => SignInFutureResource | null
  requests: Pick<Requests, 'run'>
  navigate: (url: string) => unknown
  onComplete?: (result: { sessionId: string | null }) => void
  onTask?: (task: ClientTrustTask) => void
}

export interface Finalize {
  /** Activates the sign-in's session, then navigates to its {@link destination}. */
  finalize: () => Promise<ClientTrustActionResult>
  /** This form has started activating the session (it navigates itself). */
  isFinishing: () => boolean
  /** Where `session`'s user goes now (a safe URL). */
  destination: (session: { currentTask?: ClientTrustTask | null } | null | undefined) => string
}

export function createFinalize(deps: FinalizeDeps): Finalize {
  const { setting } = deps
  let finishing = false
  let completedFor: string | null = null

  function destination(session: { currentTask?: ClientTrustTask | null } | null | undefined) {
    const origin = window.location.origin
    const allowedOrigins = configuredOrigins({
      afterSignInUrl: setting('afterSignInUrl'),
      tasksUrl: setting('tasksUrl'),
      resetPasswordUrl: setting('resetPasswordUrl'),
      taskUrls: setting('taskUrls'),
      allowedRedirectOrigins: setting('allowedRedirectOrigins'),
    })
    const afterSignInUrl = afterSignInTarget({
      requested: deps.redirectUrl?.() ?? redirectUrlFromSearch(window.location.search),
      afterSignInUrl: setting('afterSignInUrl'),
      origin,
      allowedOrigins,
    })
    const target = destinationFor(session, { afterSignInUrl, tasksUrl: setting('tasksUrl'), taskUrls: setting('taskUrls') })
    return safeRedirect(target, { origin, allowedOrigins })
  }

  function finalize() {
    const reportComplete = (sessionId: string | null) => {
      if (completedFor === sessionId) return
      completedFor = sessionId
      deps.onComplete?.({ sessionId })
    }
    finishing = true
    return deps.requests.run('finalize', si => si.finalize({
      navigate: async ({ session, decorateUrl }) => {
        const to = destination(session)
        reportComplete(session.id)
        const task = session.currentTask
        if (task) deps.onTask?.({ key: task.key })
        await deps.navigate(decorateUrl(to))
      },
    }), () => reportComplete(deps.signIn()?.createdSessionId ?? null))
  }

  return { finalize, isFinishing: () => finishing, destination }
}
