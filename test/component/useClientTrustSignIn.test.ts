// @vitest-environment happy-dom
import { clerkPlugin } from '@clerk/vue'
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { createApp, defineComponent, effectScope, h } from 'vue'
import { useClientTrustSignIn } from '../../src/runtime/composables/useClientTrustSignIn'
import type { ClientTrustPluginOptions, UseClientTrustSignInOptions, UseClientTrustSignInReturn } from '../../src/vue'
import { useMountedForm } from './setup'

const form = useMountedForm()

/** Mounts a component that only runs the composable and hands its return value out. */
async function mountComposable(options: UseClientTrustSignInOptions = {}, expected = 'credentials') {
  let api!: UseClientTrustSignInReturn
  const Probe = defineComponent({
    setup() {
      api = useClientTrustSignIn(options)
      return () => h('div', { 'data-step': api.step.value })
    },
  })
  form.track(mount(Probe, { global: { plugins: form.harness.plugins } }))
  await vi.waitFor(() => expect(api.step.value).toBe(expected))
  return api
}

async function reachVerify(api: UseClientTrustSignInReturn, identifier = 'jane@example.com') {
  const result = await api.submitPassword({ identifier, password: 'correct-horse' })
  expect(result.error).toBeNull()
  await vi.waitFor(() => expect(form.harness.emulator.outbox()).toHaveLength(1))
  await vi.waitFor(() => expect(api.isFetching.value).toBe(false))
}

describe('useClientTrustSignIn with the real clerk-js', () => {
  it('uses the app-wide messages (module option / clientTrustPlugin) headlessly, under its own option', async () => {
    // Exactly what `app.use(clientTrustPlugin, { messages })` and the Nuxt plugin provide.
    const harness = await form.start({ messages: { verify: 'App verify', startOver: 'Recommencer' } } as ClientTrustPluginOptions)
    let api!: UseClientTrustSignInReturn
    const Probe = defineComponent({
      setup() {
        api = useClientTrustSignIn({ messages: { verify: 'Vérifier' } })
        return () => h('div')
      },
    })
    form.track(mount(Probe, { global: { plugins: harness.plugins } }))
    await vi.waitFor(() => expect(api.step.value).toBe('credentials'))
    expect(api.messages.value.startOver).toBe('Recommencer')
    expect(api.messages.value.verify).toBe('Vérifier')
    expect(api.messages.value.resend).toBe('Resend code')
  })

  it('ignores resend during the cooldown: no request reaches the emulator', async () => {
    const harness = await form.start()
    const api = await mountComposable({ resendCooldown: 30 })
    await reachVerify(api)
    expect(api.resendIn.value).toBeGreaterThan(25)
    expect(api.channel.value).toBe('email_code')
    const before = harness.emulator.requests().length

    expect(await api.resendCode()).toEqual({ error: null })
    expect(await api.resendCode()).toEqual({ error: null })
    await flushPromises()
    expect(harness.emulator.requests()).toHaveLength(before)
    expect(harness.emulator.outbox()).toHaveLength(1)
  })

  it('resends exactly once after the cooldown', async () => {
    const harness = await form.start()
    const api = await mountComposable({ resendCooldown: 1 })
    await reachVerify(api)
    await vi.waitFor(() => expect(api.resendIn.value).toBe(0), { timeout: 3_000 })
    const before = harness.requestsTo('/prepare_second_factor')

    const results = await Promise.all([api.resendCode(), api.resendCode()])
    expect(results.map(r => r.error)).toEqual([null, null])
    expect(harness.requestsTo('/prepare_second_factor')).toBe(before + 1)
    expect(harness.emulator.outbox()).toHaveLength(2)
    expect(api.resendIn.value).toBe(1)
  })

  it('sends one verify request when verifyCode is called twice at once', async () => {
    const harness = await form.start()
    const api = await mountComposable({ autoFinalize: false })
    await reachVerify(api)
    const [a, b] = await Promise.all([api.verifyCode('424242'), api.verifyCode('424242')])
    expect(a).toBe(b)
    expect(harness.requestsTo('/attempt_second_factor')).toBe(1)
    expect(api.step.value).toBe('complete')
    expect(harness.requestsTo('/touch')).toBe(0)
  })

  it('does not send a second code after a remount', async () => {
    const harness = await form.start()
    let api = await mountComposable({ resendCooldown: 30 })
    await reachVerify(api)
    form.unmount()
    api = await mountComposable({ resendCooldown: 30 }, 'verify')
    await flushPromises()
    expect(harness.requestsTo('/prepare_second_factor')).toBe(1)
    expect(api.resendIn.value).toBeGreaterThan(25)
  })

  it('does not send a second code after a reload (state restored by clerk-js)', async () => {
    const harness = await form.start()
    const api = await mountComposable()
    await reachVerify(api)
    form.unmount()

    // A new page: new clerk-js on the same cookie jar, and a fresh copy of our modules.
    const { createRealClerk } = await import('../helpers/realClerk')
    const reloaded = await createRealClerk({ reuse: harness.emulator, newBrowser: false })
    ;(window as { Clerk?: unknown }).Clerk = reloaded.clerk
    const fresh = await import('../../src/runtime/composables/useClientTrustSignIn')
    expect(fresh.useClientTrustSignIn).not.toBe(useClientTrustSignIn)
    let again!: UseClientTrustSignInReturn
    form.track(mount(defineComponent({
      setup() {
        again = fresh.useClientTrustSignIn()
        return () => h('div')
      },
    }), { global: { plugins: harness.plugins } }))
    await vi.waitFor(() => expect(again.step.value).toBe('verify'))
    await flushPromises()
    expect(harness.requestsTo('/prepare_second_factor')).toBe(1)
    expect(again.safeIdentifier.value).toMatch(/@example\.com$/)
    expect((await again.verifyCode('424242')).error).toBeNull()
    await vi.waitFor(() => expect(harness.navigations).toEqual(['/']))
    await reloaded.close()
  })

  it('stays loading until @clerk/vue has loaded a not-yet-loaded Clerk, then works', async () => {
    const harness = await form.start()
    const { Clerk } = await import('@clerk/clerk-js')
    const unloaded = new Clerk(harness.emulator.publishableKey, { proxyUrl: harness.emulator.proxyUrl })
    ;(window as { Clerk?: unknown }).Clerk = unloaded
    expect(unloaded.loaded).toBe(false)
    let api!: UseClientTrustSignInReturn
    form.track(mount(defineComponent({
      setup() {
        api = useClientTrustSignIn()
        return () => h('div')
      },
    }), {
      global: {
        plugins: [
          // With prefetchUI: false, @clerk/vue 2.5 hands clerk-js `ui.ClerkUI = Promise<undefined>`,
          // which clerk-js then calls with `new` (unhandled TypeError): give it a headless stand-in.
          [clerkPlugin, { ...harness.plugins[0][1], ui: { ClerkUI: function HeadlessUI() {} } }],
          harness.plugins[1],
        ],
      },
    }))
    expect(api.step.value).toBe('loading')
    await vi.waitFor(() => expect(api.step.value).toBe('credentials'))
    expect(unloaded.loaded).toBe(true)
    await reachVerify(api)
    expect(api.step.value).toBe('verify')
  })

  it('unsubscribes from the clerk-js signal when its scope is disposed', async () => {
    const harness = await form.start()
    const state = (harness.clerk as unknown as { __internal_state: { __internal_effect: (fn: () => void) => () => void } }).__internal_state
    const cleanups: Array<ReturnType<typeof vi.fn>> = []
    let runs = 0
    const original = state.__internal_effect.bind(state)
    vi.spyOn(state, '__internal_effect').mockImplementation((fn) => {
      const cleanup = vi.fn(original(() => {
        runs++
        fn()
      }))
      cleanups.push(cleanup)
      return cleanup
    })
    let api!: UseClientTrustSignInReturn
    const scope = effectScope()
    form.track(mount(defineComponent({
      setup() {
        scope.run(() => (api = useClientTrustSignIn()))
        return () => h('div')
      },
    }), { global: { plugins: harness.plugins } }))
    await vi.waitFor(() => expect(api.step.value).toBe('credentials'))
    expect(cleanups).toHaveLength(1)

    scope.stop()
    expect(cleanups[0]).toHaveBeenCalledTimes(1)
    const runsAtStop = runs
    await harness.signIn().password({ identifier: 'jane@example.com', password: 'correct-horse' })
    expect(harness.signIn().status).toBe('needs_client_trust')
    expect(runs).toBe(runsAtStop)
    expect(api.isLoaded.value).toBe(false)
    expect(api.step.value).not.toBe('verify')
    await flushPromises()
    expect(harness.requestsTo('/prepare_second_factor')).toBe(0)
  })

  it('throws an error naming itself and the fix without the Clerk plugin', () => {
    const errors: unknown[] = []
    const app = createApp(defineComponent({ setup: () => (useClientTrustSignIn(), () => null) }))
    app.config.errorHandler = error => void errors.push(error)
    app.config.warnHandler = () => {}
    app.mount(document.createElement('div'))
    app.unmount()
    expect(errors).toHaveLength(1)
    expect(String(errors[0])).toMatch(/useClientTrustSignIn\(\).*@clerk\/nuxt.*clerkPlugin/)
  })
})
