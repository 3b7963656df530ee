import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { NuxtConfig } from '@nuxt/schema'
import { defu } from 'defu'
import { describe, expect, expectTypeOf, it } from 'vitest'
import type { MaybeRefOrGetter } from 'vue'
import type { ClientTrustConfig, ClientTrustRuntimeConfig } from '../../src/runtime/config'
import { SETTING_DEFAULTS, SETTING_KEYS, SETTING_RULES } from '../../src/runtime/settings'
import type { ClientTrustSettings, SettingKey } from '../../src/runtime/settings'
import type { ClientTrustSignInProps, UseClientTrustSignInOptions } from '../../src/vue'
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

describe('the settings, declared once in src/runtime/settings.ts', () => {
  it('are listed in the README\'s settings table, in order, with their defaults', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8')
    const section = readme.slice(readme.indexOf('## Module options'), readme.indexOf('## The Clerk emulator'))
    const rows = [...section.matchAll(/^\| `(\w+)` \| `[^|]*(?:\\\|[^|]*)*` \| `([^`]*)` \|/gm)]
    expect(rows.map(([, name]) => name)).toEqual(SETTING_KEYS)
    for (const [, name, shown] of rows) {
      expect(JSON.parse(shown!.replaceAll('\'', '"')), name).toEqual(SETTING_DEFAULTS[name as SettingKey])
    }
  })

  it('are all module defaults, and every one is a prop of <ClientTrustSignIn> (resolved by Vue\'s compiler)', async () => {
    for (const key of SETTING_KEYS) expect(MODULE_DEFAULTS[key], key).toEqual(SETTING_DEFAULTS[key])
    const { default: component } = await import('../../src/runtime/components/ClientTrustSignIn.vue')
    const props = (component as { props?: Record<string, { type?: unknown, default?: unknown }> }).props ?? {}
    expect(Object.keys(props)).toEqual(expect.arrayContaining([...SETTING_KEYS]))
    // Unset, a setting comes from the app: a boolean one must not be cast to `false`.
    for (const key of SETTING_KEYS.filter(k => typeof SETTING_DEFAULTS[k] === 'boolean')) {
      expect(props[key], `${key}: add \`${key}: undefined\` to the defaults of ClientTrustSignIn.vue`).toHaveProperty('default', undefined)
    }
  })

  it('type every layer from the one declaration', () => {
    expectTypeOf<ModuleOptions>().toExtend<ClientTrustSettings>()
    expectTypeOf<ClientTrustConfig>().toExtend<Partial<ClientTrustSettings>>()
    expectTypeOf<ClientTrustSignInProps>().toExtend<Partial<ClientTrustSettings>>()
    expectTypeOf<UseClientTrustSignInOptions['resendCooldown']>().toEqualTypeOf<MaybeRefOrGetter<number | undefined> | undefined>()
    expectTypeOf<ClientTrustRuntimeConfig>().toExtend<ClientTrustSettings>()
  })
})

describe('each setting\'s rule, declared beside it', () => {
  const withSetting = (key: string, value: unknown) => ({ ...MODULE_DEFAULTS, [key]: value }) as ModuleOptions
  it.each([
    ['afterSignInUrl', 'dashboard', /clientTrust\.afterSignInUrl must be a path starting with "\/" or an http\(s\) URL \(got "dashboard"\)/],
    ['taskUrls', { org: 'javascript:alert(1)' }, /clientTrust\.taskUrls\.org must be a path/],
    ['resendCooldown', -1, /clientTrust\.resendCooldown must be a number of seconds ≥ 0 \(got -1\)/],
    ['identifier', 'id', /clientTrust\.identifier must be one of email, phone, username, auto/],
    ['redirectIfSignedIn', 'yes', /clientTrust\.redirectIfSignedIn must be true or false/],
    ['resetPasswordUrl', 'reset', /clientTrust\.resetPasswordUrl must be a path .* or '' to reset passwords in the form/],
    ['loadTimeout', Number.NaN, /clientTrust\.loadTimeout must be a number of seconds ≥ 0, 0 to wait forever/],
  ])('refuses %s = %j with a message that says the fix', (key, value, message) => {
    expect(() => validateOptions(withSetting(key, value))).toThrow(message)
  })

  it('has a rule for every setting, which accepts its default', () => {
    expect(Object.keys(SETTING_RULES)).toEqual(SETTING_KEYS)
    for (const key of SETTING_KEYS) expect(SETTING_RULES[key](SETTING_DEFAULTS[key]), key).toBeNull()
  })
})
