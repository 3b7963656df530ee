// The server under load in its own process, so the load generator does not share its event
// loop (on 2 cores: one each). Talks to the parent over IPC: sends its URL, answers `cpu` with
// its CPU time, exits on `stop` or when the parent goes away.
//
//   (no argument)  the standalone emulator
//   ceiling        the ceiling: node:http answering the flow's routes with bytes captured from
//                  one real emulator flow at startup, with no logic at all
import { Agent, createServer } from 'node:http'
import type { Server } from 'node:http'
import { startClerkEmulator } from '../../src/emulator'
import { Device, emailTrustFlow } from './fapi-flow'
import type { Answer } from './fapi-flow'
import { listenLocal } from './lib'

const send = (message: unknown) => process.send?.(message)

async function startEmulator() {
  // Thousands of users from one IP: one rate-limit budget per client (browser), Clerk's numbers kept.
  const emulator = await startClerkEmulator({ port: 0, host: '127.0.0.1', codes: 'fixed', logger: () => {}, instance: { rateLimits: { per: 'client' } } })
  return { url: emulator.url, close: () => emulator.close() }
}

/** The headers a route answers with, minus those node:http writes itself. */
function headersOf(answer: Answer): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(answer.headers)) {
    if (value !== undefined && !['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(name)) out[name] = value
  }
  return out
}

async function startCeiling() {
  // One real flow against a throwaway emulator: its answers, byte for byte, are what we serve.
  const emulator = await startEmulator()
  const agent = new Agent({ keepAlive: false })
  const answers = new Map<string, { status: number, headers: Record<string, string | string[]>, body: Buffer }>()
  try {
    await emailTrustFlow(new Device(emulator.url, agent, (route, answer) => {
      answers.set(`${route === 'client' ? 'GET' : 'POST'} ${route}`, { status: answer.status, headers: headersOf(answer), body: answer.body })
    }))
  }
  finally {
    agent.destroy()
    await emulator.close()
  }
  const server: Server = createServer((req, res) => {
    // Route on the method and the last path segment; drain the body like any server must.
    const url = req.url ?? ''
    const end = url.indexOf('?')
    const path = end === -1 ? url : url.slice(0, end)
    const answer = answers.get(`${req.method} ${path.slice(path.lastIndexOf('/') + 1)}`)
    req.on('end', () => {
      if (!answer) return void res.writeHead(404).end()
      res.writeHead(answer.status, answer.headers).end(answer.body)
    })
    req.resume()
  })
  return listenLocal(server)
}

const target = await (process.argv[2] === 'ceiling' ? startCeiling() : startEmulator())
process.on('message', async (message) => {
  if (message === 'cpu') send({ cpu: process.cpuUsage(), memory: process.memoryUsage().rss })
  if (message === 'stop') {
    await target.close()
    process.exit(0)
  }
})
process.on('disconnect', () => process.exit(0))
send({ url: target.url })
