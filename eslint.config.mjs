// @ts-check
import { createConfigForNuxt } from '@nuxt/eslint-config/flat'

export default createConfigForNuxt({
  features: {
    tooling: true,
    stylistic: true,
  },
  dirs: {
    src: ['./playground', './test/fixtures/plain-nuxt'],
  },
}).append({
  ignores: ['dist', 'node_modules', '.nuxt', '.output', 'playground/.nuxt', 'test/fixtures/*/.nuxt', 'test/fixtures/*/.output', 'docs/*.png'],
})
