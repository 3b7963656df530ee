import vue from '@vitejs/plugin-vue'
import { build } from 'vite'
import type { BuildOptions } from 'vite'
import { fixturesDir } from './lib'

/** Builds from the bench fixtures with Vite and Vue, like an app's production build; `options` says what and where to. */
export async function buildFixtures(options: BuildOptions) {
  await build({
    configFile: false,
    root: fixturesDir,
    logLevel: 'silent',
    mode: 'production',
    plugins: [vue()],
    build: { emptyOutDir: true, ...options },
  })
}
