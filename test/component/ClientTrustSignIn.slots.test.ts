// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { h } from 'vue'
import type { ClientTrustSlotProps } from '../../src/vue'
import { useMountedForm } from './setup'

const form = useMountedForm()

describe('given slots, props and messages', () => {
  it('renders a headless default slot driving the real flow', async () => {
    let last!: ClientTrustSlotProps
    const { harness, wrapper } = await form.mount({
      props: { unstyled: true },
      slots: {
        default: (props: ClientTrustSlotProps) => {
          last = props
          return h('p', { id: 'custom' }, `${props.step}:${props.safeIdentifier ?? ''}`)
        },
      },
    })
    expect(wrapper.classes()).not.toContain('cts--styled')
    expect(wrapper.find('form').exists()).toBe(false)
    last.setIdentifier('jane@example.com')
    last.setPassword('correct-horse')
    await last.submitCredentials()
    await vi.waitFor(() => expect(wrapper.find('#custom').text()).toMatch(/^verify:j\S*@example\.com$/))
    await vi.waitFor(() => expect(harness.emulator.outbox()).toHaveLength(1))
    last.setCode('424242')
    expect((await last.submitCode()).error).toBeNull()
    await vi.waitFor(() => expect(harness.navigations).toEqual(['/']))
  })

  it('replaces one step through its named slot and keeps header and footer', async () => {
    const { wrapper } = await form.mount({
      slots: {
        header: () => h('h1', 'Acme'),
        credentials: (props: ClientTrustSlotProps) => h('button', { id: 'mine' }, props.messages.continue),
        footer: () => h('small', 'Help'),
      },
    })
    expect(wrapper.classes()).toContain('cts--styled')
    expect(wrapper.find('h1').text()).toBe('Acme')
    expect(wrapper.find('#mine').text()).toBe('Continue')
    expect(wrapper.find('small').text()).toBe('Help')
    expect(wrapper.find('input').exists()).toBe(false)
  })

  it('uses overridden messages and links every label to its input', async () => {
    const { wrapper } = await form.mount({
      props: { identifier: 'email', messages: { continue: 'Weiter', passwordLabel: 'Passwort' } },
    })
    expect(wrapper.find('button[type="submit"]').text()).toBe('Weiter')
    for (const label of wrapper.findAll('label')) {
      expect(wrapper.find(`input[id="${label.attributes('for')}"]`).exists()).toBe(true)
    }
    expect(wrapper.findAll('label').map(l => l.text())).toEqual(['Email address', 'Passwort'])
    expect(wrapper.find('input[autocomplete="username"]').attributes('type')).toBe('email')
  })
})

describe('given a custom form that verifies while the code is still being sent', () => {
  it('verifies once the send has answered, instead of returning the send\'s result', async () => {
    let last!: ClientTrustSlotProps
    const { harness, wrapper } = await form.mount({
      slots: { default: (props: ClientTrustSlotProps) => void (last = props) },
    })
    // Every FAPI answer is late: the send is in flight when the app verifies.
    harness.emulator.setScenario({ delayMs: 400 })
    last.setIdentifier('jane@example.com')
    last.setPassword('correct-horse')
    await last.submitCredentials()
    await vi.waitFor(() => expect(wrapper.attributes('data-step')).toBe('verify'))
    expect(harness.requestsTo('/prepare_second_factor')).toBe(0)
    last.setCode('424242')
    expect((await last.submitCode()).error).toBeNull()
    await vi.waitFor(() => expect(harness.navigations).toEqual(['/']))
    expect(harness.requestsTo('/prepare_second_factor')).toBe(1)
    expect(harness.requestsTo('/attempt_second_factor')).toBe(1)
  })
})
