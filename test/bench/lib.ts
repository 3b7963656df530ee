import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { gzipSync } from 'node:zlib'
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
export const benchDir = fileURLToPath(new URL('.', import.meta.url))
export const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url))

/** Nearest-rank percentile of an unsorted sample; NaN for an empty one. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]!
}

export const median = (values: number[]) => percentile(values, 50)

/** gzip -9, as a CDN would serve a static asset. */
export const gzipSize = (data: string | Uint8Array) => gzipSync(data, { level: 9 }).length

/** Rejects after `ms` so that no step of the bench can hang the run. */
export async function withTimeout<T>(label: string, ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: no result within ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([work, timeout])
  }
  finally {
    clearTimeout(timer)
  }
}

/** Cleanups run in reverse order even when one of them throws; the first error wins. */
export class Cleanup {
  private tasks: Array<() => unknown> = []
  add(task: () => unknown) {
    this.tasks.push(task)
  }

  async run() {
    let first: unknown
    for (const task of this.tasks.splice(0).reverse()) {
      try {
        await withTimeout('cleanup', 10_000, Promise.resolve().then(task))
      }
      catch (error) {
        first ??= error
      }
    }
    if (first) throw first
  }
}

/** Listens on 127.0.0.1, a free port; `close` also ends kept-alive connections. */
export async function listenLocal(server: Server): Promise<{ url: string, close: () => Promise<void> }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

export const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} kB`
export const ms = (value: number, digits = 2) => `${value.toFixed(digits)} ms`
export const log = (line: string) => process.stderr.write(`[bench] ${line}\n`)
