import { defineBuildConfig } from 'unbuild'

// The module builder builds src/module.ts and copies src/runtime as is; the two
// other public entries (plain Vue and the emulator) are added here.
export default defineBuildConfig({
  entries: [
    'src/vue',
    { input: 'src/emulator/', outDir: 'dist/emulator', builder: 'mkdist' },
  ],
  externals: [
    '@clerk/vue', '@clerk/shared', '@clerk/clerk-js', 'vue', 'vue-router', 'h3', 'jose', 'defu',
    // The module checks emulator options with the emulator's own validator (options.ts: pure,
    // type-only imports); the builder points that import at its mkdist output on purpose.
    /^\.\.\/dist\/emulator\/options\.mjs$/,
  ],
})
