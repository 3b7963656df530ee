// The app to try every flow by hand: `npm run dev` from the repository root.
// With no Clerk key it runs against the built-in emulator (see /emulator in the app);
// set NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY and NUXT_CLERK_SECRET_KEY to use real Clerk.
import { fileURLToPath } from 'node:url'
import { extendPages } from '@nuxt/kit'

export default defineNuxtConfig({
  modules: [
    '@clerk/nuxt',
    '../src/module',
    // The emulator panel exists only where the emulator can run: never in a production build.
    (_options, nuxt) => {
      if (!nuxt.options.dev && !(nuxt.options.test && process.env.VITEST)) return
      extendPages((pages) => {
        pages.push({ name: 'emulator', path: '/emulator', file: fileURLToPath(new URL('./app/dev/EmulatorPanel.vue', import.meta.url)) })
      })
    },
  ],
  // Off because the tests build this app; `enabled: true` shows the Clerk emulator tab in `npm run dev`.
  devtools: { enabled: false },
  compatibilityDate: '2026-05-01',
  clerk: {
    signInUrl: '/sign-in',
  },
  clientTrust: {
    afterSignInUrl: '/',
  },
})
