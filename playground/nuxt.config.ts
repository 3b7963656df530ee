// The app to try every flow by hand: `npm run dev` from the repository root.
// With no Clerk key it runs against the built-in emulator (see /emulator in the app);
// set NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY and NUXT_CLERK_SECRET_KEY to use real Clerk.
export default defineNuxtConfig({
  modules: ['@clerk/nuxt', '../src/module'],
  devtools: { enabled: false },
  compatibilityDate: '2026-05-01',
  clerk: {
    signInUrl: '/sign-in',
  },
  clientTrust: {
    afterSignInUrl: '/',
  },
})
