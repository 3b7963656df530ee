import { isOrigin } from '../runtime/core/redirect'
import { IDENTIFIER_OPTIONS } from '../runtime/settings'
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
  if (!IDENTIFIER_OPTIONS.includes(options.identifier)) {
    fail(`clientTrust.identifier must be one of ${IDENTIFIER_OPTIONS.join(', ')} (got ${JSON.stringify(options.identifier)}).`)
  }
  if (typeof options.resendCooldown !== 'number' || !Number.isFinite(options.resendCooldown) || options.resendCooldown < 0) {
    fail(`clientTrust.resendCooldown must be a number of seconds ≥ 0 (got ${JSON.stringify(options.resendCooldown)}).`)
  }
  if (typeof options.loadTimeout !== 'number' || !Number.isFinite(options.loadTimeout) || options.loadTimeout < 0) {
    fail(`clientTrust.loadTimeout must be a number of seconds ≥ 0, 0 to wait forever (got ${JSON.stringify(options.loadTimeout)}).`)
  }
  const urls = [['afterSignInUrl', options.afterSignInUrl], ['tasksUrl', options.tasksUrl], ...Object.entries(options.taskUrls).map(([k, v]) => [`taskUrls.${k}`, v])]
  if (options.resetPasswordUrl) urls.push(['resetPasswordUrl', options.resetPasswordUrl])
  for (const [name, url] of urls) {
    if (typeof url !== 'string' || !(url.startsWith('/') || /^https?:\/\//.test(url))) {
      fail(`clientTrust.${name} must be a path starting with "/" or an http(s) URL (got ${JSON.stringify(url)}).`)
    }
  }
  const origins = options.allowedRedirectOrigins
  if (!Array.isArray(origins)) fail(`clientTrust.allowedRedirectOrigins must be an array of origins like "https://docs.example.com" (got ${JSON.stringify(origins)}).`)
  for (const origin of origins) {
    if (!isOrigin(origin)) {
      fail(`clientTrust.allowedRedirectOrigins: ${JSON.stringify(origin)} is not an origin. Use scheme://host[:port] only, e.g. "https://docs.example.com" (no path, no wildcard).`)
    }
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
