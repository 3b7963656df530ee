// @vitest-environment happy-dom
import axe from 'axe-core'
import { describe, expect, it, vi } from 'vitest'
import { useMountedForm } from './setup'

const form = useMountedForm()
const { signInWith, enterCode } = form

async function violations(element: Element) {
  // happy-dom computes no layout or colours: contrast checks cannot run here.
  const result = await axe.run(element, { rules: { 'color-contrast': { enabled: false } } })
  return result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.html).join(' | ')}`)
}

describe('given axe-core on every state', () => {
  it('does report problems in this environment (the check can fail)', async () => {
    const bad = document.createElement('div')
    bad.innerHTML = '<input type="text"><button></button>'
    document.body.append(bad)
    expect((await violations(bad)).map(v => v.split(':')[0])).toEqual(expect.arrayContaining(['label', 'button-name']))
    bad.remove()
  })

  it('finds no violations on credentials, its errors, verify and its errors', async () => {
    const { harness, wrapper } = await form.mount()
    expect(await violations(wrapper.element)).toEqual([])

    await wrapper.find('form').trigger('submit')
    await vi.waitFor(() => expect(wrapper.find('[aria-invalid="true"]').exists()).toBe(true))
    expect(await violations(wrapper.element)).toEqual([])

    await signInWith('jane@example.com')
    await vi.waitFor(() => expect(harness.emulator.outbox()).toHaveLength(1))
    expect(await violations(wrapper.element)).toEqual([])

    await enterCode('000000')
    await vi.waitFor(() => expect(wrapper.find('[aria-invalid="true"]').exists()).toBe(true))
    expect(await violations(wrapper.element)).toEqual([])
  })

  it('finds no violations on the MFA step, the methods list, the backup code, email link and new-password steps', async () => {
    const { wrapper } = await form.mount({ props: { resetPasswordUrl: '/reset' } })
    const click = async (selector: string) => {
      await vi.waitFor(() => expect(wrapper.find(selector).attributes('disabled')).toBeUndefined())
      await wrapper.find(selector).trigger('click')
    }
    await signInWith('mia@example.com')
    await vi.waitFor(() => expect(wrapper.attributes('data-factor')).toBe('totp'))
    expect(await violations(wrapper.element)).toEqual([])
    await click('[data-cts-action="another-method"]')
    await vi.waitFor(() => expect(wrapper.find('[data-cts-action="select-method"]').exists()).toBe(true))
    expect(await violations(wrapper.element)).toEqual([])
    await click('[data-cts-action="select-method"][data-cts-strategy="backup_code"]')
    await vi.waitFor(() => expect(wrapper.attributes('data-factor')).toBe('backup_code'))
    expect(await violations(wrapper.element)).toEqual([])
    await click('[data-cts-action="start-over"]')

    await signInWith('lee@example.com')
    await vi.waitFor(() => expect(wrapper.attributes('data-factor')).toBe('email_link'))
    expect(await violations(wrapper.element)).toEqual([])
    await click('[data-cts-action="start-over"]')

    await signInWith('nina@example.com')
    await vi.waitFor(() => expect(wrapper.attributes('data-step')).toBe('new-password'))
    expect(await violations(wrapper.element)).toEqual([])
  })
})
