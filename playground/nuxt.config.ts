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
  // Nuxt DevTools in `npm run dev`, with the module's "Clerk emulator" tab (the dashboard and the
  // page's sign-in); a build (the tests', production) has none of it.
  devtools: { enabled: true },
  compatibilityDate: '2026-05-01',
  // DevTools' client imports these in the browser: unless Vite bundles them up front, a fresh
  // clone's first visit finds them late ("discovered new dependencies at runtime"), and Vite
  // may reload the page to bundle them, in the middle of a sign-in.
  vite: { optimizeDeps: { include: ['@vue/devtools-core', '@vue/devtools-kit'] } },
  clerk: {
    signInUrl: '/sign-in',
  },
  clientTrust: {
    afterSignInUrl: '/',
  },
})
