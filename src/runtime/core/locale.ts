const normalise = (code: string) => code.trim().replace(/_/g, '-').toLowerCase()

/**
 * The key of `keys` for `locale`: exact (case and `_`/`-` insensitive), else the same language
 * (`de` ↔ `de-DE`). Used at build time (`clientTrust.i18n` maps i18n locales to Clerk's) and in
 * the browser (`useClerkLocalization` picks a loader), so it imports nothing.
 */
export function matchLocale(locale: string | null | undefined, keys: readonly string[]): string | null {
  if (!locale) return null
  const wanted = normalise(locale)
  const exact = keys.find(key => normalise(key) === wanted)
  if (exact) return exact
  const language = wanted.split('-')[0]
  return keys.find(key => normalise(key) === language)
    ?? keys.find(key => normalise(key).split('-')[0] === language)
    ?? null
}
