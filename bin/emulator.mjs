#!/usr/bin/env node
// Published packages run the built CLI; a source checkout falls back to the TypeScript via jiti.
let cli
try {
  cli = await import('../dist/emulator/cli.mjs')
}
catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error
  const { createJiti } = await import('jiti')
  cli = await createJiti(import.meta.url).import('../src/emulator/cli.ts')
}
await cli.main()
