import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Nuxt } from '@nuxt/schema'
import { publishableKeyFor } from '../../src/emulator'
import { shouldEnableEmulator } from '../../src/setup/emulator'

function nuxtWith(options: { dev?: boolean, test?: boolean, clerkKey?: string, runtimeKey?: string }): Nuxt {
  return {
    options: {
      dev: options.dev ?? false,
      test: options.test ?? false,
      clerk: options.clerkKey ? { publishableKey: options.clerkKey } : undefined,
      runtimeConfig: { public: { clerk: options.runtimeKey ? { publishableKey: options.runtimeKey } : undefined } },
    },
  } as unknown as Nuxt
}

const ctx = { withClerkNuxt: true }
const path = '/__clerk'

describe('shouldEnableEmulator', () => {
  afterEach(() => {
    vi.unstubAllEnvs()
  })

  describe('given no option (automatic)', () => {
    it('is on in nuxi dev without a key', () => {
      vi.stubEnv('NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY', '')
      expect(shouldEnableEmulator({ path }, nuxtWith({ dev: true }), ctx)).toBe(true)
    })

    it('is on in a vitest build without a key', () => {
      vi.stubEnv('NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY', '')
      vi.stubEnv('VITEST', 'true')
      expect(shouldEnableEmulator({ path }, nuxtWith({ test: true }), ctx)).toBe(true)
    })

    it('is off when nuxt.options.test is set outside vitest (e.g. TEST=0 nuxi build)', () => {
      vi.stubEnv('NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY', '')
      vi.stubEnv('VITEST', '')
      expect(shouldEnableEmulator({ path }, nuxtWith({ test: true }), ctx)).toBe(false)
    })

    it('is off in a production build', () => {
      vi.stubEnv('NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY', '')
      expect(shouldEnableEmulator({ path }, nuxtWith({}), ctx)).toBe(false)
    })

    it.each([
      ['the environment', { env: 'pk_test_real' }],
      ['the clerk options', { clerkKey: 'pk_test_real' }],
      ['the runtime config', { runtimeKey: 'pk_test_real' }],
    ])('stays off in dev when a real key comes from %s', (_where, source: { env?: string, clerkKey?: string, runtimeKey?: string }) => {
      vi.stubEnv('NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY', source.env ?? '')
      expect(shouldEnableEmulator({ path }, nuxtWith({ dev: true, ...source }), ctx)).toBe(false)
    })
  })

  describe('given an explicit option', () => {
    it('honours enabled: false in dev', () => {
      vi.stubEnv('NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY', '')
      expect(shouldEnableEmulator({ path, enabled: false }, nuxtWith({ dev: true }), ctx)).toBe(false)
    })

    it('refuses enabled: true in a production build, saying why', () => {
      expect(() => shouldEnableEmulator({ path, enabled: true }, nuxtWith({}), ctx)).toThrow(/production build.*must never be deployed/)
    })
  })
})

// The module and the emulator share this one encoder (src/emulator/config/publishableKey.ts):
// were they to disagree, clerk-js would call another host.
describe('publishableKeyFor', () => {
  it('encodes a neutral host the way Clerk keys do (base64 of "<host>$", no padding)', () => {
    const key = publishableKeyFor('clerk.emulator.invalid')
    expect(key.startsWith('pk_test_')).toBe(true)
    expect(key).not.toContain('=')
    expect(Buffer.from(key.slice('pk_test_'.length), 'base64').toString()).toBe('clerk.emulator.invalid$')
  })
})
