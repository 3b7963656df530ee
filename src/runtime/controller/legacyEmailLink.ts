/**
 * The only file that uses clerk-js' legacy `SignIn` resource (`clerk.client.signIn`).
 *
 * `SignInFuture` (the signal API) has no email-link second factor: only the legacy
 * `createEmailLinkFlow()` prepares `email_link` for `needs_client_trust` /
 * `needs_second_factor` and polls until the link is opened. Every reload of the
 * legacy resource updates clerk-js' sign-in signal, so the bridge sees the sign-in
 * turn `complete` and the composable finalizes it like any other. Replace this file
 * when the signal API gains the factor.
 */
import type { Clerk } from '@clerk/shared/types'

/** How a flow ended. */
export type EmailLinkOutcome = 'verified' | 'expired' | 'failed' | 'cancelled'

/** A running email-link flow. */
export interface EmailLinkFlow {
  /** Settles once: the link was opened (`verified`), it `expired`, a request `failed` (with `error`), or `cancel()`. */
  done: Promise<{ outcome: EmailLinkOutcome, error: unknown }>
  /** Stops polling (unmount, Start over, another method). */
  cancel: () => void
}

interface LegacyVerification { status: string | null }
interface LegacySignIn {
  id?: string
  secondFactorVerification: LegacyVerification
  reload: () => Promise<LegacySignIn>
  createEmailLinkFlow: () => {
    startEmailLinkFlow: (params: { emailAddressId: string, redirectUrl: string }) => Promise<LegacySignIn>
    cancelEmailLinkFlow: () => void
  }
}

const POLL_MS = 1000
const TERMINAL = new Set(['verified', 'expired', 'failed', 'transferable'])

function outcomeOf(status: string | null | undefined): EmailLinkOutcome {
  return status === 'verified' ? 'verified' : status === 'expired' ? 'expired' : 'failed'
}

function legacySignIn(clerk: Clerk, signInId: string): LegacySignIn | null {
  const resource = (clerk.client as { signIn?: LegacySignIn } | null | undefined)?.signIn
  return resource?.id === signInId ? resource : null
}

const notFound = (): EmailLinkFlow => ({
  done: Promise.resolve({ outcome: 'failed', error: new Error('The sign-in changed before the email link was sent.') }),
  cancel: () => {},
})

/** A promise that settles once, with `finish(outcome)` called first (later calls are ignored). */
function settleOnce(onFinish?: () => void) {
  let settle!: (value: { outcome: EmailLinkOutcome, error: unknown }) => void
  const done = new Promise<{ outcome: EmailLinkOutcome, error: unknown }>(resolve => (settle = resolve))
  let finished = false
  const finish = (outcome: EmailLinkOutcome, error: unknown = null) => {
    if (finished) return
    finished = true
    onFinish?.()
    settle({ outcome, error })
  }
  return { done, finish, isFinished: () => finished }
}

/** Sends the email link for the sign-in `signInId` and polls until it is opened or expires. */
export function startEmailLinkFlow(clerk: Clerk, params: { signInId: string, emailAddressId: string, redirectUrl: string }): EmailLinkFlow {
  const resource = legacySignIn(clerk, params.signInId)
  if (!resource) return notFound()
  const { startEmailLinkFlow: start, cancelEmailLinkFlow: stop } = resource.createEmailLinkFlow()
  const before = resource.secondFactorVerification
  const { done, finish } = settleOnce()
  start({ emailAddressId: params.emailAddressId, redirectUrl: params.redirectUrl })
    .then(res => finish(outcomeOf(res.secondFactorVerification.status)), error => finish('failed', error))
  return {
    done,
    cancel() {
      finish('cancelled')
      stop()
      // clerk-js' poller forgets a stop() made before its first run, which starts
      // once the prepare request answers: stop again as soon as it has.
      if (resource.secondFactorVerification !== before) return
      const timer = setInterval(() => {
        if (resource.secondFactorVerification === before) return
        stop()
        clearInterval(timer)
      }, 50)
      setTimeout(() => clearInterval(timer), 30_000)
    },
  }
}

/** Polls a link sent earlier (remount, page reload) without sending another one. */
export function resumeEmailLinkFlow(clerk: Clerk, params: { signInId: string }): EmailLinkFlow {
  const resource = legacySignIn(clerk, params.signInId)
  if (!resource) return notFound()
  let timer: ReturnType<typeof setTimeout> | undefined
  const { done, finish, isFinished } = settleOnce(() => clearTimeout(timer))
  const tick = () => {
    resource.reload().then((res) => {
      const status = res.secondFactorVerification.status
      if (TERMINAL.has(status ?? '')) finish(outcomeOf(status))
      else if (!isFinished()) timer = setTimeout(tick, POLL_MS)
    }, error => finish('failed', error))
  }
  tick()
  return { done, cancel: () => finish('cancelled') }
}
