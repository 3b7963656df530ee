import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { join } from 'node:path'
import { freePort } from '../helpers/processes'
import { benchDir, Cleanup, log, median, percentile, repoRoot, withTimeout } from './lib'

/** One built Nuxt server answering `GET /sign-in`. */
export interface SsrServer {
  medianMs: number
  p99Ms: number
  htmlBytes: number
  /** Of which inside `<style>` elements (Nuxt inlines the page's CSS). */
  inlineCssBytes: number
  /** Resident memory of the server process after the timed requests, MB (NaN off Linux). */
  rssMb: number
}

export interface SsrResult {
  /** Timed requests per server (after the warm-up). */
  runs: number
  /** The app with `modules: [<this module>]` and `<ClientTrustSignIn />` on the page. */
  with: SsrServer
  /** The same app without the module, the same page without the form. */
  without: SsrServer
  /** Median with ÷ median without. */
  ratio: number
  /** Median with − median without, ms. */
  differenceMs: number
  /** Wall time of the two `nuxi build`s (in parallel), s. */
  buildSeconds: number
}

/** The fake key the bench fixtures use: its host does not resolve, and SSR never calls it. */
const PUBLISHABLE_KEY = 'pk_test_Y2xlcmsuZW11bGF0b3IuaW52YWxpZCQ'

/**
 * Two tiny Nuxt 4 apps, identical but for the module: the same `app.vue`, router and page shell.
 * No @clerk/nuxt in either, so "with" pays for everything the module installs (@clerk/vue's
 * plugin, its own plugins, the form and its CSS). A production build never runs the emulator.
 */
function writeApp(dir: string, withModule: boolean) {
  mkdirSync(join(dir, 'app/pages'), { recursive: true })
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `cts-bench-ssr-${withModule ? 'with' : 'without'}`, private: true, type: 'module' })}\n`)
  writeFileSync(join(dir, 'nuxt.config.ts'), [
    'export default defineNuxtConfig({',
    `  modules: [${withModule ? JSON.stringify(join(repoRoot, 'src/module')) : ''}],`,
    `  compatibilityDate: '2026-05-01',`,
    '  devtools: { enabled: false },',
    '  telemetry: false,',
    withModule ? `  runtimeConfig: { public: { clerk: { publishableKey: '${PUBLISHABLE_KEY}' } } },` : '',
    '})',
    '',
  ].join('\n'))
  writeFileSync(join(dir, 'app/app.vue'), '<template>\n  <NuxtPage />\n</template>\n')
  writeFileSync(join(dir, 'app/pages/sign-in.vue'), `<template>\n  <main>\n    <h1>Sign in</h1>${withModule ? '\n    <ClientTrustSignIn />' : ''}\n  </main>\n</template>\n`)
}

/** Environment for the builds and servers: production, no telemetry, nothing inherited that turns the emulator on. */
function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const dropped = new Set(['VITEST', 'TEST', 'NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY', 'NUXT_CLERK_SECRET_KEY'])
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !dropped.has(name)))
  return { ...inherited, NODE_ENV: 'production', NUXT_TELEMETRY_DISABLED: '1', ...extra }
}

/** What must not outlive the bench even when it exits through a timeout or the watchdog (no cleanup then). */
const atExit = new Set<() => void>()
let exitHook = false
function onExit(task: () => void): () => void {
  if (!exitHook) {
    exitHook = true
    process.on('exit', () => {
      for (const t of atExit) {
        try {
          t()
        }
        catch { /* best effort */ }
      }
    })
  }
  atExit.add(task)
  return () => atExit.delete(task)
}

/** Kills the child's process group if the bench exits while it runs. */
function track(child: ChildProcess) {
  const pid = child.pid
  if (!pid) return
  const forget = onExit(() => process.kill(-pid, 'SIGKILL'))
  child.once('exit', forget)
}

/** Stops a child started in its own process group (nuxi and Nitro may start their own). */
function stopGroup(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return resolve()
    const kill = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      }
      catch { /* gone already */ }
    }, 3_000)
    child.once('exit', () => {
      clearTimeout(kill)
      resolve()
    })
    try {
      process.kill(-child.pid, 'SIGTERM')
    }
    catch {
      clearTimeout(kill)
      resolve()
    }
  })
}

/** `nuxi build <dir>`, bounded; the output's tail in the error if it fails. */
async function nuxiBuild(dir: string, cleanup: Cleanup): Promise<void> {
  const child = spawn(join(repoRoot, 'node_modules/.bin/nuxi'), ['build', dir], { cwd: repoRoot, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  track(child)
  cleanup.add(() => stopGroup(child))
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4_000)
  }
  child.stdout.on('data', keep)
  child.stderr.on('data', keep)
  await withTimeout(`nuxi build ${dir}`, 150_000, new Promise<void>((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', code => code === 0 ? resolve() : reject(new Error(`nuxi build ${dir} exited ${code}:\n${output}`)))
  }))
}

/** One GET over the server's own keep-alive socket: status, body, and the time to the last byte. */
function get(url: string, agent: Agent): Promise<{ status: number, html: string, ms: number }> {
  const t0 = performance.now()
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('error', reject)
      res.on('end', () => resolve({ status: res.statusCode ?? 0, html: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t0 }))
    })
    req.on('timeout', () => req.destroy(new Error(`${url}: no answer within 10 s`)))
    req.on('error', reject)
    req.end()
  })
}

/** Starts `.output/server/index.mjs` on 127.0.0.1 and waits (bounded) until `/sign-in` answers 200. */
async function startServer(dir: string, cleanup: Cleanup) {
  const port = await freePort()
  const child = spawn(process.execPath, [join(dir, '.output/server/index.mjs')], {
    cwd: dir,
    env: childEnv({ HOST: '127.0.0.1', PORT: String(port), NITRO_HOST: '127.0.0.1', NITRO_PORT: String(port) }),
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  })
  track(child)
  cleanup.add(() => stopGroup(child))
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  cleanup.add(() => agent.destroy())
  const url = `http://127.0.0.1:${port}/sign-in`
  const exited = new Promise<never>((_, reject) => child.once('exit', code => reject(new Error(`${dir} server exited (${code})`))))
  exited.catch(() => {})
  await withTimeout(`${dir} server start`, 30_000, Promise.race([exited, (async () => {
    for (;;) {
      const answer = await get(url, agent).catch(() => undefined)
      if (answer?.status === 200) return
      if (answer) throw new Error(`${url} answered ${answer.status}: ${answer.html.slice(0, 300)}`)
      await new Promise(resolve => setTimeout(resolve, 100))
    }
  })()]))
  return { url, agent, pid: child.pid! }
}

function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
    return kb ? Number(kb) / 1024 : Number.NaN
  }
  catch {
    return Number.NaN
  }
}

/**
 * Builds both apps with `nuxi build` (production, in parallel), starts both servers, then times
 * `GET /sign-in` alternating between them: `warmup` untimed requests each, then `runs` timed.
 */
export async function measureSsr(options: { runs: number, warmup: number }): Promise<SsrResult> {
  // The module's sources are compiled against the repository's tsconfig, which extends the
  // types `npm run dev:prepare` generates.
  if (!existsSync(join(repoRoot, '.nuxt/tsconfig.json'))) throw new Error('SSR needs .nuxt/tsconfig.json: run `npm run dev:prepare` first')
  const cleanup = new Cleanup()
  try {
    // Inside the repository (test/bench/.out is git-ignored) so the apps resolve nuxt, vue and
    // @clerk/vue from its node_modules; removed afterwards.
    mkdirSync(join(benchDir, '.out'), { recursive: true })
    const root = mkdtempSync(join(benchDir, '.out', 'nuxt-ssr-'))
    const remove = () => rmSync(root, { recursive: true, force: true })
    const forget = onExit(remove)
    cleanup.add(() => {
      forget()
      remove()
    })
    const dirs = { with: join(root, 'with'), without: join(root, 'without') }
    writeApp(dirs.with, true)
    writeApp(dirs.without, false)

    const t0 = performance.now()
    await Promise.all([nuxiBuild(dirs.with, cleanup), nuxiBuild(dirs.without, cleanup)])
    const buildSeconds = (performance.now() - t0) / 1000
    log(`ssr: both apps built in ${buildSeconds.toFixed(0)} s`)

    const servers = { with: await startServer(dirs.with, cleanup), without: await startServer(dirs.without, cleanup) }
    const html = { with: (await get(servers.with.url, servers.with.agent)).html, without: (await get(servers.without.url, servers.without.agent)).html }
    if (!html.with.includes('data-step="loading"')) throw new Error(`the page with the module has no sign-in form: ${html.with.slice(0, 300)}`)
    if (html.without.includes('class="cts') || !html.without.includes('<h1>Sign in</h1>')) throw new Error(`the page without the module is not the bare shell: ${html.without.slice(0, 300)}`)

    const times = { with: [] as number[], without: [] as number[] }
    // Alternating the two servers spreads GC pauses, CPU frequency changes and other load over both.
    for (let i = 0; i < options.warmup + options.runs; i++) {
      for (const side of ['with', 'without'] as const) {
        const answer = await get(servers[side].url, servers[side].agent)
        if (answer.status !== 200) throw new Error(`${side}: /sign-in answered ${answer.status}`)
        if (i >= options.warmup) times[side].push(answer.ms)
      }
    }
    const server = (side: 'with' | 'without'): SsrServer => ({
      medianMs: median(times[side]),
      p99Ms: percentile(times[side], 99),
      htmlBytes: Buffer.byteLength(html[side]),
      inlineCssBytes: [...html[side].matchAll(/<style[^>]*>[\s\S]*?<\/style>/g)].reduce((sum, m) => sum + Buffer.byteLength(m[0]), 0),
      rssMb: rssMb(servers[side].pid),
    })
    const result = { with: server('with'), without: server('without') }
    return {
      runs: options.runs,
      ...result,
      ratio: result.with.medianMs / result.without.medianMs,
      differenceMs: result.with.medianMs - result.without.medianMs,
      buildSeconds,
    }
  }
  finally {
    await cleanup.run()
  }
}
