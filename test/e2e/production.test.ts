import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, plainEnv, repoRoot, run, startServer } from '../helpers/processes'

const nuxi = join(repoRoot, 'node_modules/.bin/nuxi')
const output = join(repoRoot, 'playground/.output')

// A real key shape with a neutral host: production instances need no handshake, so
// @clerk/nuxt's middleware lets requests through and the routing is what we observe.
const livePublishableKey = `pk_live_${Buffer.from('clerk.example.com$').toString('base64').replace(/=+$/, '')}`

async function* walk(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) yield* walk(path)
    else yield path
  }
}

describe('given a production build of the playground', () => {
  let server: Awaited<ReturnType<typeof startServer>> | undefined
  let base = ''

  beforeAll(async () => {
    const build = await run(nuxi, ['build', 'playground', '--dotenv', '/dev/null'], {
      env: plainEnv(),
      timeoutMs: 280_000,
    })
    expect(build.code, build.output.slice(-3000)).toBe(0)
    const port = await freePort()
    base = `http://127.0.0.1:${port}`
    server = await startServer(process.execPath, [join(output, 'server/index.mjs')], `${base}/`, {
      env: plainEnv({
        PORT: String(port),
        HOST: '127.0.0.1',
        NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY: livePublishableKey,
        NUXT_CLERK_SECRET_KEY: 'sk_live_not_a_real_key',
      }),
      timeoutMs: 30_000,
    })
  })

  afterAll(async () => {
    await server?.stop()
  })

  it('serves the app but no emulator route: every emulator path is a 404', async () => {
    expect((await fetch(`${base}/sign-in`)).status).toBe(200)
    for (const path of ['/__clerk/v1/environment', '/__clerk/v1/client', '/__clerk/_outbox', '/__clerk/_outbox.json', '/__clerk/.well-known/jwks.json', '/__clerk/', '/__clerk/_users.json']) {
      const res = await fetch(`${base}${path}`, { method: 'GET' })
      expect(res.status, path).toBe(404)
    }
  })

  it('contains no emulator code in the server or client bundles', async () => {
    const hits: string[] = []
    for await (const file of walk(output)) {
      if (!/\.(?:m?js|json|html)$/.test(file)) continue
      const text = await readFile(file, 'utf8')
      if (/createClerkEmulator|\[clerk-emulator\]|correct-horse|_forget_device/.test(text)) hits.push(file)
    }
    expect(hits).toEqual([])
  })
})

describe('given emulator.enabled: true in a production build', () => {
  it('fails the build with a message that says why and what to do', async () => {
    const build = await run(nuxi, ['build', 'test/fixtures/prod-emulator', '--dotenv', '/dev/null'], {
      env: plainEnv(),
      timeoutMs: 120_000,
    })
    expect(build.code).not.toBe(0)
    expect(build.output).toContain('clientTrust.emulator.enabled is true in a production build')
    expect(build.output).toContain('must never be deployed')
  })
})

// The app without @clerk/nuxt, built for production: no emulator, so the key must come
// from the environment, and its absence must say which variable to set.
describe('given a production build of an app without @clerk/nuxt', () => {
  const fixtureOutput = join(repoRoot, 'test/fixtures/plain-nuxt/.output')
  let built = false

  beforeAll(async () => {
    const build = await run(nuxi, ['build', 'test/fixtures/plain-nuxt', '--dotenv', '/dev/null'], { env: plainEnv(), timeoutMs: 280_000 })
    expect(build.code, build.output.slice(-3000)).toBe(0)
    built = true
  })

  async function serve(env: Record<string, string>) {
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    const server = await startServer(process.execPath, [join(fixtureOutput, 'server/index.mjs')], `${base}/`, {
      env: plainEnv({ PORT: String(port), HOST: '127.0.0.1', ...env }),
      timeoutMs: 30_000,
    })
    return { base, server }
  }

  it('fails a page load with a message naming NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY when no key is set', async () => {
    expect(built).toBe(true)
    const { base, server } = await serve({})
    try {
      const res = await fetch(`${base}/`)
      expect(res.status).toBe(500)
      await expect.poll(() => server.output()).toContain('Missing Clerk publishable key. Set NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY')
    }
    finally {
      await server.stop()
    }
  })

  it('takes the key from NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY at run time and serves no emulator', async () => {
    const { base, server } = await serve({ NUXT_PUBLIC_CLERK_PUBLISHABLE_KEY: livePublishableKey })
    try {
      const res = await fetch(`${base}/`)
      expect(res.status).toBe(200)
      expect(await res.text()).toContain('data-step="loading"')
      expect((await fetch(`${base}/__clerk/v1/environment`)).status).toBe(404)
    }
    finally {
      await server.stop()
    }
  })
})
