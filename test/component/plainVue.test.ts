// @vitest-environment happy-dom
import { flushPromises } from '@vue/test-utils'
import { clerkPlugin } from '@clerk/vue'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createApp, h } from 'vue'
import type { App } from 'vue'
import { RouterView, createMemoryHistory, createRouter } from 'vue-router'
import { ClientTrustSignIn, clientTrustPlugin } from '../../src/vue'
import { createRealClerk } from '../helpers/realClerk'
import type { RealClerkContext } from '../helpers/realClerk'

let ctx: RealClerkContext | undefined
let app: App | undefined
afterEach(async () => {
  app?.unmount()
  app = undefined
  delete (window as { Clerk?: unknown }).Clerk
  await ctx?.close()
  ctx = undefined
})

function type(root: Element, selector: string, value: string) {
  const input = root.querySelector<HTMLInputElement>(selector)!
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true }))
}
function submit(root: Element) {
  root.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
}

describe('given a plain Vue app with clerkPlugin and vue-router', () => {
  it('signs jane in through the email code and routes to afterSignInUrl', async () => {
    ctx = await createRealClerk()
    if (ctx.signIn()?.id) await ctx.signIn().reset()
    ;(window as { Clerk?: unknown }).Clerk = ctx.clerk
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/sign-in', component: { render: () => h(ClientTrustSignIn) } },
        { path: '/dashboard', component: { render: () => h('p', { id: 'dashboard' }, 'Dashboard') } },
      ],
    })
    const { publishableKey, proxyUrl } = ctx.emulator
    app = createApp({ render: () => h(RouterView) })
      .use(router)
      .use(clerkPlugin, { publishableKey, proxyUrl, prefetchUI: false })
      .use(clientTrustPlugin, { afterSignInUrl: '/dashboard' })
    await router.push('/sign-in')
    const root = document.createElement('div')
    document.body.append(root)
    app.mount(root)
    const form = () => root.querySelector('.cts')!

    await vi.waitFor(() => expect(form().getAttribute('data-step')).toBe('credentials'))
    type(root, 'input[autocomplete="username"]', 'jane@example.com')
    type(root, 'input[autocomplete="current-password"]', 'correct-horse')
    submit(root)
    await vi.waitFor(() => expect(form().getAttribute('data-step')).toBe('verify'))
    await vi.waitFor(() => expect(ctx!.emulator.outbox()).toHaveLength(1))
    await flushPromises()
    type(root, 'input[autocomplete="one-time-code"]', ctx.emulator.outbox()[0]!.code!)
    submit(root)

    await vi.waitFor(() => expect(router.currentRoute.value.path).toBe('/dashboard'))
    await vi.waitFor(() => expect(root.querySelector('#dashboard')).not.toBeNull())
    expect(ctx.clerk.user?.id).toBe('user_jane')
    expect(location.pathname).toBe('/')
  })
})
