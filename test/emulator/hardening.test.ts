import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { EMULATOR_FIXED_CODE, startClerkEmulator } from '../../src/emulator'
import { fapiBrowser, useEmulators } from './fapiClient'

const { start } = useEmulators()

/** A raw request, so the Host header and chunked bodies are ours to choose. */
function raw(url: string, options: { method?: string, headers?: Record<string, string>, chunks?: Buffer[] }): Promise<{ status: number, body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    for (const chunk of options.chunks ?? []) req.write(chunk)
    req.end()
  })
}

describe('given the standalone emulator', () => {
  it('listens on 127.0.0.1 only and refuses any other interface', async () => {
    const e = await start()
    expect(e.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.com']) {
      await expect(startClerkEmulator({ host, port: 0, logger: () => {} }), host).rejects.toThrow(/127\.0\.0\.1/)
    }
  })

  it('answers loopback Host headers only (DNS rebinding)', async () => {
    const e = await start()
    const { port } = new URL(e.url)
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'localhost']) {
      expect((await raw(`${e.url}/_scenario`, { headers: { host } })).status, host).toBe(200)
    }
    for (const host of [`evil.example:${port}`, 'evil.example', `127.0.0.1.evil.example:${port}`, `localhost.evil.example`]) {
      const answer = await raw(`${e.url}/_outbox.json`, { headers: { host } })
      expect(answer.status, host).toBe(421)
      expect(answer.body).not.toContain('outbox')
    }
  })

  it('refuses a chunked body over maxBodyBytes (no Content-Length) with 413', async () => {
    const e = await start({ maxBodyBytes: 4096 })
    const chunks = Array.from({ length: 64 }, () => Buffer.alloc(1024, 'a'))
    const answer = await raw(`${e.url}/v1/client/sign_ins`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' },
      chunks,
    })
    expect(answer.status).toBe(413)
    expect(JSON.parse(answer.body).errors[0].code).toBe('request_body_too_large')
    expect(e.stats().signIns).toBe(0)
  })

  it('keeps every store within its cap under 10 000 sign-ins from 10 000 new browsers', async () => {
    const e = await start({ maxClients: 500 })
    const { caps } = e.stats()
    expect(caps).toMatchObject({ clients: 500, signIns: 1000, sessions: 1000, outbox: 500, requests: 1000 })
    const total = 10_000
    const concurrency = 32
    let next = 0
    let peak = { clients: 0, signIns: 0, outbox: 0, requests: 0 }
    const statuses = new Map<number, number>()
    async function worker() {
      while (next < total) {
        const n = next++
        // A new cookie-less caller each time: a new client (browser) per sign-in.
        const browser = fapiBrowser(e)
        const answer = await browser.signInWithPassword('jane@example.com')
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1)
        // Every 20th also sends a code, so the outbox fills too.
        if (n % 20 === 0) await browser.call('POST', `/v1/client/sign_ins/${answer.json.response.id}/prepare_second_factor`, { strategy: 'email_code' })
        if (n % 250 === 0) {
          const s = e.stats()
          peak = { clients: Math.max(peak.clients, s.clients), signIns: Math.max(peak.signIns, s.signIns), outbox: Math.max(peak.outbox, s.outbox), requests: Math.max(peak.requests, s.requests) }
        }
      }
    }
    await Promise.all(Array.from({ length: concurrency }, worker))
    expect(Object.fromEntries(statuses)).toEqual({ 200: total })
    const end = e.stats()
    for (const key of ['clients', 'signIns', 'sessions', 'linkTokens', 'outbox', 'requests'] as const) {
      expect(end[key], key).toBeLessThanOrEqual(end.caps[key])
    }
    expect(peak.clients).toBeLessThanOrEqual(caps.clients)
    expect(peak.signIns).toBeLessThanOrEqual(caps.signIns)
    // Full, not empty: the caps did the bounding.
    expect(end.clients).toBe(caps.clients)
    expect(end.outbox).toBe(caps.outbox)
    expect(end.requests).toBe(caps.requests)
    // The control route tells the same.
    expect((await fapiBrowser(e).call('GET', '/_stats.json')).json).toMatchObject({ clients: end.clients, caps })
  }, 120_000)
})

describe('given a sign-in, the emulator log', () => {
  it('shows the codes it sends and never a password it receives, right or wrong', async () => {
    const lines: string[] = []
    const e = await start({ logger: line => lines.push(line) })
    const browser = fapiBrowser(e)
    expect((await browser.signInWithPassword('jane@example.com', 'wrong-horse-<secret>')).status).toBe(422)
    const id = await browser.sendEmailCode('jane@example.com')
    await browser.call('POST', `/v1/client/sign_ins/${id}/attempt_second_factor`, { strategy: 'email_code', code: '000000' })
    await browser.attemptEmailCode(id)
    expect(lines).toEqual([`[clerk-emulator] email code for j***@example.com: ${EMULATOR_FIXED_CODE}`])
    const everything = JSON.stringify([lines, e.requests(), e.outbox()])
    for (const secret of ['correct-horse', 'wrong-horse', '000000']) expect(everything).not.toContain(secret)
  })
})

describe('given the fault scenarios', () => {
  it('answers sign-in routes 200 with cut-off JSON when malformed is on, and valid JSON of the wrong shape with "shape"', async () => {
    const e = await start()
    const browser = fapiBrowser(e)
    e.setScenario({ malformed: 'json' })
    expect(e.scenario().malformed).toBe('json')
    const broken = await browser.signInWithPassword('jane@example.com')
    expect(broken.status).toBe(200)
    expect(() => JSON.parse(broken.text)).toThrow()
    e.setScenario({ malformed: 'shape' })
    const shaped = await browser.signInWithPassword('jane@example.com')
    expect(shaped.status).toBe(200)
    expect(shaped.json).toEqual({ response: ['not', 'a', 'sign-in'], client: 42 })
    // Loading Clerk still works: only the sign-in routes misbehave.
    expect((await browser.call('GET', '/v1/client')).status).toBe(200)
    expect(e.stats().signIns).toBe(0)
    e.setScenario({ malformed: false })
    expect((await browser.signInWithPassword('jane@example.com')).json.response.status).toBe('needs_client_trust')
  })

  it('accepts `malformed: true` over HTTP as "json"', async () => {
    const e = await start()
    const set = await fetch(`${e.url}/_scenario`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ malformed: true }) })
    expect((await set.json()).malformed).toBe('json')
  })

  it('answers 422 with the configured errorMessage, verbatim, under an unknown code', async () => {
    const e = await start()
    const html = '<img src=x onerror=alert(1)>'
    e.setScenario({ errorMessage: html })
    const answer = await fapiBrowser(e).signInWithPassword('jane@example.com')
    expect(answer.status).toBe(422)
    expect(answer.json.errors[0]).toMatchObject({ code: 'emulated_error', message: html, long_message: html })
    e.setScenario({ errorMessage: null })
    expect((await fapiBrowser(e).signInWithPassword('jane@example.com')).status).toBe(200)
    // Over HTTP too: JSON `null` clears it.
    e.setScenario({ errorMessage: html })
    const cleared = await fetch(`${e.url}/_scenario`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorMessage: null }) })
    expect((await cleared.json()).errorMessage).toBeNull()
  })

  it('follows retryAfterSeconds in Retry-After (the header clerk-js reads)', async () => {
    const e = await start()
    e.setScenario({ rateLimit: true, retryAfterSeconds: 7 })
    const answer = await fapiBrowser(e).signInWithPassword('jane@example.com')
    expect(answer.status).toBe(429)
    expect(answer.json.errors[0].code).toBe('too_many_requests')
    expect(answer.headers.get('retry-after')).toBe('7')
  })

  it('answers 404 for the clerk-js bundle when clerkJsUnavailable is on', async () => {
    const e = await start({ clerkJsDir: new URL('../../node_modules/@clerk/clerk-js/dist', import.meta.url).pathname })
    const path = '/npm/@clerk/clerk-js@6/dist/clerk.browser.js'
    expect((await fapiBrowser(e).call('GET', path)).status).toBe(200)
    e.setScenario({ clerkJsUnavailable: true })
    expect((await fapiBrowser(e).call('GET', path)).status).toBe(404)
  })
})
