// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { defineComponent, effectScope, h, watch } from 'vue'
import { useClientTrustSignIn } from '../../src/runtime/composables/useClientTrustSignIn'
import { bridgeSignIn } from '../../src/runtime/flow/clerkSignal'
import type { SignInBridge } from '../../src/runtime/flow/clerkSignal'
import type { UseClientTrustSignInReturn } from '../../src/vue'
import { useMountedForm } from './setup'

const form = useMountedForm()

interface RawState { __internal_effect: (fn: () => void) => () => void, signInSignal: () => unknown }

/** Counts clerk-js' raw sign-in signal updates (not the first, immediate run). */
function countSignal(clerk: unknown) {
  const state = (clerk as { __internal_state: RawState }).__internal_state
  const counter = { updates: 0, stop: () => {} }
  let first = true
  counter.stop = state.__internal_effect(() => {
    state.signInSignal()
    if (!first) counter.updates++
    first = false
  })
  return counter
}

/** A bridge on the harness' real clerk-js, in a scope of its own (stopping it unsubscribes), once loaded. */
async function loadedBridge() {
  const harness = await form.start()
  const scope = effectScope()
  const bridge = scope.run(() => bridgeSignIn(harness.clerk as never)) as SignInBridge
  await harness.waitFor(() => bridge.isLoaded.value)
  return { ...harness, scope, bridge }
}

describe('given clerk-js updating its sign-in signal several times per response', () => {
  it('the bridge passes on fewer changes than clerk-js makes, and keeps the same errors object', async () => {
    const { clerk, waitFor, scope, bridge } = await loadedBridge()
    const signal = countSignal(clerk)
    const changes = { signIn: 0, errors: 0 }
    scope.run(() => {
      watch(bridge.signIn, () => changes.signIn++, { flush: 'sync' })
      watch(bridge.errors, () => changes.errors++, { flush: 'sync' })
    })

    const result = await bridge.signIn.value!.password({ emailAddress: 'jane@example.com', password: 'correct-horse' })
    await waitFor(() => bridge.fetchStatus.value === 'idle')
    expect(result.error).toBeNull()
    expect(bridge.signIn.value?.status).toBe('needs_client_trust')
    // clerk-js: fetching, the new resource, the same again as the client carries it, errors, idle.
    expect(signal.updates).toBeGreaterThanOrEqual(4)
    // The bridge: the sign-in only when clerk-js hands over another object or its data changed
    // (here a new object twice, once from the answer and once from the client), errors not at all.
    expect(changes.signIn).toBeLessThanOrEqual(2)
    expect(changes.errors).toBe(0)
    signal.stop()
    scope.stop()
  })

  it('the composable changes step once, and stays busy from the password to the sent code', async () => {
    const harness = await form.start()
    let api!: UseClientTrustSignInReturn
    const seen = { step: [] as string[], fetching: [] as boolean[], errors: 0, factor: 0 }
    const Probe = defineComponent({
      setup() {
        api = useClientTrustSignIn()
        // As an app watches, in the component that uses the composable (and as Vue renders): after
        // the tick's changes. Between the password's answer and the code's send, `isFetching` is
        // false only inside one tick.
        watch(api.step, step => seen.step.push(step))
        watch(api.isFetching, fetching => seen.fetching.push(fetching))
        watch(api.errors, () => seen.errors++)
        watch(api.factor, () => seen.factor++)
        return () => h('div')
      },
    })
    form.track(mount(Probe, { global: { plugins: harness.plugins } }))
    await vi.waitFor(() => expect(api.step.value).toBe('credentials'))
    const errorsBefore = api.errors.value
    seen.step.length = 0
    const signal = countSignal(harness.clerk)

    expect(await api.submitPassword({ identifier: 'jane@example.com', password: 'correct-horse' })).toEqual({ error: null })
    await vi.waitFor(() => expect(harness.emulator.outbox()).toHaveLength(1))
    await vi.waitFor(() => expect(api.isFetching.value).toBe(false))

    // Two requests (the password, the auto-sent code), about ten signal updates…
    expect(signal.updates).toBeGreaterThanOrEqual(8)
    // …and one visible change each: the step, the factor, busy then idle once.
    expect(seen.step).toEqual(['verify'])
    expect(seen.factor).toBe(1)
    expect(seen.fetching).toEqual([true, false])
    expect(seen.errors).toBe(0)
    expect(api.errors.value).toBe(errorsBefore)
    signal.stop()
  })
})

describe('given a session that comes and goes', () => {
  it('the bridge follows Clerk\'s session id, pending included, and nothing until Clerk has loaded', async () => {
    const { clerk, waitFor, scope, bridge } = await loadedBridge()
    const clerkJs = clerk as { session?: { id: string, status: string } | null, signOut: () => Promise<void> }
    expect(bridge.sessionId.value).toBeNull()
    const changes: Array<string | null | undefined> = []
    scope.run(() => watch(bridge.sessionId, id => void changes.push(id), { flush: 'sync' }))

    // otto's new session is pending (a task): still a session, so its id.
    let signIn = bridge.signIn.value!
    await signIn.password({ emailAddress: 'otto@example.com', password: 'correct-horse' })
    await waitFor(() => bridge.signIn.value?.status === 'needs_client_trust')
    signIn = bridge.signIn.value!
    await signIn.mfa.sendEmailCode()
    await signIn.mfa.verifyEmailCode({ code: '424242' })
    await signIn.finalize()
    await waitFor(() => !!bridge.sessionId.value)
    expect(clerkJs.session?.status).toBe('pending')
    expect(bridge.sessionId.value).toBe(clerkJs.session?.id)

    await clerkJs.signOut()
    await waitFor(() => bridge.sessionId.value === null)
    // One change in, one out: clerk-js' other emissions (client, tokens) carry the same id.
    expect(changes).toEqual([expect.stringMatching(/^sess_/), null])
    scope.stop()
    expect(bridge.sessionId.value).toBeUndefined()
  })
})
