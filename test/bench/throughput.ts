import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Agent } from 'node:http'
import { generateKeyPair, SignJWT } from 'jose'
import { Device, emailTrustFlow, FLOW_ROUTES } from './fapi-flow'
import { Cleanup, median, percentile, withTimeout } from './lib'

/** One server under the same load: the emulator, or the static ceiling. */
export interface ThroughputSide {
  /** Measured time, s (≥ the requested duration: the last flows finish). */
  seconds: number
  flows: number
  failed: number
  flowsPerSecond: number
  request: { p50: number, p99: number, max: number }
  flow: { p50: number, p99: number }
  /** CPU the server process used per flow, in ms: what limits it when the generator is not the bottleneck. */
  serverCpuMsPerFlow: number
  /** CPU the load generator (this process) used per flow, in ms: on 2 cores, what bounds the ceiling. */
  generatorCpuMsPerFlow: number
  /** Median latency per route with one user (no queueing): where a flow's time goes. */
  routes: Record<string, number>
}

export interface ThroughputResult {
  concurrency: number
  /** Requested measuring time per server, s. */
  seconds: number
  /** Requests per flow: the browser's email-trust flow after page load. */
  requestsPerFlow: number
  emulator: ThroughputSide
  /** node:http serving bytes captured from the emulator, same routes and cookie, no logic. */
  ceiling: ThroughputSide
  /** emulator flows/s ÷ ceiling flows/s. */
  ratio: number
  /** Median time of one RS256 (RSA-2048) session-token signature with jose here: the suspected cost. */
  rs256SignMs: number
}

/** Times the signature the emulator makes for every signed-in answer, in this process, on its own. */
async function rs256SignMs(samples = 200): Promise<number> {
  const { privateKey } = await generateKeyPair('RS256')
  const times: number[] = []
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now()
    await new SignJWT({ sid: 'sess_bench', v: 2 }).setProtectedHeader({ alg: 'RS256' }).setIssuedAt().setExpirationTime('60s').sign(privateKey)
    times.push(performance.now() - t0)
  }
  return median(times)
}

type Latencies = Map<string, number[]>
const all = (latencies: Latencies) => [...latencies.values()].flat()

/** A new `Device` per flow (a new browser, so a new client every time) that records its latencies. */
const oneFlow = (base: string, agent: Agent, latencies: Latencies) =>
  emailTrustFlow(new Device(base, agent, (route, _answer, ms) => {
    const list = latencies.get(route) ?? []
    list.push(ms)
    latencies.set(route, list)
  }))

function startServerProcess(kind: 'emulator' | 'ceiling'): Promise<{ child: ChildProcess, url: string }> {
  const child = fork(fileURLToPath(new URL('./emulator-server.ts', import.meta.url)), kind === 'ceiling' ? ['ceiling'] : [], {
    execArgv: ['--import', 'jiti/register'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return withTimeout(`${kind} process start`, 30_000, new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', code => reject(new Error(`${kind} process exited (${code}) before listening`)))
    child.on('message', (message: { url?: string }) => {
      if (message.url) resolve({ child, url: message.url })
    })
  }))
}

function ask<T>(child: ChildProcess, message: string, key: string): Promise<T> {
  return withTimeout(`server ${message}`, 5_000, new Promise<T>((resolve) => {
    const onMessage = (answer: Record<string, unknown>) => {
      if (!(key in answer)) return
      child.off('message', onMessage)
      resolve(answer as T)
    }
    child.on('message', onMessage)
    child.send(message)
  }))
}

interface LoadOptions { concurrency: number, seconds: number, warmupSeconds: number, maxFlows: number }

/**
 * `concurrency` simulated users, each looping flows until `seconds` have passed (after a
 * warm-up of `warmupSeconds`); bounded by time and by `maxFlows`, and every request by a timeout.
 */
async function measureSide(kind: 'emulator' | 'ceiling', options: LoadOptions): Promise<ThroughputSide> {
  const cleanup = new Cleanup()
  try {
    const { child, url } = await startServerProcess(kind)
    cleanup.add(() => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      const kill = setTimeout(() => child.kill('SIGKILL'), 3_000)
      child.once('exit', () => {
        clearTimeout(kill)
        resolve()
      })
      child.send('stop')
    }))
    const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency })
    cleanup.add(() => agent.destroy())

    const run = async (seconds: number, latencies: Latencies, flowTimes: number[], concurrency = options.concurrency) => {
      const until = performance.now() + seconds * 1000
      let started = 0
      let failed = 0
      let firstError: unknown
      await Promise.all(Array.from({ length: concurrency }, async () => {
        while (performance.now() < until && started < options.maxFlows) {
          started++
          const t0 = performance.now()
          try {
            await oneFlow(url, agent, latencies)
            flowTimes.push(performance.now() - t0)
          }
          catch (error) {
            failed++
            firstError ??= error
            if (failed > 20) throw firstError
          }
        }
      }))
      return { failed, firstError }
    }

    await run(options.warmupSeconds, new Map(), [])
    const serial: Latencies = new Map()
    await run(1, serial, [], 1)
    const before = await ask<{ cpu: NodeJS.CpuUsage }>(child, 'cpu', 'cpu')
    const generatorBefore = process.cpuUsage()
    const latencies: Latencies = new Map()
    const flowTimes: number[] = []
    const t0 = performance.now()
    const { failed, firstError } = await run(options.seconds, latencies, flowTimes)
    const elapsed = (performance.now() - t0) / 1000
    const generator = process.cpuUsage(generatorBefore)
    const after = await ask<{ cpu: NodeJS.CpuUsage }>(child, 'cpu', 'cpu')
    if (failed > 0) throw new Error(`${kind}: ${failed} flows failed; first: ${String(firstError)}`)
    const flows = Math.max(1, flowTimes.length)
    return {
      seconds: elapsed,
      flows: flowTimes.length,
      failed,
      flowsPerSecond: flowTimes.length / elapsed,
      request: { p50: percentile(all(latencies), 50), p99: percentile(all(latencies), 99), max: percentile(all(latencies), 100) },
      flow: { p50: percentile(flowTimes, 50), p99: percentile(flowTimes, 99) },
      serverCpuMsPerFlow: (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1000 / flows,
      generatorCpuMsPerFlow: (generator.user + generator.system) / 1000 / flows,
      routes: Object.fromEntries(FLOW_ROUTES.map(route => [route, percentile(serial.get(route) ?? [], 50)])),
    }
  }
  finally {
    await cleanup.run()
  }
}

/**
 * The emulator, then the ceiling, each in its own process under the same generator, users and
 * duration; one at a time, so neither competes with the other for the 2 cores.
 */
export async function measureThroughput(options: LoadOptions): Promise<ThroughputResult> {
  const emulator = await measureSide('emulator', options)
  const ceiling = await measureSide('ceiling', options)
  return {
    concurrency: options.concurrency,
    seconds: options.seconds,
    requestsPerFlow: FLOW_ROUTES.length,
    emulator,
    ceiling,
    ratio: emulator.flowsPerSecond / ceiling.flowsPerSecond,
    rs256SignMs: await rs256SignMs(),
  }
}
