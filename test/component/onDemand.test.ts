// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h, watch } from 'vue'
import { languageAdapter, offPathEnglish } from '../../src/runtime/composables/onDemand'
import { useClientTrustSignIn } from '../../src/runtime/composables/useClientTrustSignIn'
import type { UseClientTrustSignInReturn } from '../../src/vue'
import { useMountedForm } from './setup'

// Its own file: nothing loaded the chunks before these tests (the module state is per file).
const form = useMountedForm()

describe('given an English form and the real clerk-js', () => {
  it('signs in on the email/SMS path without the rest of the English, and shows MFA with it in the same update', async () => {
    const harness = await form.start()
    let api!: UseClientTrustSignInReturn
    // What the app sees at the moment each step shows (a synchronous watcher: no later fix-up counts).
    const shown: Array<{ step: string, title: string | undefined, hint: string | undefined }> = []
    const Probe = defineComponent({
      setup() {
        api = useClientTrustSignIn()
        watch(api.step, step => shown.push({ step, title: api.messages.value.secondFactorTitle, hint: api.messages.value.hintTotp }), { flush: 'sync' })
        return () => h('div')
      },
    })
    form.track(mount(Probe, { global: { plugins: harness.plugins } }))
    await vi.waitFor(() => expect(api.step.value).toBe('credentials'))

    expect((await api.submitPassword({ identifier: 'jane@example.com', password: 'correct-horse' })).error).toBeNull()
    await vi.waitFor(() => expect(harness.emulator.outbox()).toHaveLength(1))
    expect(api.step.value).toBe('verify')
    // The new-device code step is on the path: neither the English of the other steps nor the adapter came.
    expect(api.messages.value.verifyTitle).toBe('Verify it\'s you')
    expect(offPathEnglish.value).toBeNull()
    expect(languageAdapter.value).toBeNull()

    await api.reset()
    await vi.waitFor(() => expect(api.step.value).toBe('credentials'))
    expect((await api.submitPassword({ identifier: 'mia@example.com', password: 'correct-horse' })).error).toBeNull()
    await vi.waitFor(() => expect(api.step.value).toBe('second-factor'))
    expect(offPathEnglish.value).not.toBeNull()
    expect(shown.filter(s => s.step === 'second-factor')).toEqual([
      { step: 'second-factor', title: 'Two-step verification', hint: 'Enter the code from your authenticator app' },
    ])
    // Every text is there now, as the type says.
    expect(Object.values(api.messages.value).every(text => typeof text === 'string' && text.length > 0)).toBe(true)
  })
})
