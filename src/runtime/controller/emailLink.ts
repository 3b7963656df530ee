import type { Clerk } from '@clerk/shared/types'
import type { EmailLinkFlow, EmailLinkOutcome } from './legacyEmailLink'

type Legacy = typeof import('./legacyEmailLink')

/** `__clerk_status` of the URL an opened email link lands on. */
export type LinkLanding = 'verified' | 'expired' | 'failed' | 'client_mismatch' | null

/** Where this page was opened from an email link (`?__clerk_status=`); browser only. */
export function readLanding(): LinkLanding {
  const value = new URLSearchParams(window.location.search).get('__clerk_status')
  return value === 'verified' || value === 'expired' || value === 'failed' || value === 'client_mismatch' ? value : null
}

/** Runs at most one email-link flow: see {@link createEmailLinkRunner}. */
export interface EmailLinkRunner {
  /** Stops polling (another method, Start over, completion, unmount). */
  cancel: () => void
  /** A flow for sign-in `id` is running. */
  isRunning: (id: string) => boolean
  /** Sends a link to `emailAddressId` and polls. */
  start: (id: string, emailAddressId: string) => void
  /** Polls a link already sent. */
  resume: (id: string) => void
}

/**
 * Runs at most one email-link flow per controller: starts (sends) or resumes (polls a link
 * sent earlier) it, and cancels it when asked. The legacy module is downloaded only by apps
 * that reach an email link.
 */
export function createEmailLinkRunner(
  clerk: () => Clerk | null,
  onEnd: (outcome: EmailLinkOutcome, error: unknown) => void,
): EmailLinkRunner {
  // `flow` is null while the legacy module loads.
  let running: { id: string, flow: EmailLinkFlow | null } | null = null

  function cancel() {
    running?.flow?.cancel()
    running = null
  }

  function run(id: string, create: (legacy: Legacy, clerk: Clerk) => EmailLinkFlow) {
    cancel()
    const entry: NonNullable<typeof running> = { id, flow: null }
    running = entry
    import('./legacyEmailLink').then((legacy) => {
      const instance = clerk()
      // Cancelled or replaced while loading: nothing was sent.
      if (running !== entry) return
      if (!instance) {
        running = null
        return
      }
      const flow = create(legacy, instance)
      entry.flow = flow
      void flow.done.then(({ outcome, error }) => {
        if (running !== entry) return
        running = null
        onEnd(outcome, error)
      })
    }, (error: unknown) => {
      // The chunk did not load (offline, a new deploy): said like a failed request.
      if (running !== entry) return
      running = null
      onEnd('failed', error)
    })
  }

  // Back to this page: the link must lead here again, without the old status.
  const redirectUrl = () => `${window.location.origin}${window.location.pathname}`

  return {
    cancel,
    isRunning: id => running?.id === id,
    start: (id, emailAddressId) =>
      run(id, (legacy, instance) => legacy.startEmailLinkFlow(instance, { signInId: id, emailAddressId, redirectUrl: redirectUrl() })),
    resume: id => run(id, (legacy, instance) => legacy.resumeEmailLinkFlow(instance, { signInId: id })),
  }
}
