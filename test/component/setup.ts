import { flushPromises, mount } from '@vue/test-utils'
import type { ComponentMountingOptions } from '@vue/test-utils'
import { clerkPlugin } from '@clerk/vue'
import { expect, vi } from 'vitest'
import type { App, Component } from 'vue'
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
