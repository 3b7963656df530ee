import { SETTING_KEYS, SETTING_RULES } from '../runtime/settings'
import type { ClientTrustSettings } from '../runtime/settings'
import type { I18nOption } from './i18n'

/** What the validator reads of the module options. */
export interface ValidatedOptions extends ClientTrustSettings {
  i18n?: I18nOption
  emulator?: { path?: string }
}

/** Fails the build with a message that says the fix. */
export function validateOptions(options: ValidatedOptions) {
  const fail = (message: string): never => {
    throw new Error(`[nuxt-clerk-client-trust] ${message}`)
  }
  for (const key of SETTING_KEYS) {
    const value = options[key]
    const problem = SETTING_RULES[key](value)
    if (problem) fail(`clientTrust.${key}${/^[.:]/.test(problem) ? '' : ' '}${problem} (got ${JSON.stringify(value)}).`)
  }
  const i18n = options.i18n ?? false
  const validI18n = typeof i18n === 'boolean' || (typeof i18n === 'object' && i18n !== null && !Array.isArray(i18n) && Object.values(i18n).every(v => typeof v === 'string'))
  if (!validI18n) {
    fail(`clientTrust.i18n must be true, false, or an object of i18n locale code → Clerk locale, e.g. { en: 'en-GB' } (got ${JSON.stringify(i18n)}).`)
  }
  if (!options.emulator?.path?.startsWith('/') || options.emulator.path === '/') {
    fail(`clientTrust.emulator.path must be a path like "/__clerk" (got ${JSON.stringify(options.emulator?.path)}).`)
  }
}
