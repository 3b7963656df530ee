// @ts-check
import { createConfigForNuxt } from '@nuxt/eslint-config/flat'

export default createConfigForNuxt({
  features: {
    tooling: true,
    stylistic: true,
  },
  dirs: {
    src: ['./playground/app', './test/fixtures/plain-nuxt/app', './test/fixtures/prod-emulator/app', './test/fixtures/devtools/app'],
  },
}).append({
  ignores: ['dist', 'node_modules', '.nuxt', '.output', 'playground/.nuxt', 'test/fixtures/*/.nuxt', 'test/fixtures/*/.output', 'docs/*.png'],
})
