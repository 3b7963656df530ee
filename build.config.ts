import { defineBuildConfig } from 'unbuild'

// The module builder builds src/module.ts and copies src/runtime as is; the two
// other public entries (plain Vue and the emulator) are added here.
export default defineBuildConfig({
  entries: [
    'src/vue',
    { input: 'src/emulator/', outDir: 'dist/emulator', builder: 'mkdist' },
  ],
  externals: ['@clerk/vue', '@clerk/shared', '@clerk/clerk-js', 'vue', 'vue-router', 'h3', 'jose', 'defu'],
})
