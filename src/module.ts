import { addComponent, addImports, addPlugin, addTypeTemplate, createResolver, defineNuxtModule, hasNuxtModule, useLogger } from '@nuxt/kit'
import { defu } from 'defu'
import type { EmulatorModuleOptions } from './setup/emulator'
import { setupEmulator, shouldEnableEmulator } from './setup/emulator'
import type { I18nOption } from './setup/i18n'
import { setupI18n } from './setup/i18n'
import type { ClientTrustRuntimeConfig } from './runtime/config'
import { COMPONENT_NAMES } from './runtime/components/names'
import { SETTING_DEFAULTS, pickSettings } from './runtime/settings'
import type { ClientTrustSettings, LanguageSettings } from './runtime/settings'
import { validateOptions } from './setup/options'

/**
 * The module's options (`clientTrust` in `nuxt.config`): every sign-in setting
 * ({@link ClientTrustSettings}), the app-wide language ({@link LanguageSettings}), plus what
 * only the module does.
 */
export interface ModuleOptions extends ClientTrustSettings, Partial<LanguageSettings> {
  /**
   * Prefix for the auto-registered component (`prefix: 'My'` → `<MyClientTrustSignIn>`).
   * @default ''
   */
  prefix: string
  /**
   * With @nuxtjs/i18n: the form follows the app's current locale, the matching Clerk
   * localization loaded on demand (one chunk per language), without reload; the server renders
   * in the request's locale. `true` maps each i18n locale by its `language` (else its code) to
   * the @clerk/localizations module of that language; an object names them (`{ en: 'en-GB' }`).
   * Needs `@nuxtjs/i18n` and `@clerk/localizations` installed.
   * @default false
   */
  i18n?: I18nOption
  /**
   * The local Clerk Frontend API emulator (development and tests only, never production).
   */
  emulator: EmulatorModuleOptions
}

/** Every module option's default: the settings' own, plus the module's. */
export const MODULE_DEFAULTS: ModuleOptions = {
  ...SETTING_DEFAULTS,
  prefix: '',
  i18n: false,
  emulator: { path: '/__clerk' },
}

export default defineNuxtModule<ModuleOptions>({
  meta: {
    name: 'nuxt-clerk-client-trust',
    configKey: 'clientTrust',
    compatibility: { nuxt: '>=4.0.0' },
  },
  defaults: MODULE_DEFAULTS,
  async setup(options, nuxt) {
    const logger = useLogger('nuxt-clerk-client-trust')
    const resolver = createResolver(import.meta.url)
    validateOptions(options)

    const runtimeConfig: ClientTrustRuntimeConfig = {
      ...pickSettings(options),
      allowedRedirectOrigins: options.allowedRedirectOrigins.map(origin => origin.replace(/\/$/, '')),
      messages: options.messages ?? {},
      localization: options.localization ?? {},
      i18n: !!options.i18n,
    }
    nuxt.options.runtimeConfig.public.clientTrust = defu(nuxt.options.runtimeConfig.public.clientTrust as Partial<ClientTrustRuntimeConfig> | undefined, runtimeConfig)

    nuxt.options.build.transpile.push(resolver.resolve('./runtime'))
    nuxt.options.alias['#client-trust'] = resolver.resolve('./runtime')

    // With @clerk/nuxt the app already has one Clerk instance: reuse it. Without it we
    // install @clerk/vue's plugin ourselves, so Clerk is never initialised twice.
    const withClerkNuxt = hasNuxtModule('@clerk/nuxt', nuxt)
    if (!withClerkNuxt) {
      const publicConfig = nuxt.options.runtimeConfig.public as Record<string, unknown>
      publicConfig.clerk = defu(
        publicConfig.clerk as Record<string, unknown> | undefined,
        { publishableKey: '', proxyUrl: '', domain: '', jsUrl: '', prefetchUI: false },
      )
      addPlugin({ src: resolver.resolve('./runtime/plugins/clerk'), order: -20 })
      nuxt.options.vite.optimizeDeps ||= {}
      nuxt.options.vite.optimizeDeps.include ||= []
      nuxt.options.vite.optimizeDeps.include.push('@clerk/vue')
    }
    else {
      addPlugin({ src: resolver.resolve('./runtime/plugins/clerk-ui'), order: -30 })
    }
    addPlugin({ src: resolver.resolve('./runtime/plugins/config'), order: -10 })
    // After Nuxt's router (`pre`, -20), which it guards, and before any plugin starts Clerk (0).
    addPlugin({ src: resolver.resolve('./runtime/plugins/redirect-url'), mode: 'client', order: -19 })
    if (options.i18n) setupI18n(options.i18n, nuxt, resolver)

    addImports([
      { name: 'useClientTrustSignIn', from: resolver.resolve('./runtime/composables/useClientTrustSignIn') },
      { name: 'useClerkLocalization', from: resolver.resolve('./runtime/composables/useClerkLocalization') },
      { name: 'provideClerkLocalization', from: resolver.resolve('./runtime/composables/useClerkLocalization') },
    ])
    // The form, and the parts its steps are made of (to rebuild one step in a slot), all with the
    // same prefix: the list `nuxt-clerk-client-trust/vue` exports too.
    for (const name of COMPONENT_NAMES) {
      addComponent({ name: `${options.prefix}${name}`, filePath: resolver.resolve(`./runtime/components/${name}.vue`) })
    }
    addImports({ name: 'injectClientTrustSignInContext', from: resolver.resolve('./runtime/components/context') })
    addTypeTemplate({
      filename: 'types/client-trust.d.ts',
      getContents: () => [
        `import type { ClientTrustRuntimeConfig } from ${JSON.stringify(resolver.resolve('./runtime/config'))}`,
        `declare module 'nuxt/schema' {`,
        `  interface PublicRuntimeConfig { clientTrust: ClientTrustRuntimeConfig }`,
        `}`,
        `export {}`,
      ].join('\n'),
    })

    if (shouldEnableEmulator(options.emulator, nuxt, { withClerkNuxt })) {
      await setupEmulator(options.emulator, nuxt, { resolver, withClerkNuxt, logger })
    }
  },
})
