import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { $fetch, url } from '@nuxt/test-utils/e2e'
import { afterAll, describe, expect, it } from 'vitest'
import { isClerkError, raw } from '../emulator/rawHttp'
import type { EmulatorScenario as Scenario } from '../../src/emulator'
import {
  JANE, emulator, enterCode, expectSignedIn, fillCredentials, latestCode, openSignIn, passwordStep, setupPlayground, submitCredentials, useDevices,
  visibleText,
} from './harness'

// In a test build of the playground, in real Chromium: another site's page cannot
// drive the emulator, a foreign Host gets nothing, the opaque client cookie signs in, and a
// Protect challenge (single, chained, expired) is solved in the form.

const VERSION = '__clerk_api_version=2026-08-20&_clerk_js_version=6.40.0'

/** A page on another origin (another loopback port) firing every "simple" request it can. */
function attackPage(target: string): string {
  const payload = JSON.stringify({ errorMessage: 'Call +1 555 0100 to unlock your account', outage: true })
  return `<!doctype html><title>waiting</title>
<iframe name="sink"></iframe>
<form id="f" method="POST" action="${target}/_scenario" target="sink" enctype="text/plain"><input name='${payload.slice(0, -1)},"x":"' value='"}'></form>
<script>
const target = ${JSON.stringify(target)}
const shots = [
  fetch(target + '/_scenario', { method: 'POST', mode: 'no-cors', body: ${JSON.stringify(payload)} }),
  fetch(target + '/_scenario', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'outage=true' }),
  fetch(target + '/_reset', { method: 'POST', mode: 'no-cors' }),
  fetch(target + '/_new_client', { method: 'POST', mode: 'no-cors', credentials: 'include' }),
  new Promise(done => { document.querySelector('iframe').onload = done; document.getElementById('f').submit() }),
]
Promise.allSettled(shots).then(() => { document.title = 'done' })
</script>`
}

describe('given a test build of the playground, seen from outside', async () => {
  await setupPlayground()

  const { device, onSignIn } = useDevices({ reset: true, restore: () => emulator.setScenario({ protectCheck: false, protectCheckChain: 1, expireProtectChecks: false, outage: false, errorMessage: null }) })
  const scenario = () => $fetch<Scenario>('/__clerk/_scenario')

  let attacker: ReturnType<typeof createServer> | undefined
  afterAll(() => new Promise<void>(done => (attacker ? attacker.close(() => done()) : done())))

  it('ignores a page on another origin that posts to _scenario, _reset and _new_client (no-cors fetch, form post)', async () => {
    const victim = await device()
    const since = Date.now()
    const form = await openSignIn(victim.page)
    await submitCredentials(form, victim.page)
    const code = await latestCode(JANE.identifier, since)
    const outbox = (await emulator.outbox()).length

    attacker = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(attackPage(url('/__clerk')))
    })
    await new Promise<void>(done => attacker!.listen(0, '127.0.0.1', done))
    const evil = await device()
    await evil.page.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`)
    await evil.page.waitForFunction(() => document.title === 'done')

    expect(await scenario()).toMatchObject({ outage: false, errorMessage: null })
    expect(await emulator.outbox()).toHaveLength(outbox)
    // The victim's sign-in goes on, with no attacker text and the same client.
    await enterCode(form, code)
    await expectSignedIn(victim.page, JANE.firstName)
  })

  it('still takes the app\'s own page (same origin), as the /emulator panel does', async () => {
    const { page } = await device()
    await page.goto('/')
    const status = await page.evaluate(async () => (await fetch('/__clerk/_scenario', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ delayMs: 1 }) })).status)
    expect(status).toBe(200)
    expect((await scenario()).delayMs).toBe(1)
    await emulator.setScenario({ delayMs: 0 })
  })

  it('answers a foreign Host 421 with a Clerk error: no outbox, no reset, no FAPI', async () => {
    const base = url('/')
    await emulator.setScenario({ errorMessage: 'kept' })
    for (const [method, path] of [['GET', '/__clerk/_outbox.json'], ['POST', '/__clerk/_reset'], ['GET', `/__clerk/v1/environment?${VERSION}`], ['GET', '/__clerk/_requests.json']] as const) {
      for (const host of ['evil.test', `evil.test:${new URL(base).port}`, '127.0.0.1.nip.io']) {
        const answer = await raw(base, path, { method, headers: { host } })
        expect(answer.status, `${method} ${path} Host: ${host}`).toBe(421)
        expect(isClerkError(answer.json)).toBe(true)
        expect(answer.body).not.toContain('outbox')
      }
    }
    expect((await scenario()).errorMessage).toBe('kept')
    // The app's own pages are not the emulator's business.
    expect((await raw(base, '/', { headers: { host: 'evil.test' } })).status).toBe(200)
  })

  it('signs in with the opaque client cookie, which the client id cannot stand in for', async () => {
    const d = await device()
    const since = Date.now()
    const form = await openSignIn(d.page)
    await submitCredentials(form, d.page)
    await enterCode(form, await latestCode(JANE.identifier, since))
    await expectSignedIn(d.page, JANE.firstName)
    const clientId = await d.page.evaluate(async (query) => {
      const answer = await fetch(`/__clerk/v1/client?${query}`, { credentials: 'include' })
      return ((await answer.json()) as { response: { id: string } }).response.id
    }, VERSION)
    const cookie = (await d.context.cookies()).find(c => c.name === '__client')
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/__clerk' })
    expect(cookie?.value).not.toBe(clientId)
    expect(cookie?.value).not.toContain(clientId)
    const base = url('/')
    expect((await raw(base, `/__clerk/v1/client?${VERSION}`, { headers: { cookie: `__client=${cookie?.value}` } })).json.response.id).toBe(clientId)
    expect((await raw(base, `/__clerk/v1/client?${VERSION}`, { headers: { cookie: `__client=${clientId}` } })).json.response).toBeNull()
  })

  it('runs a Clerk Protect challenge in the form: the stand-in SDK\'s step, its one button, then the new-device step', async () => {
    const { page, form } = await onSignIn()
    await emulator.setScenario({ protectCheck: true })
    const loaded = page.waitForResponse(r => r.url().endsWith('/__clerk/protect/sdk.mjs'))
    await passwordStep(form, JANE.identifier, 'protect-check')
    expect((await loaded).status()).toBe(200)
    // The password request is over, and says nothing: clerk-js looks for Clerk's prebuilt modal first (none here).
    await expect.poll(() => form.root.getAttribute('data-state')).toBe('idle')
    expect(await visibleText(form.globalError)).toBe('')
    await form.root.locator('[data-cts-part="protect-check"]').getByRole('button', { name: 'I am a person' }).click()
    await form.atStep('verify')
    expect(await visibleText(form.globalError)).toBe('')
  })

  it('follows a chained Protect challenge: a second step after the first proof, then on', async () => {
    const { form } = await onSignIn()
    await emulator.setScenario({ protectCheck: true, protectCheckChain: 2 })
    const since = Date.now()
    await passwordStep(form, JANE.identifier, 'protect-check')
    const button = form.root.locator('[data-cts-part="protect-check"]').getByRole('button', { name: 'I am a person' })
    await button.click()
    await expect.poll(async () => (await emulator.requests()).filter(r => r.at >= since && r.path.endsWith('/protect_check')).length).toBe(1)
    expect(await form.root.getAttribute('data-step')).toBe('protect-check')
    await button.click()
    await form.atStep('verify')
    expect((await emulator.requests()).filter(r => r.at >= since && r.path.endsWith('/protect_check') && r.status === 200)).toHaveLength(2)
  })

  it('recovers from an expired Protect challenge: the credentials again, a clear message, the identifier kept', async () => {
    const { form } = await onSignIn()
    await emulator.setScenario({ protectCheck: true, expireProtectChecks: true })
    await fillCredentials(form)
    await form.continue.click()
    await expect.poll(() => visibleText(form.globalError)).toBe('The security check expired. Please sign in again.')
    expect(await form.root.getAttribute('data-step')).toBe('credentials')
    expect(await form.identifier.inputValue()).toBe(JANE.identifier)
    await emulator.setScenario({ expireProtectChecks: false })
    await fillCredentials(form)
    await form.continue.click()
    await form.root.locator('[data-cts-part="protect-check"]').getByRole('button', { name: 'I am a person' }).click()
    await form.atStep('verify')
  })
})
