import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseCliArgs } from '../../src/emulator/cli'

const BIN = resolve(__dirname, '../../bin/emulator.mjs')
const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.()
})

function waitForExit(child: ChildProcess): Promise<number | null> {
  return new Promise(done => (child.exitCode !== null ? done(child.exitCode) : child.once('exit', code => done(code))))
}

/** Spawns the CLI and resolves with its output once it printed the user list (or exited). */
async function spawnCli(args: string[]): Promise<{ child: ChildProcess, output: () => string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  cleanups.push(async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM')
      await waitForExit(child)
    }
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`CLI did not start:\n${output}`)), 20_000)
    const check = () => {
      if (/users.*:\n(?:.+\n)+/.test(output) || child.exitCode !== null) {
        clearTimeout(timer)
        done()
      }
    }
    child.stdout?.on('data', check)
    child.once('exit', check)
  })
  return { child, output: () => output }
}

describe('given CLI arguments', () => {
  it('parses port, host, origins and codes', () => {
    expect(parseCliArgs(['--port', '0', '--host=localhost', '--origin', 'http://a.test,http://b.test', '--origin', 'http://c.test', '--codes', 'random']))
      .toEqual({ port: 0, host: 'localhost', origin: ['http://a.test', 'http://b.test', 'http://c.test'], codes: 'random' })
  })

  it('rejects unknown options and bad ports with a message', () => {
    expect(() => parseCliArgs(['--nope'])).toThrow('Unknown option --nope')
    expect(() => parseCliArgs(['--port', 'x'])).toThrow(/--port/)
    expect(() => parseCliArgs(['--port'])).toThrow('--port needs a value')
  })
})

describe('given the CLI is spawned', () => {
  it('prints url, proxyUrl, publishable key and users, then serves FAPI with CORS', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emu-cli-'))
    cleanups.push(() => rm(dir, { recursive: true, force: true }))
    const config = join(dir, 'emulator.json')
    await writeFile(config, JSON.stringify({ basePath: '/__clerk', users: [{ emailAddress: 'ops@example.com', password: 'hunter2-secret' }] }))
    const { child, output } = await spawnCli(['--port', '0', '--config', config, '--origin', 'http://localhost:3000'])
    const text = output()
    // The page is on localhost: the emulator's URLs use that name too, so both are one site.
    const url = /listening on (http:\/\/localhost:\d+)/.exec(text)?.[1]
    expect(url, text).toBeDefined()
    expect(text).toContain(`proxyUrl:        ${url}/__clerk`)
    expect(text).toMatch(/publishable key: pk_test_[A-Za-z0-9+/]+/)
    expect(text).toContain(`VITE_CLERK_PROXY_URL=${url}/__clerk`)
    expect(text).toContain(`dashboard:       ${url}/__clerk/ (outbox, users, scenarios, requests)`)
    const dashboard = await fetch(`${url}/__clerk/`)
    expect(dashboard.status).toBe(200)
    expect(await dashboard.text()).toContain('<title>Clerk emulator</title>')
    expect(text).toMatch(/^ {4}VITE_CLERK_PUBLISHABLE_KEY=pk_test_\S+$/m)
    expect(text).toContain('ops@example.com')
    expect(text).not.toContain('hunter2-secret')
    const env = await fetch(`${url}/__clerk/v1/environment`, { headers: { origin: 'http://localhost:3000' } })
    expect(env.status).toBe(200)
    expect(env.headers.get('access-control-allow-origin')).toBe('http://localhost:3000')
    // clerk-js comes with the package: served with no option naming where it is.
    const bundle = await fetch(`${url}/__clerk/npm/@clerk/clerk-js@6/dist/clerk.browser.js`)
    expect(bundle.status).toBe(200)
    expect(bundle.headers.get('content-type')).toMatch(/javascript/)
    child.kill('SIGTERM')
    expect(await waitForExit(child)).toBe(0)
  })

  it('exits 1 naming the option for a config file with {"port":"abc"} (it used to listen on a Unix socket named abc)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'emu-cli-'))
    cleanups.push(() => rm(dir, { recursive: true, force: true }))
    const config = join(dir, 'emulator.json')
    await writeFile(config, JSON.stringify({ port: 'abc' }))
    const { child, output } = await spawnCli(['--config', config])
    expect(await waitForExit(child)).toBe(1)
    expect(output()).toContain(`config file ${config}: port must be an integer from 0 to 65535, not "abc".`)
    expect(output()).not.toContain('listening')
  })

  it('exits 1 with a usage hint on a bad option', async () => {
    const { child, output } = await spawnCli(['--bogus'])
    expect(await waitForExit(child)).toBe(1)
    expect(output()).toContain('Unknown option --bogus')
  })

  it('names itself once in an error about a flag\'s value, then says where the value came from', async () => {
    const { child, output } = await spawnCli(['--host', '0.0.0.0'])
    expect(await waitForExit(child)).toBe(1)
    expect(output()).toMatch(/^clerk-emulator: the command line: --host must be/m)
    expect(output()).not.toContain('clerk-emulator: clerk-emulator:')
  })
})

describe('given startClerkEmulator with the page\'s origin', () => {
  it('names itself like the page (one site, so its cookie survives), and listens on loopback', async () => {
    const { startClerkEmulator } = await import('../../src/emulator')
    for (const [origin, host] of [['http://localhost:5173', 'localhost'], ['http://127.0.0.1:5173', '127.0.0.1'], [undefined, '127.0.0.1']] as const) {
      const emulator = await startClerkEmulator({ port: 0, origin, logger: () => {} })
      cleanups.push(() => emulator.close())
      expect(new URL(emulator.proxyUrl).hostname).toBe(host)
      expect(emulator.origins).toEqual(origin ? [origin] : [])
      expect((await fetch(`${emulator.url}/v1/environment`)).status).toBe(200)
    }
  })
})
