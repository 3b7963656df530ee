#!/usr/bin/env node
// Published packages run the built CLI. A source checkout (src/ is not published) runs the
// TypeScript through jiti, so a dist/ left by an earlier build is never run stale.
import { existsSync } from 'node:fs'

const source = new URL('../src/emulator/cli.ts', import.meta.url)
let cli
if (existsSync(source)) {
  const { createJiti } = await import('jiti')
  cli = await createJiti(import.meta.url).import(source.href)
}
else {
  cli = await import('../dist/emulator/cli.mjs')
}
await cli.main()
