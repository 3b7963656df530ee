import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

/** Environment for a child that must behave like a user's terminal, not like vitest. */
export function plainEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const dropped = new Set(['VITEST', 'VITEST_MODE', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'TEST', 'NODE_ENV', 'NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY', 'NUXT_CLERK_SECRET_KEY'])
  const kept = Object.entries(process.env).filter(([key]) => !dropped.has(key))
  return { ...Object.fromEntries(kept), ...extra }
}

export interface RunResult { code: number | null, output: string }

/** Runs a command to the end, with a hard time limit, and returns its combined output. */
export function run(cmd: string, args: string[], opts: { cwd?: string, env?: NodeJS.ProcessEnv, timeoutMs: number }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? repoRoot, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const collect = (d: Buffer) => {
      output += d
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${cmd} ${args.join(' ')} did not finish within ${opts.timeoutMs} ms:\n${output.slice(-2000)}`))
    }, opts.timeoutMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      const port = typeof address === 'object' && address ? address.port : 0
      srv.close(() => resolve(port))
    })
  })
}

/**
 * Starts a long-running server process and waits (bounded) until `url` answers (any status,
 * or `ready(status)` when given). The process leads its own group, so `stop()` also ends what
 * it started (`npm run dev` → nuxi → its dev server).
 */
export async function startServer(cmd: string, args: string[], url: string, opts: { cwd?: string, env?: NodeJS.ProcessEnv, timeoutMs: number, ready?: (status: number) => boolean }): Promise<{ child: ChildProcess, output: () => string, stop: () => Promise<void> }> {
  const child = spawn(cmd, args, { cwd: opts.cwd ?? repoRoot, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  let output = ''
  const collect = (d: Buffer) => {
    output += d
  }
  child.stdout?.on('data', collect)
  child.stderr?.on('data', collect)
  const signal = (name: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, name)
    }
    catch {
      // The group is gone already.
    }
  }
  const stop = () => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    const force = setTimeout(() => signal('SIGKILL'), 5_000)
    child.once('exit', () => {
      clearTimeout(force)
      // Children that ignored SIGTERM do not outlive the test.
      signal('SIGKILL')
      resolve()
    })
    signal('SIGTERM')
  })
  const deadline = Date.now() + opts.timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early (${child.exitCode}):\n${output.slice(-2000)}`)
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(30_000) })
      if (!opts.ready || opts.ready(response.status)) return { child, output: () => output, stop }
    }
    catch {
      // Not listening yet.
    }
    await new Promise(r => setTimeout(r, 250))
  }
  await stop()
  throw new Error(`server at ${url} did not answer within ${opts.timeoutMs} ms:\n${output.slice(-2000)}`)
}
