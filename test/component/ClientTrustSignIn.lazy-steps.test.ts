// @vitest-environment happy-dom
// A step in a chunk of its own, held while it downloads: what the form shows meanwhile, with the
// real clerk-js against the emulator. Its own file: the chunk must not be loaded before.
import { describe, expect, it, vi } from 'vitest'
import { defaultMessages } from '../../src/runtime/core/defaultMessages'
import { useMountedForm } from './setup'

// The chunks of the new-password step and of the methods list answer once the test releases
// them (their modules are imported with the package's entry, which exports every part: the
// download is held instead).
const chunks = vi.hoisted(() => {
  const hold = () => {
    let release!: () => void
    return { held: new Promise<void>(resolve => release = resolve), release: () => release(), asked: 0 }
  }
  return { 'new-password': hold(), 'methods': hold() } as Record<string, ReturnType<typeof hold>>
})
vi.mock('../../src/runtime/components/steps', async (importOriginal) => {
  const steps = await importOriginal<typeof import('../../src/runtime/components/steps')>()
  return {
    ...steps,
    loadStepPart: (slot: Parameters<typeof steps.loadStepPart>[0]) => {
      const chunk = chunks[slot]
      if (!chunk || !steps.loadStepPart(slot)) return steps.loadStepPart(slot)
      chunk.asked++
      return chunk.held.then(() => steps.loadStepPart(slot))
    },
  }
})
const chunk = chunks['new-password']!

const form = useMountedForm()
const TITLES: Record<string, string> = { 'reset-code': defaultMessages.resetCodeTitle, 'new-password': defaultMessages.newPasswordTitle }

describe('given Jane resetting her password while the new-password step downloads', () => {
  it('keeps the reset code step whole until the step is in, then shows the new one whole', async () => {
    const { harness, wrapper } = await form.mount()
    const root = wrapper.element as HTMLElement
    // Every state the DOM settles in: the root's step and the title beside it.
    const seen: Array<{ step: string | null, title: string | undefined }> = []
    const observer = new MutationObserver(() => seen.push({
      step: root.getAttribute('data-step'),
      title: root.querySelector('[data-cts-part="title"]')?.textContent?.trim(),
    }))
    observer.observe(root, { subtree: true, childList: true, attributes: true, characterData: true })

    await vi.waitFor(() => expect(wrapper.find('[data-cts-action="forgot-password"]').exists()).toBe(true))
    await wrapper.find('input[autocomplete="username"]').setValue('jane@example.com')
    await wrapper.find('[data-cts-action="forgot-password"]').trigger('click')
    await vi.waitFor(() => expect(form.step()).toBe('reset-code'))
    await form.enterCode('424242')

    // Clerk is on to the new password; the form still shows the code step as it was, its step
    // on the root too, while the chunk is asked for.
    await vi.waitFor(() => expect(harness.signIn()?.status).toBe('needs_new_password'))
    await vi.waitFor(() => expect(chunk.asked).toBe(1))
    expect(form.step()).toBe('reset-code')
    expect(wrapper.find('[data-cts-part="title"]').text()).toBe(defaultMessages.resetCodeTitle)
    expect(wrapper.find('input[name="new-password"]').exists()).toBe(false)

    chunk.release()
    await vi.waitFor(() => expect(wrapper.find('input[name="new-password"]').exists()).toBe(true))
    expect(form.step()).toBe('new-password')
    expect(wrapper.find('[data-cts-part="title"]').text()).toBe(defaultMessages.newPasswordTitle)
    observer.disconnect()
    // Never a step under another's title on the way.
    const states = seen.filter(s => s.step === 'reset-code' || s.step === 'new-password')
    expect(states.map(s => s.step)).toContain('new-password')
    for (const state of states) expect(state.title).toBe(TITLES[state.step!])
  })
})

describe('given an app with its own methods list', () => {
  it('shows its slot without downloading the built-in one', async () => {
    const { wrapper } = await form.mount({ slots: { methods: '<p class="my-methods">Pick one of ours</p>' } })
    await form.signInWith('mia@example.com')
    await vi.waitFor(() => expect(form.step()).toBe('second-factor'))
    await vi.waitFor(() => expect(wrapper.attributes('data-state')).toBe('idle'))
    await wrapper.find('[data-cts-action="another-method"]').trigger('click')
    await vi.waitFor(() => expect(wrapper.find('.my-methods').exists()).toBe(true))
    expect(chunks.methods!.asked).toBe(0)
  })
})

describe('given Mia choosing another method while the methods list downloads', () => {
  it('keeps her authenticator step, busy, until the list is in', async () => {
    const { wrapper } = await form.mount()
    await form.signInWith('mia@example.com')
    await vi.waitFor(() => expect(form.step()).toBe('second-factor'))
    await vi.waitFor(() => expect(wrapper.attributes('data-state')).toBe('idle'))
    await wrapper.find('[data-cts-action="another-method"]').trigger('click')

    await vi.waitFor(() => expect(chunks.methods!.asked).toBe(1))
    await vi.waitFor(() => expect(wrapper.attributes('data-state')).toBe('busy'))
    expect(wrapper.find('[data-cts-part="title"]').text()).toBe(defaultMessages.secondFactorTitle)
    expect(wrapper.find('button[type="submit"]').attributes('disabled')).toBeDefined()
    expect(wrapper.find('.cts-methods').exists()).toBe(false)

    chunks.methods!.release()
    await vi.waitFor(() => expect(wrapper.find('.cts-methods').exists()).toBe(true))
    expect(wrapper.attributes('data-state')).toBe('idle')
    expect(wrapper.find('.cts-methods').text()).toContain('+1')
  })
})
