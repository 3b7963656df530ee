import type { Resolver } from '@nuxt/kit'
import type { Nuxt } from '@nuxt/schema'
import { describe, expect, it } from 'vitest'
import { MODULE_DEFAULTS } from '../../src/module'
import type { ModuleOptions } from '../../src/module'
import { clerkLocalesFor, setupI18n } from '../../src/setup/i18n'
import { validateOptions } from '../../src/setup/options'

// The @nuxtjs/i18n opt-in's build step: which Clerk locale each i18n locale loads.
describe('clerkLocalesFor', () => {
  const available = ['ar-SA', 'de-DE', 'en-GB', 'en-US', 'es-ES', 'es-MX', 'pt-BR', 'pt-PT']

  it('maps by language, else by code, and leaves out what Clerk has no language for', () => {
    expect(clerkLocalesFor([{ code: 'en', language: 'en-US' }, { code: 'de' }, { code: 'ar', language: 'ar' }, { code: 'tlh' }], available))
      .toEqual({ en: 'en-US', de: 'de-DE', ar: 'ar-SA' })
  })

  it('takes an explicit choice, and ignores one Clerk does not ship', () => {
    expect(clerkLocalesFor([{ code: 'en' }, { code: 'pt' }, { code: 'x' }], available, { en: 'en-GB', pt: 'pt-PT', x: 'xx-XX' }))
      .toEqual({ en: 'en-GB', pt: 'pt-PT' })
  })
})

describe('the i18n module option', () => {
  const options = (i18n: unknown): ModuleOptions => ({ ...MODULE_DEFAULTS, i18n: i18n as ModuleOptions['i18n'] })

  it('accepts true, false or a map of codes, and fails the build on anything else, saying the fix', () => {
    for (const ok of [true, false, undefined, { en: 'en-GB' }]) expect(() => validateOptions(options(ok))).not.toThrow()
    for (const bad of ['yes', ['de'], { en: 1 }]) expect(() => validateOptions(options(bad))).toThrow(/clientTrust\.i18n must be true, false, or an object/)
  })
})

describe('setupI18n', () => {
  it('fails the build, saying the fix, when @nuxtjs/i18n is not among the modules', () => {
    const nuxt = { options: { modules: [], _installedModules: [], rootDir: process.cwd() } } as unknown as Nuxt
    const resolver = { resolve: (path: string) => path } as unknown as Resolver
    expect(() => setupI18n(true, nuxt, resolver)).toThrow(/add '@nuxtjs\/i18n' to modules/)
  })
})
