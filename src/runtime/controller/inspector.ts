/**
 * The form's state for the Nuxt DevTools tab (the emulator's dashboard), in `nuxi dev` only: the
 * module registers the plugin that calls this in dev with DevTools and the emulator on, so no
 * production build holds any of it. Read-only: it subscribes to the controller's snapshots and
 * never acts. What it sends is {@link PageSignIn}: ids and states, nothing typed, no token.
 */
import type { Clerk } from '@clerk/shared/types'
import { PAGE_SIGN_IN_CHANNEL } from '../../emulator/control/pageSignIn'
import type { PageSignIn, PageSignInMessage } from '../../emulator/control/pageSignIn'
import { clientTrustStateOf } from './clerkSignal'
import type { SignInController, SignInSnapshot } from './signInController'

/** What a form hands the inspector: its snapshots to read, and clerk-js once loaded. */
export interface InspectedForm {
  controller: Pick<SignInController, 'getSnapshot' | 'subscribe'>
  clerk: () => Clerk | null
}

/** The part of a `BroadcastChannel` used here (a test may pass its own). */
export type InspectorChannel = Pick<BroadcastChannel, 'postMessage' | 'close' | 'addEventListener'>

type SessionLike = { id: string, status: string, tasks?: Array<{ key: string }> | null } | null | undefined

/** The view of one snapshot: nothing but ids, states and the names of the fields in error. */
export function pageSignInView(form: string, snapshot: SignInSnapshot, clerk: Clerk | null, path: string, at = Date.now()): PageSignIn {
  const { signIn, errors } = snapshot
  const clientTrustState = clerk ? clientTrustStateOf(clerk, signIn) : null
  const session = clerk?.session as SessionLike
  const fields = Object.entries(errors.fields).filter(([, text]) => text).map(([field]) => field)
  return {
    form,
    path,
    at,
    step: snapshot.step,
    status: signIn?.status ?? null,
    signInId: signIn?.id ?? null,
    clientTrustState,
    factor: snapshot.factor?.strategy ?? null,
    fetching: snapshot.isFetching,
    errors: errors.global ? [...fields, 'form'] : fields,
    session: session ? { id: session.id, status: session.status, tasks: (session.tasks ?? []).map(task => task.key) } : null,
  }
}

/**
 * Publishes `form`'s view on every snapshot and session change, and again when a viewer asks;
 * says it is gone when stopped (or the page goes). Returns the stop.
 */
export function inspectForm({ controller, clerk }: InspectedForm, channel: InspectorChannel = new BroadcastChannel(PAGE_SIGN_IN_CHANNEL)): () => void {
  const form = Math.random().toString(36).slice(2, 10)
  const post = (message: PageSignInMessage) => channel.postMessage(message)
  const publish = () => post({ type: 'sign-in', view: pageSignInView(form, controller.getSnapshot(), clerk(), location.pathname) })
  // A session's status and tasks change without a new snapshot (a task done keeps its id).
  let listening: Clerk | null = null
  let stopSession: (() => void) | undefined
  const follow = () => {
    const instance = clerk()
    if (instance === listening) return
    stopSession?.()
    listening = instance
    stopSession = instance?.addListener(publish)
  }
  const stopSnapshots = controller.subscribe(() => {
    follow()
    publish()
  })
  channel.addEventListener('message', (event) => {
    if ((event as MessageEvent<PageSignInMessage>).data?.type === 'ask') publish()
  })
  let stopped = false
  const stop = () => {
    if (stopped) return
    stopped = true
    removeEventListener('pagehide', stop)
    stopSnapshots()
    stopSession?.()
    post({ type: 'gone', form })
    channel.close()
  }
  addEventListener('pagehide', stop)
  follow()
  publish()
  return stop
}
