import type { NuxtConfig } from '@nuxt/schema'
import { defu } from 'defu'
import { describe, expect, it } from 'vitest'
import { MODULE_DEFAULTS } from '../../src/module'
import type { ModuleOptions } from '../../src/module'
import { validateOptions } from '../../src/setup/options'

// What a user writes in nuxt.config.ts: nested options alone, every other key defaulted. The
// `satisfies` lines are checked by `npm run typecheck` (vue-tsc -b covers test/), which is
// where `emulator: { users }` without `path` used to fail.
const userConfig = {
  clientTrust: {
    emulator: { users: [{ emailAddress: 'ops@acme.test', password: 'hunter2', mfa: ['totp'], totpSecret: 'JBSWY3DPEHPK3PXP' }] },
  },
} satisfies NuxtConfig

const onlyCodes = { clientTrust: { emulator: { codes: 'fixed' } } } satisfies NuxtConfig

describe('module options as a user writes them', () => {
  it('given only nested emulator options, validates with the defaults filled in', () => {
    for (const config of [userConfig, onlyCodes]) {
      const merged = defu(config.clientTrust, MODULE_DEFAULTS) as ModuleOptions
      expect(() => validateOptions(merged)).not.toThrow()
      expect(merged.emulator.path).toBe('/__clerk')
    }
  })
})
