// @vitest-environment node
import { clerkPlugin } from '@clerk/vue'
import { describe, expect, it } from 'vitest'
import { createSSRApp, h } from 'vue'
import { renderToString } from 'vue/server-renderer'
import ClientTrustSignIn from '../../src/runtime/components/ClientTrustSignIn.vue'

describe('given server rendering (no window)', () => {
  it('renders the disabled loading skeleton of the credentials step', async () => {
    expect(typeof window).toBe('undefined')
    const server = createSSRApp({ render: () => h(ClientTrustSignIn, { identifier: 'email' }) })
      .use(clerkPlugin, { publishableKey: 'pk_test_Y2xlcmsuZW11bGF0b3IuaW52YWxpZCQ' })
    const html = await renderToString(server)
    expect(html).toMatch(/^<div class="cts cts--styled"[^>]* data-step="loading"[^>]* data-loading>/)
    expect(html).toMatch(/<input[^>]*type="email"[^>]*autocomplete="username"[^>]*disabled/)
    // Disabled, with the label it will have: no English "Loading…" on a page in another language.
    expect(html).toMatch(/<button[^>]*type="submit" disabled>\s*(?:<!--[^>]*-->\s*)?Continue\s*<\/button>/)
    expect(html).toMatch(/<form[^>]*aria-busy="true"/)
    expect(html).not.toContain('undefined')
  })
})
