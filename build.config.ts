import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { defineBuildConfig } from 'unbuild'

// The module builder builds src/module.ts and copies src/runtime as is; the three
// other public entries (plain Vue, the emulator and the testing kit) are added here.
export default defineBuildConfig({
  entries: [
    'src/vue',
    { input: 'src/emulator/', outDir: 'dist/emulator', builder: 'mkdist' },
    { input: 'src/testing/', outDir: 'dist/testing', builder: 'mkdist' },
  ],
  externals: [
    // Optional peers of the testing kit, loaded only by the helpers that need them.
    'playwright-core', '@playwright/test', '@nuxt/test-utils', 'vitest',
    '@clerk/vue', '@clerk/shared', '@clerk/clerk-js', 'vue', 'vue-router', 'h3', 'jose', 'defu',
    // The module imports the emulator's small config/ files (src/setup/emulator.ts); they ship in
    // dist/emulator, which the module imports instead of inlining.
    /\/dist\/emulator\//,
  ],
  hooks: {
    // The testing kit imports the emulator's files (../emulator/…) so the package holds one
    // emulator; mkdist adds .mjs only to imports inside its own input, so add it here.
    'build:done'(ctx) {
      const dir = join(ctx.options.outDir, 'testing')
      for (const file of readdirSync(dir).filter(name => name.endsWith('.mjs'))) {
        const path = join(dir, file)
        const code = readFileSync(path, 'utf8')
          .replace(/from "\.\.\/emulator"/g, 'from "../emulator/index.mjs"')
          .replace(/from "\.\.\/emulator\/([\w/]+)"/g, 'from "../emulator/$1.mjs"')
        writeFileSync(path, code)
      }
    },
  },
})
