import { deDE, arSA } from '@clerk/localizations'
import type { LocalizationResource } from '@clerk/shared/types'
import { describe, expect, it } from 'vitest'
import { effectScope, nextTick, shallowRef } from 'vue'
import { useClerkLocalization } from '../../src/runtime/composables/useClerkLocalization'
import { matchLocale } from '../../src/runtime/core/locale'

// The i18n opt-in: a reactive locale picks the Clerk localization, loaded on demand.

function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>(r => (resolve = r))
  return { promise, resolve }
}

describe('matchLocale', () => {
  const keys = ['de-DE', 'ar-SA', 'en']
  it('matches exactly, then by language either way, else nothing', () => {
    expect(matchLocale('de-DE', keys)).toBe('de-DE')
    expect(matchLocale('de_de', keys)).toBe('de-DE')
    expect(matchLocale('de', keys)).toBe('de-DE')
    expect(matchLocale('de-AT', keys)).toBe('de-DE')
    expect(matchLocale('en-GB', keys)).toBe('en')
    expect(matchLocale('fr', keys)).toBeNull()
    expect(matchLocale(undefined, keys)).toBeNull()
  })
})

describe('given a reactive locale', () => {
  it('loads the matching localization on demand, keeps the previous one while the next loads, and English (null) for none', async () => {
    const loads: string[] = []
    const pending = { de: deferred<LocalizationResource>(), ar: deferred<LocalizationResource>() }
    const locale = shallowRef<string>('de')
    const scope = effectScope()
    const result = scope.run(() => useClerkLocalization(locale, {
      de: () => (loads.push('de'), pending.de.promise),
      ar: () => (loads.push('ar'), pending.ar.promise),
    }))!
    expect(result.isLoading.value).toBe(true)
    expect(result.localization.value).toBeNull()
    pending.de.resolve(deDE)
    await expect.poll(() => result.localization.value).toBe(deDE)
    expect(result.matched.value).toBe('de')

    locale.value = 'ar-SA'
    await nextTick()
    expect(result.isLoading.value).toBe(true)
    expect(result.localization.value).toBe(deDE)
    pending.ar.resolve(arSA)
    await expect.poll(() => result.localization.value).toBe(arSA)
    expect(result.isLoading.value).toBe(false)

    locale.value = 'fr'
    await nextTick()
    expect(result.localization.value).toBeNull()
    expect(loads).toEqual(['de', 'ar'])
    scope.stop()
  })

  it('lets the latest locale win when an earlier load resolves after it', async () => {
    const slow = deferred<LocalizationResource>()
    const locale = shallowRef('de')
    const scope = effectScope()
    const result = scope.run(() => useClerkLocalization(locale, { de: () => slow.promise, ar: async () => arSA }))!
    locale.value = 'ar'
    await expect.poll(() => result.localization.value).toBe(arSA)
    slow.resolve(deDE)
    await slow.promise
    await nextTick()
    expect(result.localization.value).toBe(arSA)
    expect(result.matched.value).toBe('ar')
    scope.stop()
  })

  it('keeps the current language and reports a loader that fails', async () => {
    const locale = shallowRef('de')
    const scope = effectScope()
    const result = scope.run(() => useClerkLocalization(locale, { de: async () => deDE, ar: () => Promise.reject(new Error('offline')) }))!
    await expect.poll(() => result.localization.value).toBe(deDE)
    locale.value = 'ar'
    await expect.poll(() => (result.error.value as Error | null)?.message).toBe('offline')
    expect(result.localization.value).toBe(deDE)
    expect(result.isLoading.value).toBe(false)
    scope.stop()
  })
})
