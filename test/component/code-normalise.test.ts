// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { useMountedForm } from './setup'

// One code normaliser: the form reads a typed or pasted code as the composable's
// verifyCode does (normalizeCode), so whatever verifyCode accepts also submits by itself.

const form = useMountedForm()
const codeInput = () => form.wrapper.find('input[autocomplete="one-time-code"]')
async function toIdleCodeStep() {
  await form.toCodeStep()
  // The code is sent: a request from here on can only be the verification.
  await vi.waitFor(() => expect(form.wrapper.attributes('data-state')).toBe('idle'))
}

describe('given a code pasted in full-width digits', () => {
  it('verifies it by itself, once', async () => {
    await form.mount()
    await toIdleCodeStep()
    await codeInput().setValue('４２４ ２４２')
    expect(form.wrapper.attributes('data-state')).toBe('busy')
    await vi.waitFor(() => expect(form.harness.navigations).toEqual(['/']))
    expect(form.harness.requestsTo('/attempt_second_factor')).toBe(1)
  })

  it('shows it as ASCII digits in the segmented boxes, and verifies it by itself', async () => {
    await form.mount({ props: { variant: 'segmented' } })
    await toIdleCodeStep()
    await codeInput().setValue('４２４－２４２')
    expect((codeInput().element as HTMLInputElement).value).toBe('424242')
    expect(form.wrapper.findAll('[data-cts-part="segment"]').map(b => b.text()).join('')).toBe('424242')
    await vi.waitFor(() => expect(form.harness.navigations).toEqual(['/']))
    expect(form.harness.requestsTo('/attempt_second_factor')).toBe(1)
  })
})
