// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { useMountedForm } from './setup'

// Registered first, so it runs after the form's teardown (hooks run as a stack).
afterEach(() => void vi.restoreAllMocks())
const form = useMountedForm()
const { step } = form
async function submit(selector: string, value: string) {
  // A code typed while the code is still being sent would be dropped (one request at a time):
  // wait, as a person would, for the form to be ready.
  await vi.waitFor(() => expect(form.wrapper.attributes('data-state')).not.toBe('busy'))
  await form.wrapper.find(selector).setValue(value)
  await form.wrapper.find('form').trigger('submit')
}

describe('given a sign-in with mistakes, with the real clerk-js', () => {
  it('never puts a password or a code in an emitted event, console.* or the markup', async () => {
    const logged: unknown[][] = []
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args))
    }
    const { harness, wrapper } = await form.mount({}, {}, { emulator: { codes: 'random' } })
    const wrongPassword = 'wrong-horse-8713'
    await wrapper.find('input[autocomplete="username"]').setValue('jane@example.com')
    await submit('input[autocomplete="current-password"]', wrongPassword)
    await vi.waitFor(() => expect(wrapper.emitted('error')).toHaveLength(1))
    await submit('input[autocomplete="current-password"]', 'correct-horse')
    await vi.waitFor(() => expect(step()).toBe('verify'))
    await vi.waitFor(() => expect(harness.emulator.outbox()).toHaveLength(1))
    const code = harness.emulator.outbox()[0]!.code!
    const wrongCode = code === '111111' ? '222222' : '111111'
    await submit('input[autocomplete="one-time-code"]', wrongCode)
    await vi.waitFor(() => expect(wrapper.emitted('error')).toHaveLength(2))
    const markupMidFlow = document.body.innerHTML
    await submit('input[autocomplete="one-time-code"]', code)
    await vi.waitFor(() => expect(wrapper.emitted('complete')).toHaveLength(1))

    const emitted = JSON.stringify(wrapper.emitted())
    const consoleText = JSON.stringify(logged.map(args => args.map(a => (a instanceof Error ? `${a.message} ${a.stack}` : a))))
    for (const secret of ['correct-horse', wrongPassword, code, wrongCode]) {
      expect(emitted, `"${secret}" in an event`).not.toContain(secret)
      expect(consoleText, `"${secret}" in the console`).not.toContain(secret)
      expect(markupMidFlow, `"${secret}" in the markup`).not.toContain(secret)
      expect(document.body.innerHTML, `"${secret}" in the markup`).not.toContain(secret)
      expect(window.location.href).not.toContain(secret)
    }
    expect(wrapper.emitted('error')?.map(([e]) => (e as { code: string }).code)).toEqual(['form_password_incorrect', 'form_code_incorrect'])
  })

  it('shows the generic message, not a JavaScript error text, for a broken answer', async () => {
    const { harness, wrapper } = await form.mount()
    harness.emulator.setScenario({ malformed: 'json' })
    await wrapper.find('input[autocomplete="username"]').setValue('jane@example.com')
    await submit('input[autocomplete="current-password"]', 'correct-horse')
    await vi.waitFor(() => expect(wrapper.emitted('error')).toHaveLength(1))
    expect(wrapper.emitted('error')![0]![0]).toEqual({ step: 'credentials', code: undefined, message: 'Something went wrong. Please try again.' })
    expect(wrapper.text()).toContain('Something went wrong. Please try again.')
    expect(wrapper.text()).not.toMatch(/JSON|Unexpected|SyntaxError/)
  })
})
