// @vitest-environment happy-dom
// The loader of the parts in chunks of their own (steps.ts): pure logic, with a stand-in
// component for the chunk and a form context of our own. The real parts, loaded by the real
// form, are in the flows' tests (the methods list, the new-password step, the email-link step,
// Protect); a chunk the network drops, in Chromium (test/browser/hardening-faults.test.ts).
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import type { Component } from 'vue'
import { provideClientTrustSignInContext } from '../../src/runtime/components/context'
import { lazyPart, loadStepPart, stepPart } from '../../src/runtime/components/steps'
import type { ClientTrustSlotProps } from '../../src/runtime/components/types'
import { pathMessages } from '../../src/runtime/core/messages'

/** Mounts `component` under a form context of our own (the root provides the real one): its words and "Start over". */
function mountInForm(component: Component, startOver: () => void, isFetching = false) {
  const form = { messages: pathMessages, isFetching, startOver } as unknown as ClientTrustSlotProps
  return mount(defineComponent({
    setup() {
      provideClientTrustSignInContext({ form, options: { variant: 'single', autoSubmit: true }, slots: {} })
      return () => h(component)
    },
  }))
}

const Part = defineComponent({ name: 'LoadedPart', setup: () => () => h('p', { class: 'loaded' }, 'the part') })

/** An `import()` the test answers: resolve with the part, or fail like a chunk that did not load. */
function chunk() {
  const calls: Array<{ resolve: (module: { default: Component }) => void, reject: (error: Error) => void }> = []
  const importPart = vi.fn(() => new Promise<{ default: Component }>((resolve, reject) => calls.push({ resolve, reject })))
  return { importPart, calls }
}

describe('a part in a chunk of its own', () => {
  it('is loaded once; then it is the part itself, with nothing more to load', async () => {
    const { importPart, calls } = chunk()
    const part = lazyPart(importPart)
    const first = part.load()
    expect(part.load()).toBe(first)
    expect(importPart).toHaveBeenCalledTimes(1)
    calls[0]!.resolve({ default: Part })
    await first
    expect(part.load()).toBeNull()
    expect(part.component).toBe(Part)
  })

  it('mounted before its chunk is in, renders nothing, then the part', async () => {
    const { importPart, calls } = chunk()
    const part = lazyPart(importPart)
    const wrapper = mount(part.component)
    expect(wrapper.html()).toBe('')
    calls[0]!.resolve({ default: Part })
    await flushPromises()
    expect(wrapper.find('.loaded').text()).toBe('the part')
    wrapper.unmount()
  })

  it('after a failed load, is loaded again next time; a stand-in mounted meanwhile says it did not load, with "Start over"', async () => {
    const { importPart, calls } = chunk()
    const part = lazyPart(importPart)
    const failed = part.load()!
    calls[0]!.reject(new Error('Failed to fetch dynamically imported module'))
    await expect(failed).rejects.toThrow('Failed to fetch')
    const startOver = vi.fn()
    const wrapper = mountInForm(part.component, startOver)
    // Not tried again by itself: the form asks for the chunk when the step is reached again.
    expect(importPart).toHaveBeenCalledTimes(1)
    expect(wrapper.find('[data-cts-part="title"]').text()).toBe(pathMessages.networkError)
    const button = wrapper.find('button[data-cts-action="start-over"]')
    expect(button.text()).toBe(pathMessages.startOver)
    expect(button.attributes('data-cts-autofocus')).toBe('')
    await button.trigger('click')
    expect(startOver).toHaveBeenCalledTimes(1)
    wrapper.unmount()

    const again = part.load()!
    expect(importPart).toHaveBeenCalledTimes(2)
    calls[1]!.resolve({ default: Part })
    await again
    expect(part.component).toBe(Part)
  })

  it('mounted before its chunk was asked for, and the load fails: says so, with a "Start over" a running request does not disable', async () => {
    const { importPart, calls } = chunk()
    const part = lazyPart(importPart)
    const wrapper = mountInForm(part.component, vi.fn(), true)
    expect(wrapper.text()).toBe('')
    calls[0]!.reject(new Error('Failed to fetch dynamically imported module'))
    await flushPromises()
    expect(wrapper.find('[data-cts-part="title"]').text()).toBe(pathMessages.networkError)
    expect(wrapper.find('button[data-cts-action="start-over"]').attributes('disabled')).toBeUndefined()
    wrapper.unmount()
  })
})

describe('the step table', () => {
  it('renders the email/SMS path at once and loads the other steps first', async () => {
    for (const slot of ['credentials', 'verify', 'second-factor', 'reset-code', 'complete'] as const) {
      expect(loadStepPart(slot)).toBeNull()
    }
    expect(stepPart('verify')).toBe(stepPart('second-factor'))
    for (const slot of ['methods', 'email-link', 'new-password', 'protect-check'] as const) {
      const load = loadStepPart(slot)
      expect(load).toBeInstanceOf(Promise)
      await load
      expect(loadStepPart(slot)).toBeNull()
      expect((stepPart(slot) as { __name?: string }).__name).toMatch(/^Cts\w+Step$/)
    }
  })
})
