import { getCurrentInstance, getCurrentScope, onMounted, onScopeDispose, shallowRef, toValue } from 'vue'
import type { MaybeRefOrGetter } from 'vue'
import type { Clerk } from '@clerk/shared/types'
import type { EmailLinkFlow, EmailLinkOutcome } from './legacyEmailLink'

type Legacy = typeof import('./legacyEmailLink')

/** `__clerk_status` of the URL an opened email link lands on. */
export type LinkLanding = 'verified' | 'expired' | 'failed' | 'client_mismatch' | null

function readLanding(): LinkLanding {
  const value = new URLSearchParams(window.location.search).get('__clerk_status')
  return value === 'verified' || value === 'expired' || value === 'failed' || value === 'client_mismatch' ? value : null
}

/**
 * Runs at most one email-link flow per composable: starts (sends) or resumes
 * (polls a link sent earlier) it, cancels it on unmount or when the user leaves
 * the factor, and reads where an opened link landed (`?__clerk_status=`).
 */
export function useEmailLinkFlow(deps: {
  clerk: MaybeRefOrGetter<Clerk | null | undefined>
  onEnd: (outcome: EmailLinkOutcome, error: unknown) => void
}) {
  // `flow` is null while the legacy module loads: only apps that reach an email link download it.
  let running: { id: string, flow: EmailLinkFlow | null } | null = null
  /** Where this page was opened from an email link: `verified` / `expired`, else null. */
  const landing = shallowRef<LinkLanding>(null)
  if (getCurrentInstance()) onMounted(() => (landing.value = readLanding()))
  else if (typeof window !== 'undefined') landing.value = readLanding()

  function cancel() {
    running?.flow?.cancel()
    running = null
  }

  function run(id: string, create: (legacy: Legacy, clerk: Clerk) => EmailLinkFlow) {
    cancel()
    const entry: NonNullable<typeof running> = { id, flow: null }
    running = entry
    import('./legacyEmailLink').then((legacy) => {
      const clerk = toValue(deps.clerk)
      // Cancelled or replaced while loading: nothing was sent.
      if (running !== entry) return
      if (!clerk) {
        running = null
        return
      }
      const flow = create(legacy, clerk)
      entry.flow = flow
      void flow.done.then(({ outcome, error }) => {
        if (running !== entry) return
        running = null
        deps.onEnd(outcome, error)
      })
    }, (error: unknown) => {
      // The chunk did not load (offline, a new deploy): said like a failed request.
      if (running !== entry) return
      running = null
      deps.onEnd('failed', error)
    })
  }

  if (getCurrentScope()) onScopeDispose(cancel)

  // Back to this page: the link must lead here again, without the old status.
  const redirectUrl = () => `${window.location.origin}${window.location.pathname}`

  return {
    landing,
    cancel,
    isRunning: (id: string) => running?.id === id,
    /** Sends a link to `emailAddressId` and polls. */
    start: (id: string, emailAddressId: string) =>
      run(id, (legacy, clerk) => legacy.startEmailLinkFlow(clerk, { signInId: id, emailAddressId, redirectUrl: redirectUrl() })),
    /** Polls a link already sent. */
    resume: (id: string) => run(id, (legacy, clerk) => legacy.resumeEmailLinkFlow(clerk, { signInId: id })),
  }
}
