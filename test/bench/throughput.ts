import { fork } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { Agent, request } from 'node:http'
import { generateKeyPair, SignJWT } from 'jose'
import { Cleanup, median, percentile, withTimeout } from './lib'

export interface ThroughputResult {
  concurrency: number
  seconds: number
  flows: number
  failed: number
  flowsPerSecond: number
  request: { p50: number, p99: number, max: number }
  flow: { p50: number, p99: number }
  /** CPU the emulator process used per flow, in ms: what limits it when the generator is not the bottleneck. */
  emulatorCpuMsPerFlow: number
  /** Median latency per route with one user (no queueing): where a flow's time goes. */
  routes: Record<string, number>
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

const QUERY = '?__clerk_api_version=2026-08-20&_clerk_js_version=6.40.0'

interface Envelope { response?: { id?: string, status?: string, created_session_id?: string | null, supported_second_factors?: Array<{ strategy: string, email_address_id?: string }> }, jwt?: string }

/** One simulated browser: its own `__client` cookie, as FAPI tells browsers apart by it. */
class SimClient {
  private cookie = ''
  constructor(private base: string, private agent: Agent, private latencies: Latencies) {}

  // node:http with a keep-alive Agent rather than fetch: Node's bundled undici exposes no
  // pool settings, and the lighter client leaves more of the 2 cores to the emulator.
  post(route: string, path: string, form: Record<string, string>): Promise<Envelope> {
    const started = performance.now()
    const payload = new URLSearchParams(form).toString()
    return new Promise((resolve, reject) => {
      const req = request(`${this.base}${path}${QUERY}`, {
        method: 'POST',
        agent: this.agent,
        timeout: 5_000,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(payload),
          ...(this.cookie ? { cookie: this.cookie } : {}),
        },
      }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          const cookie = (res.headers['set-cookie'] ?? []).map(c => c.split(';')[0]!).find(c => c.startsWith('__client='))
          if (cookie) this.cookie = cookie
          const list = this.latencies.get(route) ?? []
          list.push(performance.now() - started)
          this.latencies.set(route, list)
          const text = Buffer.concat(chunks).toString('utf8')
          if ((res.statusCode ?? 0) >= 400) return reject(new Error(`${path} answered ${res.statusCode}: ${text.slice(0, 200)}`))
          try {
            resolve(JSON.parse(text) as Envelope)
          }
          catch (error) {
            reject(error)
          }
        })
      })
      req.on('timeout', () => req.destroy(new Error(`${path}: no answer within 5 s`)))
      req.on('error', reject)
      req.end(payload)
    })
  }
}

/** create sign_in (needs_client_trust) → prepare → attempt 424242 → touch → tokens, as a new device. */
async function oneFlow(base: string, agent: Agent, latencies: Latencies) {
  const client = new SimClient(base, agent, latencies)
  const created = await client.post('sign_ins', '/v1/client/sign_ins', { identifier: 'jane@example.com', password: 'correct-horse' })
  const id = created.response?.id
  const factor = created.response?.supported_second_factors?.find(f => f.strategy === 'email_code')
  if (created.response?.status !== 'needs_client_trust' || !id || !factor?.email_address_id) throw new Error(`unexpected sign-in: ${JSON.stringify(created.response).slice(0, 200)}`)
  await client.post('prepare', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'email_code', email_address_id: factor.email_address_id })
  const attempted = await client.post('attempt', `/v1/client/sign_ins/${id}/attempt_second_factor`, { strategy: 'email_code', code: '424242' })
  const sessionId = attempted.response?.created_session_id
  if (attempted.response?.status !== 'complete' || !sessionId) throw new Error('attempt did not complete the sign-in')
  await client.post('touch', `/v1/client/sessions/${sessionId}/touch`, { intent: 'select_session' })
  const token = await client.post('tokens', `/v1/client/sessions/${sessionId}/tokens`, {})
  if (!token.jwt) throw new Error('tokens answered no jwt')
}

function startEmulatorProcess(): Promise<{ child: ChildProcess, url: string }> {
  const child = fork(fileURLToPath(new URL('./emulator-server.ts', import.meta.url)), [], {
    execArgv: ['--import', 'jiti/register'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return withTimeout('emulator process start', 30_000, new Promise((resolve, reject) => {
    child.once('error', reject)
    child.once('exit', code => reject(new Error(`emulator process exited (${code}) before listening`)))
    child.on('message', (message: { url?: string }) => {
      if (message.url) resolve({ child, url: message.url })
    })
  }))
}

function ask<T>(child: ChildProcess, message: string, key: string): Promise<T> {
  return withTimeout(`emulator ${message}`, 5_000, new Promise<T>((resolve) => {
    const onMessage = (answer: Record<string, unknown>) => {
      if (!(key in answer)) return
      child.off('message', onMessage)
      resolve(answer as T)
    }
    child.on('message', onMessage)
    child.send(message)
  }))
}

/**
 * `concurrency` simulated users, each looping flows until `seconds` have passed (after a
 * warm-up of `warmupSeconds`); bounded by time and by `maxFlows`, and every request by a timeout.
 */
export async function measureThroughput(options: { concurrency: number, seconds: number, warmupSeconds: number, maxFlows: number }): Promise<ThroughputResult> {
  const cleanup = new Cleanup()
  try {
    const { child, url } = await startEmulatorProcess()
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
    const latencies: Latencies = new Map()
    const flowTimes: number[] = []
    const t0 = performance.now()
    const { failed, firstError } = await run(options.seconds, latencies, flowTimes)
    const elapsed = (performance.now() - t0) / 1000
    const after = await ask<{ cpu: NodeJS.CpuUsage }>(child, 'cpu', 'cpu')
    if (failed > 0) throw new Error(`${failed} flows failed; first: ${String(firstError)}`)
    const cpuMs = (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1000
    return {
      concurrency: options.concurrency,
      seconds: elapsed,
      flows: flowTimes.length,
      failed,
      flowsPerSecond: flowTimes.length / elapsed,
      request: { p50: percentile(all(latencies), 50), p99: percentile(all(latencies), 99), max: percentile(all(latencies), 100) },
      flow: { p50: percentile(flowTimes, 50), p99: percentile(flowTimes, 99) },
      emulatorCpuMsPerFlow: cpuMs / Math.max(1, flowTimes.length),
      routes: Object.fromEntries([...serial].map(([route, list]) => [route, percentile(list, 50)])),
      rs256SignMs: await rs256SignMs(),
    }
  }
  finally {
    await cleanup.run()
  }
}
