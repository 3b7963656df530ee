import { getCurrentInstance, provide, shallowReadonly, shallowRef, toValue, watch } from 'vue'
import type { MaybeRefOrGetter, ShallowRef } from 'vue'
import type { LocalizationResource } from '@clerk/shared/types'
import { CLIENT_TRUST_LOCALIZATION_KEY } from '../config'
import { matchLocale } from '../core/locale'
import { loadLanguageAdapter } from './onDemand'

/** Loads one Clerk localization on demand, e.g. `() => import('@clerk/localizations/de-DE').then(m => m.deDE)`. */
export type ClerkLocalizationLoader = () => Promise<LocalizationResource>

/** Clerk localizations by locale code: Clerk's (`'de-DE'`) or your i18n's (`'de'`). */
export type ClerkLocalizationLoaders = Readonly<Record<string, ClerkLocalizationLoader>>

/** Options of {@link useClerkLocalization}. */
export interface UseClerkLocalizationOptions {
  /** Provide the localization to every `<ClientTrustSignIn>` and `useClientTrustSignIn()` inside this component. @default true */
  provide?: boolean
}

/** Return value of {@link useClerkLocalization}. */
export interface UseClerkLocalizationReturn {
  /** The loaded localization of the current locale; `null` (English) when no loader matches; the previous one while the next loads. */
  localization: Readonly<ShallowRef<LocalizationResource | null>>
  /** The loader key matched for the current locale, or `null`. */
  matched: Readonly<ShallowRef<string | null>>
  /** A loader is running. */
  isLoading: Readonly<ShallowRef<boolean>>
  /** What the last loader threw (the previous localization stays); `null` after a success. */
  error: Readonly<ShallowRef<unknown>>
}

/**
 * Follows a reactive locale (e.g. @nuxtjs/i18n's `useI18n().locale`) with the matching Clerk
 * localization, loaded on demand: switching the locale switches the form without reload,
 * and only the languages actually used are downloaded.
 *
 * ```ts
 * const { locale } = useI18n()
 * useClerkLocalization(locale, {
 *   de: () => import('@clerk/localizations/de-DE').then(m => m.deDE),
 *   ar: () => import('@clerk/localizations/ar-SA').then(m => m.arSA),
 * })
 * ```
 */
export function useClerkLocalization(
  locale: MaybeRefOrGetter<string | null | undefined>,
  loaders: ClerkLocalizationLoaders,
  options: UseClerkLocalizationOptions = {},
): UseClerkLocalizationReturn {
  const localization = shallowRef<LocalizationResource | null>(null)
  const matched = shallowRef<string | null>(null)
  const isLoading = shallowRef(false)
  const error = shallowRef<unknown>(null)
  let latest = 0

  watch(() => matchLocale(toValue(locale), Object.keys(loaders)), async (key) => {
    const run = ++latest
    if (!key) {
      matched.value = null
      localization.value = null
      isLoading.value = false
      return
    }
    isLoading.value = true
    try {
      // The form's adapter comes with its first language, so the form switches in one step.
      const [loaded] = await Promise.all([loaders[key]!(), loadLanguageAdapter()])
      // A newer locale was asked for meanwhile: its result wins, whichever resolves last.
      if (run !== latest) return
      localization.value = loaded
      matched.value = key
      error.value = null
    }
    catch (cause) {
      if (run === latest) error.value = cause
    }
    finally {
      if (run === latest) isLoading.value = false
    }
  }, { immediate: true })

  if ((options.provide ?? true) && getCurrentInstance()) provide(CLIENT_TRUST_LOCALIZATION_KEY, localization)
  return {
    localization: shallowReadonly(localization),
    matched: shallowReadonly(matched),
    isLoading: shallowReadonly(isLoading),
    error: shallowReadonly(error),
  }
}

/** Gives every `<ClientTrustSignIn>` inside this component this Clerk localization (a value, ref or getter). */
export function provideClerkLocalization(localization: MaybeRefOrGetter<LocalizationResource | null | undefined>): void {
  provide(CLIENT_TRUST_LOCALIZATION_KEY, localization)
}
