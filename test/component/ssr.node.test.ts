// @vitest-environment node
import { deDE } from '@clerk/localizations/de-DE'
import { clerkPlugin } from '@clerk/vue'
import { describe, expect, it } from 'vitest'
import { createSSRApp, h } from 'vue'
import { renderToString } from 'vue/server-renderer'
import ClientTrustSignIn from '../../src/runtime/components/ClientTrustSignIn.vue'
import { languageAdapter } from '../../src/runtime/composables/onDemand'

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

  it('renders a form given a Clerk localization in that language, waiting for the adapter it downloads on demand', async () => {
    // Nothing in this file loaded the adapter before: the render itself must wait for it.
    expect(languageAdapter.value).toBeNull()
    const server = createSSRApp({ render: () => h(ClientTrustSignIn, { localization: deDE }) })
      .use(clerkPlugin, { publishableKey: 'pk_test_Y2xlcmsuZW11bGF0b3IuaW52YWxpZCQ' })
    const html = await renderToString(server)
    expect(html).toMatch(/^<div class="cts cts--styled"[^>]* lang="de-DE" dir="ltr"/)
    expect(html).toMatch(new RegExp(`<button[^>]*type="submit" disabled>\\s*(?:<!--[^>]*-->\\s*)?${deDE.formButtonPrimary}\\s*</button>`))
    expect(html).toContain(deDE.formFieldLabel__password)
    expect(html).not.toContain('Continue')
  })
})
