// Root Nuxt config: lets `nuxt-module-build prepare` generate the types the
// module's runtime files are checked against. The app people try is playground/.
export default defineNuxtConfig({
  modules: ['./src/module'],
  compatibilityDate: '2026-05-01',
})
