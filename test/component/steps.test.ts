// @vitest-environment happy-dom
// The loader of the parts in chunks of their own (steps.ts): pure logic, with a stand-in
// component for the chunk. The real parts, loaded by the real form, are in the flows' tests
// (the methods list, the new-password step, the email-link step, Protect).
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import type { Component } from 'vue'
import { lazyPart, loadStepPart, stepPart } from '../../src/runtime/components/steps'

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

  it('after a failed load, is loaded again next time, and a stand-in mounted again loads it', async () => {
    const { importPart, calls } = chunk()
    const part = lazyPart(importPart)
    const failed = part.load()!
    calls[0]!.reject(new Error('Failed to fetch dynamically imported module'))
    await expect(failed).rejects.toThrow('Failed to fetch')
    // The stand-in stays empty on a failure, without an unhandled rejection.
    const wrapper = mount(part.component)
    expect(importPart).toHaveBeenCalledTimes(2)
    calls[1]!.reject(new Error('Failed to fetch dynamically imported module'))
    await flushPromises()
    expect(wrapper.html()).toBe('')
    wrapper.unmount()
    // Mounted again (the step asked for again): it tries again, and shows the part once it is in.
    const again = mount(part.component)
    expect(importPart).toHaveBeenCalledTimes(3)
    calls[2]!.resolve({ default: Part })
    await flushPromises()
    expect(again.find('.loaded').text()).toBe('the part')
    expect(part.component).toBe(Part)
    again.unmount()
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
