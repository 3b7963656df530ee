// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, expectTypeOf, it, vi } from 'vitest'
import { defineComponent, h, isRef, watch } from 'vue'
import type { Clerk } from '@clerk/shared/types'
import { useClientTrustSignIn } from '../../src/runtime/composables/useClientTrustSignIn'
import { subscribeSignIn } from '../../src/runtime/controller/clerkSignal'
import type { SignalState } from '../../src/runtime/controller/clerkSignal'
import { createSignInController } from '../../src/runtime/controller/signInController'
import { BOOKKEEPING_KEYS } from '../../src/runtime/controller/snapshot'
import type { ShownKey } from '../../src/runtime/composables/types'
import { defaultMessages } from '../../src/runtime/core/defaultMessages'
import { SETTING_DEFAULTS } from '../../src/runtime/settings'
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

/** The harness' real clerk-js, subscribed to: every state passed on, in order, and the latest. */
async function subscribed(waits?: () => boolean) {
  const harness = await form.start()
  await harness.waitFor(() => !!(harness.clerk as Clerk).loaded)
  const states: SignalState[] = []
  const { stop, catchUp } = subscribeSignIn(harness.clerk as Clerk, state => void states.push(state), waits)
  const latest = () => states[states.length - 1]!
  return { ...harness, states, latest, stop, catchUp }
}

describe('given clerk-js updating its sign-in signal several times per response', () => {
  it('the bridge passes on fewer changes than clerk-js makes, and keeps the same errors object', async () => {
    const { clerk, waitFor, states, latest, stop } = await subscribed()
    const signal = countSignal(clerk)
    const first = states.length
    const errorsBefore = latest().errors

    const result = await latest().signIn!.password({ emailAddress: 'jane@example.com', password: 'correct-horse' })
    await waitFor(() => latest().fetchStatus === 'idle' && latest().signIn?.status === 'needs_client_trust')
    expect(result.error).toBeNull()
    // clerk-js: fetching, the new resource, the same again as the client carries it, errors, idle.
    expect(signal.updates).toBeGreaterThanOrEqual(4)
    const passed = states.slice(first)
    expect(passed.length).toBeLessThan(signal.updates)
    // The sign-in only when clerk-js hands over another object or its data changed (here a new
    // object twice, once from the answer and once from the client), errors not at all.
    const signIns = passed.filter((state, i) => {
      const before = i ? passed[i - 1]! : states[first - 1]!
      return state.signIn !== before.signIn || state.version !== before.version
    }).length
    expect(signIns).toBeLessThanOrEqual(2)
    expect(passed.every(state => state.errors === errorsBefore)).toBe(true)
    signal.stop()
    stop()
  })

  it('passes on at once, when caught up, what a call made clerk-js say, and not again a microtask later', async () => {
    const { waitFor, states, latest, stop, catchUp } = await subscribed()
    const first = states.length
    // clerk-js says `fetching` in the call itself: not passed on yet (a microtask later, else)…
    const answer = latest().signIn!.password({ emailAddress: 'jane@example.com', password: 'correct-horse' })
    expect(states).toHaveLength(first)
    // …until caught up: then at once, and once.
    catchUp()
    expect(states).toHaveLength(first + 1)
    expect(latest().fetchStatus).toBe('fetching')
    catchUp()
    await Promise.resolve()
    expect(states).toHaveLength(first + 1)
    expect((await answer).error).toBeNull()
    await waitFor(() => latest().fetchStatus === 'idle' && latest().signIn?.status === 'needs_client_trust')
    stop()
  })

  it('while a request of ours runs, passes on a new status at once and holds the rest of the answer for its end', async () => {
    let running = true
    const { states, latest, stop, catchUp } = await subscribed(() => running)
    const answer = latest().signIn!.password({ emailAddress: 'jane@example.com', password: 'correct-horse' })
    catchUp()
    const first = states.length
    expect((await answer).error).toBeNull()
    // The new status came as soon as clerk-js said it, once, still `fetching`…
    const since = states.slice(first)
    expect(since.map(state => state.signIn?.status)).toEqual(['needs_client_trust'])
    expect(latest().fetchStatus).toBe('fetching')
    // …and the rest of the answer (`idle`, the client's copy) with the request's end, in one change.
    running = false
    catchUp()
    expect(states).toHaveLength(first + 2)
    expect(latest().fetchStatus).toBe('idle')
    stop()
  })

  it('holds the rest of an answer until caught up, however late, and passes a new status at once', async () => {
    const { latest, stop, catchUp } = await subscribed(() => true)
    const answer = latest().signIn!.password({ emailAddress: 'jane@example.com', password: 'correct-horse' })
    catchUp()
    expect((await answer).error).toBeNull()
    await new Promise(resolve => setTimeout(resolve, 20))
    expect(latest().signIn?.status).toBe('needs_client_trust')
    expect(latest().fetchStatus).toBe('fetching')
    catchUp()
    expect(latest().fetchStatus).toBe('idle')
    stop()
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

describe('given the controller\'s snapshot', () => {
  it('the composable returns each of its fields as a ref, but the controller\'s bookkeeping', async () => {
    const harness = await form.start()
    let api!: UseClientTrustSignInReturn
    form.track(mount(defineComponent({
      setup() {
        api = useClientTrustSignIn()
        return () => h('div')
      },
    }), { global: { plugins: harness.plugins } }))
    await vi.waitFor(() => expect(api.step.value).toBe('credentials'))
    const controller = createSignInController({ setting: key => SETTING_DEFAULTS[key], messages: () => defaultMessages, navigate: () => {} })
    const keys = Object.keys(controller.getSnapshot())
    controller.dispose()
    expect(keys).toEqual(expect.arrayContaining([...BOOKKEEPING_KEYS]))
    for (const key of keys) {
      if ((BOOKKEEPING_KEYS as readonly string[]).includes(key)) expect(api, key).not.toHaveProperty(key)
      else expect(isRef((api as unknown as Record<string, unknown>)[key]), key).toBe(true)
    }
    // A field added to the snapshot is returned, or named bookkeeping (checked by the compiler too).
    expectTypeOf<Exclude<ShownKey, keyof UseClientTrustSignInReturn>>().toBeNever()
  })
})

describe('given a session that comes and goes', () => {
  it('the bridge follows Clerk\'s session id, pending included', async () => {
    const { clerk, waitFor, states, latest, stop } = await subscribed()
    const clerkJs = clerk as { session?: { id: string, status: string } | null, signOut: () => Promise<void> }
    expect(latest().sessionId).toBeNull()
    const first = states.length

    // otto's new session is pending (a task): still a session, so its id.
    let signIn = latest().signIn!
    await signIn.password({ emailAddress: 'otto@example.com', password: 'correct-horse' })
    await waitFor(() => latest().signIn?.status === 'needs_client_trust')
    signIn = latest().signIn!
    await signIn.mfa.sendEmailCode()
    await signIn.mfa.verifyEmailCode({ code: '424242' })
    await signIn.finalize()
    await waitFor(() => !!latest().sessionId)
    expect(clerkJs.session?.status).toBe('pending')
    expect(latest().sessionId).toBe(clerkJs.session?.id)

    await clerkJs.signOut()
    await waitFor(() => latest().sessionId === null)
    // One change in, one out: clerk-js' other emissions (client, tokens) carry the same id.
    const ids = states.slice(first).map(state => state.sessionId).filter((id, i, all) => i === 0 || id !== all[i - 1])
    expect(ids).toEqual([null, expect.stringMatching(/^sess_/), null].slice(ids[0] === null ? 0 : 1))
    stop()
    const count = states.length
    await clerkJs.signOut()
    expect(states).toHaveLength(count)
  })
})
