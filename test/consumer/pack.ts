import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { plainEnv, repoRoot, run } from '../helpers/processes'

/**
 * Global setup of the consumer project: builds the module and packs it once, as `npm publish`
 * would (`prepack` = the module build), and hands the tarball to every consumer test; removes it
 * once they are done (the returned teardown).
 */
export default async function pack(project: TestProject) {
  const build = await run('npx', ['nuxt-module-build', 'build'], { cwd: repoRoot, env: plainEnv(), timeoutMs: 300_000 })
  if (build.code !== 0) throw new Error(`nuxt-module-build build failed:\n${build.output.slice(-4000)}`)
  const dir = mkdtempSync(join(tmpdir(), 'cts-pack-'))
  // `prepack` ran just above; `prepare` only generates this checkout's own Nuxt types.
  const packed = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: repoRoot, env: plainEnv(), timeoutMs: 120_000 })
  const tarball = readdirSync(dir).find(file => file.endsWith('.tgz'))
  if (packed.code !== 0 || !tarball) throw new Error(`npm pack failed:\n${packed.output.slice(-4000)}`)
  project.provide('tarball', join(dir, tarball))
  return () => rmSync(dir, { recursive: true, force: true })
}
