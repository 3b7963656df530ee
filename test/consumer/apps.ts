import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, inject } from 'vitest'
import { RATE_LIMITS_PER_ENV } from '../../src/emulator/config/instance'
import { plainEnv, repoRoot, run } from '../helpers/processes'
import type { ReadmeFile } from './readme'

// Apps a user would have, made in a temp folder and installed from the packed tarball only:
// nothing of this repository's node_modules is visible to them.

/** The published name, as the README spells it in install lines and imports. */
export const PACKAGE = 'nuxt-clerk-client-trust'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of the `npm pack` tarball of this checkout (built once per run). */
    tarball: string
  }
}

const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version?: string }> }

/**
 * The version this repository is tested with, so an app's own dependencies (nuxt, vite,
 * typescript…) match what the project proves, and npm's cache already holds them.
 */
export function versionOf(name: string): string {
  const version = lock.packages[`node_modules/${name}`]?.version
  if (!version) throw new Error(`${name} is not in package-lock.json`)
  return version
}

// The folders a test file made: removed once the file is done (hooks run inner first, so its
// servers and browsers have stopped), failed or not. An installed app is about 600 MB: left
// behind, each `npm test` would keep a few GB in the temp folder.
const made: string[] = []
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A new folder under the system temp folder (`cts-<name>-…`), removed after the test file. */
export function tempDir(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `cts-${name}-`))
  made.push(dir)
  return dir
}

/** A new folder under the system temp folder with these files, removed after the test file. */
export function makeApp(name: string, files: Record<string, string>): string {
  const dir = tempDir(name)
  writeFiles(dir, Object.entries(files).map(([path, content]) => ({ path, content })))
  return dir
}

export function writeFiles(dir: string, files: ReadmeFile[]): void {
  for (const { path, content } of files) {
    const target = join(dir, path)
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, content.endsWith('\n') ? content : `${content}\n`)
  }
}

/**
 * The environment of a user's terminal: no vitest variables, no Clerk keys, npm quiet, and
 * none of this repository's relaxed limits (vitest.config.ts sets ${RATE_LIMITS_PER_ENV} for its
 * own suites): an app counts sign-ins per IP as Clerk does, so the README's examples meet
 * Clerk's limits as a user's do.
 */
export function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.entries(plainEnv()).filter(([key]) => key !== RATE_LIMITS_PER_ENV)
  // NO_COLOR: outputs are read by the tests, not by a person.
  return { ...Object.fromEntries(env), npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false', NO_COLOR: '1', FORCE_COLOR: '0', ...extra }
}

/**
 * Runs an npm command in `dir` as the README writes it, with the package itself taken from
 * the tarball. `--prefer-offline` lets npm's own cache make repeated runs fast; a cold cache
 * still installs from the registry.
 */
export async function npm(dir: string, words: string[], timeoutMs = 600_000): Promise<string> {
  const tarball = inject('tarball')
  const args = words[0] === 'npm' ? words.slice(1) : words
  const withTarball = args.map(arg => arg === PACKAGE ? tarball : arg)
  const { code, output } = await run('npm', [...withTarball, '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir, env: userEnv(), timeoutMs })
  if (code !== 0) throw new Error(`npm ${args.join(' ')} failed in ${dir} (${code}):\n${output.slice(-4000)}`)
  return output
}

/** Runs a command in an app and fails with its output when it does not exit 0. */
export async function inApp(dir: string, cmd: string, args: string[], timeoutMs = 300_000, env: Record<string, string> = {}): Promise<string> {
  const { code, output } = await run(cmd, args, { cwd: dir, env: userEnv(env), timeoutMs })
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${dir} (${code}):\n${output.slice(-6000)}`)
  return output
}
