// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { MEMORY_LIMIT, forgetAll, recall, remember, subscribeMemory } from '../../src/runtime/controller/memory'

const KEY = 'nuxt-clerk-client-trust:sign-ins'

describe('the flow\'s memory of sign-ins', () => {
  beforeEach(() => forgetAll())

  it('merges facts per sign-in and keeps them in sessionStorage, nothing else', async () => {
    remember('sia_1', { sent: 'email_code:idn_1' })
    remember('sia_1', { resendAt: { 'email_code:idn_1': 1000 } })
    expect(recall('sia_1')).toEqual({ sent: 'email_code:idn_1', resendAt: { 'email_code:idn_1': 1000 } })
    expect(recall('sia_2')).toEqual({})
    // Not written on each change: only a reload reads it, and the page is hidden or left first.
    await new Promise(resolve => setTimeout(resolve, 0))
    expect(sessionStorage.getItem(KEY)).toBeNull()
    window.dispatchEvent(new Event('pagehide'))
    expect(JSON.parse(sessionStorage.getItem(KEY) ?? 'null')).toEqual({ sia_1: recall('sia_1') })
  })

  it('answers a sign-in it knows nothing of with one unchanging record, so the view built on it is kept', () => {
    // The view makes what follows a sign-in again when its record is another object: a new
    // empty one per read would remake it on every change until the first fact (the code sent).
    expect(recall('sia_new')).toBe(recall('sia_new'))
    expect(recall('sia_new')).toBe(recall('sia_other'))
    expect(Object.isFrozen(recall('sia_new'))).toBe(true)
    remember('sia_new', { sent: 'email_code:idn_1' })
    expect(recall('sia_new')).toEqual({ sent: 'email_code:idn_1' })
    expect(recall('sia_other')).toEqual({})
  })

  it('changes nothing, and tells nobody, when told a fact it holds already', () => {
    // The code step says "sent" again each time it looks at a factor whose code went out: no
    // new record (the view would be remade) and no listener (the flow would run another pass).
    const told = vi.fn()
    const stop = subscribeMemory(told)
    try {
      remember('sia_1', { sent: 'email_code:idn_1', picked: 'email_code:idn_1' })
      const record = recall('sia_1')
      expect(told).toHaveBeenCalledTimes(1)
      remember('sia_1', { sent: 'email_code:idn_1' })
      expect(recall('sia_1')).toBe(record)
      expect(told).toHaveBeenCalledTimes(1)
      remember('sia_1', { sent: 'phone_code:idn_2' })
      expect(recall('sia_1')).toEqual({ sent: 'phone_code:idn_2', picked: 'email_code:idn_1' })
      expect(told).toHaveBeenCalledTimes(2)
    }
    finally {
      stop()
    }
  })

  it('is not written again while nothing changed', () => {
    remember('sia_1', { sent: 'email_code:idn_1' })
    const setItem = vi.spyOn(sessionStorage, 'setItem')
    try {
      window.dispatchEvent(new Event('pagehide'))
      window.dispatchEvent(new Event('pagehide'))
      expect(setItem).toHaveBeenCalledTimes(1)
      remember('sia_1', { picked: 'totp:' })
      window.dispatchEvent(new Event('pagehide'))
      expect(setItem).toHaveBeenCalledTimes(2)
    }
    finally {
      setItem.mockRestore()
    }
  })

  it('is written when the tab goes to the background (a mobile browser may close it without pagehide)', () => {
    remember('sia_1', { sent: 'email_code:idn_1' })
    const visibility = vi.spyOn(document, 'visibilityState', 'get')
    try {
      visibility.mockReturnValue('visible')
      document.dispatchEvent(new Event('visibilitychange'))
      expect(sessionStorage.getItem(KEY)).toBeNull()
      visibility.mockReturnValue('hidden')
      document.dispatchEvent(new Event('visibilitychange'))
      expect(JSON.parse(sessionStorage.getItem(KEY) ?? 'null')).toEqual({ sia_1: { sent: 'email_code:idn_1' } })
    }
    finally {
      visibility.mockRestore()
    }
  })

  it('is bounded: the sign-in touched longest ago is forgotten first', () => {
    for (let i = 0; i <= MEMORY_LIMIT; i++) remember(`sia_${i}`, { sent: 'k' })
    expect(recall('sia_0')).toEqual({})
    expect(recall(`sia_${MEMORY_LIMIT}`)).toEqual({ sent: 'k' })
    // Touching an old one makes it the newest.
    remember('sia_1', { picked: 'totp:' })
    remember('sia_new', { sent: 'k' })
    expect(recall('sia_1')).toEqual({ sent: 'k', picked: 'totp:' })
    expect(recall('sia_2')).toEqual({})
    // Told again a fact it holds, it is the newest all the same.
    remember('sia_3', { sent: 'k' })
    remember('sia_newer', { sent: 'k' })
    expect(recall('sia_3')).toEqual({ sent: 'k' })
    expect(recall('sia_4')).toEqual({})
    window.dispatchEvent(new Event('pagehide'))
    expect(Object.keys(JSON.parse(sessionStorage.getItem(KEY) ?? '{}'))).toHaveLength(MEMORY_LIMIT)
  })

  it('stores which sign-in was touched last, also when told a fact it holds', async () => {
    remember('sia_1', { sent: 'k' })
    remember('sia_2', { sent: 'k' })
    window.dispatchEvent(new Event('pagehide'))
    const setItem = vi.spyOn(sessionStorage, 'setItem')
    try {
      // The newest already: nothing to write.
      remember('sia_2', { sent: 'k' })
      window.dispatchEvent(new Event('pagehide'))
      expect(setItem).not.toHaveBeenCalled()
      // The oldest becomes the newest: written, so that a reload forgets the other one first.
      remember('sia_1', { sent: 'k' })
      window.dispatchEvent(new Event('pagehide'))
      expect(Object.keys(JSON.parse(sessionStorage.getItem(KEY) ?? '{}'))).toEqual(['sia_2', 'sia_1'])
    }
    finally {
      setItem.mockRestore()
    }
    // A reload keeps that order: the sign-in stored last is the newest.
    vi.resetModules()
    const reloaded = await import('../../src/runtime/controller/memory')
    const setAgain = vi.spyOn(sessionStorage, 'setItem')
    try {
      reloaded.remember('sia_1', { sent: 'k' })
      window.dispatchEvent(new Event('pagehide'))
      expect(setAgain).not.toHaveBeenCalled()
    }
    finally {
      setAgain.mockRestore()
    }
  })

  it('comes back after a reload, and ignores a broken or foreign stored value', async () => {
    remember('sia_1', { finalized: 'sess_1' })
    // A reload (or closing the tab) hides the page first: the memory is written then.
    window.dispatchEvent(new Event('pagehide'))
    vi.resetModules()
    const reloaded = await import('../../src/runtime/controller/memory')
    expect(reloaded.recall('sia_1')).toEqual({ finalized: 'sess_1' })

    sessionStorage.setItem(KEY, JSON.stringify({ sia_bad: { sent: 42 }, sia_ok: { abandoned: true }, sia_arr: [] }))
    vi.resetModules()
    const fresh = await import('../../src/runtime/controller/memory')
    expect(fresh.recall('sia_bad')).toEqual({})
    expect(fresh.recall('sia_arr')).toEqual({})
    expect(fresh.recall('sia_ok')).toEqual({ abandoned: true })

    sessionStorage.setItem(KEY, '{not json')
    vi.resetModules()
    expect((await import('../../src/runtime/controller/memory')).recall('sia_ok')).toEqual({})
  })
})
