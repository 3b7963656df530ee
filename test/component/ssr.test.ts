// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createSSRApp, h } from 'vue'
import type { App } from 'vue'
import { renderToString } from 'vue/server-renderer'
import ClientTrustSignIn from '../../src/runtime/components/ClientTrustSignIn.vue'
import { createHarness } from './setup'
import type { ClerkHarness } from './setup'

let harness: ClerkHarness | undefined
let app: App | undefined
afterEach(async () => {
  app?.unmount()
  app = undefined
  vi.restoreAllMocks()
  await harness?.close()
  harness = undefined
})

describe('given a server-rendered page and a loaded Clerk', () => {
  it('hydrates without mismatch, then shows the credentials step', async () => {
    harness = await createHarness()
    const Root = { render: () => h(ClientTrustSignIn) }
    // Rendered while Clerk is already loaded in this page: must still be the loading state.
    const server = createSSRApp(Root)
    harness.install(server)
    const html = await renderToString(server)
    expect(html).toContain('data-step="loading"')

    const container = document.createElement('div')
    container.innerHTML = html
    document.body.append(container)
    const warn = vi.spyOn(console, 'warn')
    const error = vi.spyOn(console, 'error')
    app = createSSRApp(Root)
    harness.install(app)
    app.mount(container)
    await vi.waitFor(() => expect(container.querySelector('.cts')?.getAttribute('data-step')).toBe('credentials'))
    const messages = [...warn.mock.calls, ...error.mock.calls].map(args => args.join(' '))
    expect(messages.filter(m => /hydration/i.test(m))).toEqual([])
  })
})
