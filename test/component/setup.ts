import { flushPromises, mount } from '@vue/test-utils'
import type { ComponentMountingOptions, VueWrapper } from '@vue/test-utils'
import { clerkPlugin } from '@clerk/vue'
import { afterEach, expect, vi } from 'vitest'
import type { App, Component } from 'vue'
import ClientTrustSignIn from '../../src/runtime/components/ClientTrustSignIn.vue'
import type { OutboxEntry } from '../../src/emulator'
import { clientTrustPlugin } from '../../src/vue'
import type { ClientTrustConfig } from '../../src/vue'
import { createRealClerk } from '../helpers/realClerk'
import type { RealClerkContext, RealClerkOptions } from '../helpers/realClerk'

/** The real clerk-js + emulator, with @clerk/vue's plugin using that instance. */
export interface ClerkHarness extends RealClerkContext {
  /** In-app navigations our `navigate` received. */
  navigations: string[]
  /** `[clerkPlugin, options]` and `[clientTrustPlugin, config]` for `global.plugins`. */
  plugins: [[typeof clerkPlugin, object], [typeof clientTrustPlugin, ClientTrustConfig]]
  /** Installs both plugins on an app made by hand. */
  install: (app: App) => void
  /** Requests the emulator answered whose path ends with `suffix`. */
  requestsTo: (suffix: string) => number
}

export async function createHarness(config: ClientTrustConfig = {}, options: RealClerkOptions = {}): Promise<ClerkHarness> {
  const ctx = await createRealClerk(options)
  // clerk-js' signal store is a module singleton that vi.resetModules() does not
  // reach (node_modules stay external): drop a sign-in left by a previous test.
  if (ctx.signIn()?.id) await ctx.signIn().reset()
  if (ctx.signIn()?.id) throw new Error('setup: a previous test\'s sign-in is still in the signal')
  // @clerk/vue uses a `window.Clerk` that exists before the plugin installs as is.
  ;(window as { Clerk?: unknown }).Clerk = ctx.clerk
  const navigations: string[] = []
  const { publishableKey, proxyUrl } = ctx.emulator
  // What the app gives `clerkPlugin` (e.g. `localization`) is what clerk-js was loaded with.
  const clerkOptions = { ...options.load, publishableKey, proxyUrl, prefetchUI: false as const }
  const trustConfig: ClientTrustConfig = { navigate: (to: string) => void navigations.push(to), ...config }
  return {
    ...ctx,
    navigations,
    plugins: [[clerkPlugin, clerkOptions], [clientTrustPlugin, trustConfig]],
    install: app => void app.use(clerkPlugin, clerkOptions).use(clientTrustPlugin, trustConfig),
    requestsTo: suffix => ctx.emulator.requests().filter(r => r.path.endsWith(suffix)).length,
    close: async () => {
      delete (window as { Clerk?: unknown }).Clerk
      await ctx.close()
    },
  }
}

export async function mountLoaded<C extends Component>(
  harness: ClerkHarness,
  component: C,
  options: ComponentMountingOptions<C> = {},
) {
  const wrapper = mount(component, {
    attachTo: document.body,
    ...options,
    global: { ...options.global, plugins: [...harness.plugins, ...(options.global?.plugins ?? [])] },
  } as ComponentMountingOptions<C>)
  await vi.waitFor(() => expect(wrapper.attributes('data-step')).toBe('credentials'))
  await flushPromises()
  return wrapper
}

const CODE_INPUT = 'input[autocomplete="one-time-code"]'

/** The harness and the form a test mounted; `mount` gives both, non-null. */
export interface MountedForm {
  readonly harness: ClerkHarness
  readonly wrapper: VueWrapper
  /** Starts clerk-js + emulator (closing what a previous call started) and mounts the loaded form. */
  mount: (
    options?: ComponentMountingOptions<typeof ClientTrustSignIn>,
    config?: ClientTrustConfig,
    clerk?: RealClerkOptions,
  ) => Promise<{ harness: ClerkHarness, wrapper: VueWrapper }>
  /** Starts clerk-js + emulator only, for a test that mounts something of its own with `track`. */
  start: (config?: ClientTrustConfig, clerk?: RealClerkOptions) => Promise<ClerkHarness>
  /** Makes `wrapper` the one torn down after the test (unmounting the one before). */
  track: <W extends VueWrapper>(wrapper: W) => W
  /** Unmounts the tracked wrapper now (a remount or a reload follows). */
  unmount: () => void
  step: () => string | undefined
  alertText: () => string
  /** Fills the credentials and submits, once the credentials step is there and usable. */
  signInWith: (identifier: string, password?: string) => Promise<void>
  /** Types a code and submits, once the code field is there and the form idle (the code sent). */
  enterCode: (code: string) => Promise<void>
  /** Signs in as `identifier` on a new device and waits for the code step, its field and the sent code (returned). */
  toCodeStep: (identifier?: string) => Promise<OutboxEntry | undefined>
}

/**
 * One home for the component tests' harness + form: registers the teardown after each
 * test and gives the steps a person takes, each waiting as a person would.
 */
export function useMountedForm(): MountedForm {
  let harness: ClerkHarness | undefined
  let wrapper: VueWrapper | undefined
  async function teardown() {
    wrapper?.unmount()
    wrapper = undefined
    await harness?.close()
    harness = undefined
  }
  afterEach(teardown)

  const form: MountedForm = {
    get harness() {
      if (!harness) throw new Error('useMountedForm: call mount() or start() first')
      return harness
    },
    get wrapper() {
      if (!wrapper) throw new Error('useMountedForm: call mount() or track() first')
      return wrapper
    },
    async start(config, clerk) {
      await teardown()
      harness = await createHarness(config, clerk)
      return harness
    },
    async mount(options = {}, config, clerk) {
      const started = await form.start(config, clerk)
      wrapper = await mountLoaded(started, ClientTrustSignIn, options)
      return { harness: started, wrapper }
    },
    track(next) {
      wrapper?.unmount()
      wrapper = next
      return next
    },
    unmount() {
      wrapper?.unmount()
      wrapper = undefined
    },
    step: () => form.wrapper.attributes('data-step'),
    alertText: () => form.wrapper.find('[data-cts-part="summary"]').text(),
    async signInWith(identifier, password = 'correct-horse') {
      const w = form.wrapper
      // After Start over or an error, once the form is usable again (a request it left may still be landing).
      await vi.waitFor(() => expect(w.attributes('data-step')).toBe('credentials'))
      await vi.waitFor(() => expect(w.find('button[type="submit"]').attributes('disabled')).toBeUndefined())
      await w.find('input[autocomplete="username"]').setValue(identifier)
      await w.find('input[autocomplete="current-password"]').setValue(password)
      await w.find('form').trigger('submit')
    },
    async enterCode(code) {
      const w = form.wrapper
      // A code typed while the code is still being sent would be dropped (one request at a
      // time): wait, as a person would, for the field and for the form to be idle again.
      await vi.waitFor(() => expect(w.find(CODE_INPUT).exists()).toBe(true))
      await vi.waitFor(() => {
        expect(w.attributes('data-state')).not.toBe('busy')
        expect(w.find('button[type="submit"]').attributes('disabled')).toBeUndefined()
      })
      await w.find(CODE_INPUT).setValue(code)
      await w.find('form').trigger('submit')
      await flushPromises()
    },
    async toCodeStep(identifier = 'jane@example.com') {
      await form.signInWith(identifier)
      await vi.waitFor(() => expect(form.step()).toBe('verify'))
      await vi.waitFor(() => expect(form.harness.emulator.outbox()).toHaveLength(1))
      await vi.waitFor(() => expect(form.wrapper.find(CODE_INPUT).exists()).toBe(true))
      return form.harness.emulator.outbox()[0]
    },
  }
  return form
}
