import { computed, getCurrentInstance, inject, onServerPrefetch, shallowRef, toValue, watch } from 'vue'
import type { ComputedRef } from 'vue'
import type { Clerk } from '@clerk/shared/types'
import { CLIENT_TRUST_LOCALIZATION_KEY, CLIENT_TRUST_MESSAGES_KEY } from '../config'
import { directionOf, resolveLanguage, sameLanguage } from '../core/language'
import type { FormLanguage } from '../core/language'
import { mergeMessages, pathMessages } from '../core/messages'
import type { Messages } from '../core/messages'
import { clerkLanguage } from '../controller/clerkSignal'
import { languageAdapter, loadLanguageAdapter, offPathEnglish } from './onDemand'
import type { LanguageOptions } from './types'

/** What {@link useFormLanguage} decides: the form's words, and whether they are there yet. */
export interface FormLanguageRefs {
  /** Your overrides → the Clerk localization → English. */
  messages: ComputedRef<Messages>
  /** Locale of the Clerk localization in use (`'de-DE'`), `null` without one. */
  locale: ComputedRef<string | null>
  /** Writing direction of `locale`, `null` without one. */
  dir: ComputedRef<'ltr' | 'rtl' | null>
  /** A Clerk localization is chosen and its adapter is not in yet: no step should show before it is. */
  waitsForAdapter: () => boolean
}

/**
 * The form's language: this call's (`options`), else the app-wide one, else the `localization`
 * the app gave Clerk (`core/language.ts` decides); the app's messages merged here, once. English
 * needs nothing more; a Clerk localization needs the adapter, downloaded on demand
 * (`onDemand.ts`), on the server before it renders. If the adapter cannot load (offline, a new
 * deploy), the form goes on in English rather than not at all.
 */
export function useFormLanguage(options: LanguageOptions, clerk: () => Clerk | null): FormLanguageRefs {
  const appMessages = inject(CLIENT_TRUST_MESSAGES_KEY, undefined)
  const appLocalization = inject(CLIENT_TRUST_LOCALIZATION_KEY, undefined)
  const language = computed<FormLanguage>((previous) => {
    const loaded = clerk()
    const next = resolveLanguage(toValue(options.localization), toValue(appLocalization), loaded ? clerkLanguage(loaded) : undefined)
    return previous && sameLanguage(previous, next) ? previous : next
  })
  // English alone is the email/SMS path's until a sign-in leaves it: the composable holds back
  // the snapshot that does until the rest is in (onDemand.ts), so no step shows a missing text.
  const messages = computed<Messages>(() => {
    const { localization, applicationName } = language.value
    const overrides = { ...appMessages, ...toValue(options.messages) }
    const adapter = languageAdapter.value
    if (localization && adapter) return adapter.messagesFromClerk(localization, { applicationName, overrides })
    return mergeMessages(offPathEnglish.value?.defaultMessages ?? pathMessages as Messages, overrides)
  })
  const adapterFailed = shallowRef(false)
  const waitsForAdapter = () => !!language.value.localization && !languageAdapter.value && !adapterFailed.value
  watch(waitsForAdapter, (waits) => {
    if (waits) loadLanguageAdapter().catch(() => void (adapterFailed.value = true))
  }, { immediate: true })
  // The server renders the form in its language: the adapter first (only when one is needed: a prefetch delays the render).
  if (getCurrentInstance() && waitsForAdapter()) onServerPrefetch(() => loadLanguageAdapter().then(() => {}))
  const locale = computed(() => language.value.localization?.locale ?? null)
  return { messages, locale, dir: computed(() => locale.value ? directionOf(locale.value) : null), waitsForAdapter }
}
