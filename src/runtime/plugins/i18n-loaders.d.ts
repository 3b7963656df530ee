// The template `setupI18n` (src/setup/i18n.ts) generates: one loader per @nuxtjs/i18n locale code.
declare module '#build/client-trust-i18n.mjs' {
  export const loaders: Readonly<Record<string, () => Promise<import('@clerk/shared/types').LocalizationResource>>>
}
