/**
 * Which language the form speaks, decided in one place. No Vue, no Clerk objects.
 */
import type { LocalizationResource } from '@clerk/shared/types'

/** What the app gave Clerk itself: its `localization` and the application's name. */
export interface ClerkLanguageSource {
  localization: LocalizationResource | undefined
  applicationName: string | undefined
}

/** The form's language: a Clerk localization (`null`: English) and the name for `{{applicationName}}`. */
export interface FormLanguage {
  localization: LocalizationResource | null
  applicationName: string | undefined
}

/**
 * The form's language: this form's own choice, else the app-wide one (module option,
 * `clientTrustPlugin`, `useClerkLocalization`, i18n), else the `localization` the app gave
 * Clerk. `undefined` is "not chosen here"; `null` anywhere means English on purpose.
 */
export function resolveLanguage(
  chosen: LocalizationResource | null | undefined,
  appWide: LocalizationResource | null | undefined,
  clerk: ClerkLanguageSource | undefined,
): FormLanguage {
  const localization = chosen !== undefined ? chosen : appWide !== undefined ? appWide : clerk?.localization
  return { localization: localization ?? null, applicationName: clerk?.applicationName }
}

/** Same language: nothing for the messages to recompute. */
export const sameLanguage = (a: FormLanguage, b: FormLanguage): boolean =>
  a.localization === b.localization && a.applicationName === b.applicationName

// Scripts written right-to-left, by the language subtag of a BCP 47 tag.
const RTL_LANGUAGES = new Set(['ar', 'arc', 'ckb', 'dv', 'fa', 'he', 'iw', 'ks', 'ku', 'ps', 'sd', 'ug', 'ur', 'yi'])

/** `rtl` for a locale written right-to-left (`ar-SA`, `he-IL`, `fa-IR`), else `ltr`. */
export function directionOf(locale: string): 'ltr' | 'rtl' {
  return RTL_LANGUAGES.has(locale.split(/[-_]/)[0]!.toLowerCase()) ? 'rtl' : 'ltr'
}
