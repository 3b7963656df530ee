// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { useNavigator } from '../../src/runtime/composables/navigator'
import type { ClientTrustNavigate } from '../../src/vue'

function navigatorWith(configured?: ClientTrustNavigate, router?: { push: (to: string) => unknown }) {
  let go!: (url: string) => Promise<void>
  mount(defineComponent({
    setup() {
      go = useNavigator(() => configured)
      return () => h('div')
    },
  }), { global: { config: { globalProperties: (router ? { $router: router } : {}) as never } } })
  return go
}

describe('useNavigator', () => {
  it('prefers the configured navigate for paths', async () => {
    const navigate = vi.fn()
    const push = vi.fn()
    await navigatorWith(navigate, { push })('/dashboard')
    expect(navigate).toHaveBeenCalledWith('/dashboard')
    expect(push).not.toHaveBeenCalled()
  })

  it('falls back to the app\'s vue-router', async () => {
    const push = vi.fn()
    await navigatorWith(undefined, { push })('/dashboard')
    expect(push).toHaveBeenCalledWith('/dashboard')
  })

  it('falls back to location.assign without a router', async () => {
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => {})
    await navigatorWith()('/dashboard')
    expect(assign).toHaveBeenCalledWith('/dashboard')
    assign.mockRestore()
  })

  it('loads a new document for absolute URLs, bypassing the router', async () => {
    const navigate = vi.fn()
    await navigatorWith(navigate)('https://clerk.example.com/v1/client/touch?redirect_url=%2F')
    expect(navigate).not.toHaveBeenCalled()
    expect(window.location.href).toBe('https://clerk.example.com/v1/client/touch?redirect_url=%2F')
  })
})
