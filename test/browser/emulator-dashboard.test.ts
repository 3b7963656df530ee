import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { url } from '@nuxt/test-utils/e2e'
import type { Page } from 'playwright-core'
import { afterAll, describe, expect, it } from 'vitest'
import { PAGE_SIGN_IN_CHANNEL } from '../../src/emulator/control/pageSignIn'
import { axeViolations } from './a11y'
import {
  JANE, PASSWORD, emulator, enterCode, expectSignedIn, fillCredentials, openSignIn, screenshot, setupPlayground, submitCredentials, useDevices,
  visibleText,
} from './harness'

// The emulator's dashboard at /__clerk/ beside the playground, in one browser: the same
// cookies, so "this browser" on the dashboard is the browser that signs in.

/** The newest code the dashboard's outbox shows, once it differs from `previous`. */
async function codeOnDashboard(dashboard: Page, previous = ''): Promise<string> {
  const code = dashboard.locator('#outbox li .code').first()
  await expect.poll(async () => (await code.count()) ? (await code.textContent())?.trim() : '', { timeout: 10_000 }).toMatch(/^\d{6}$/)
  if (previous) await expect.poll(() => dashboard.locator('#outbox li').count(), { timeout: 10_000 }).toBeGreaterThan(1)
  return (await code.textContent())!.trim()
}

/**
 * axe on the dashboard. Its CSP refuses `addScriptTag`, as it should; DevTools-protocol
 * evaluation is not page script, so axe goes in that way.
 */
async function dashboardViolations(dashboard: Page): Promise<string[]> {
  if (!await dashboard.evaluate(() => 'axe' in window)) await dashboard.evaluate(readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8'))
  return axeViolations(dashboard, 'body')
}

/** Jane's row of the users table. */
const janeRow = (dashboard: Page) => dashboard.locator('#users tr').filter({ hasText: JANE.identifier })

describe('given the emulator dashboard beside the playground', async () => {
  await setupPlayground()

  const { device } = useDevices({ reset: true, restore: () => emulator.setScenario({ outage: false }) })

  it('gives the code, flips an outage on and off, and forgets the device, all from /__clerk/', async () => {
    const d = await device()
    const { page } = d
    const dashboard = await d.context.newPage()
    await dashboard.goto('/__clerk/')
    await expect.poll(() => visibleText(dashboard.locator('#connection'))).toMatch(/^Live/)
    expect(await visibleText(janeRow(dashboard))).toContain(`${PASSWORD}`)
    expect(await visibleText(janeRow(dashboard))).toContain('not trusted')
    expect(await dashboardViolations(dashboard), 'axe violations on the dashboard').toEqual([])

    // A new device: the code comes from the dashboard, not from Node.
    const form = await openSignIn(page)
    await submitCredentials(form, page)
    const code = await codeOnDashboard(dashboard)
    expect(await visibleText(dashboard.locator('#outbox li').first())).toContain(`email to ${JANE.identifier}, for new device`)
    await dashboard.getByRole('button', { name: `Copy code ${code}` }).waitFor()
    // The README's picture: a desktop-sized window, the code waiting in the outbox.
    await dashboard.setViewportSize({ width: 1100, height: 1480 })
    await screenshot(dashboard, 'dashboard')
    await enterCode(form, code)
    await expectSignedIn(page, JANE.firstName)
    await expect.poll(() => visibleText(janeRow(dashboard))).toContain('trusted Forget this device')

    // The requests of that sign-in, by its id.
    await dashboard.locator('#outbox li').first().getByRole('button', { name: /^Requests of sign-in sia_/ }).click()
    const signInId = await dashboard.locator('#filter').inputValue()
    expect(signInId).toMatch(/^sia_/)
    await expect.poll(async () => (await dashboard.locator('#requests tr td:nth-child(3)').allTextContents()).sort()).toEqual([
      '/v1/client/sign_ins',
      `/v1/client/sign_ins/${signInId}/attempt_second_factor`,
      `/v1/client/sign_ins/${signInId}/prepare_second_factor`,
    ])

    // An outage, switched on from the dashboard by keyboard: the form says so.
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(u => u.pathname === '/sign-in')
    const again = await openSignIn(page)
    const outage = dashboard.getByRole('switch', { name: /^Outage/ })
    await outage.focus()
    await dashboard.keyboard.press('Space')
    await expect.poll(() => visibleText(dashboard.locator('#scenario-now'))).toBe('On now: Outage')
    expect((await emulator.scenario()).outage).toBe(true)
    expect(await dashboardViolations(dashboard), 'axe violations with a scenario on').toEqual([])
    await fillCredentials(again)
    await again.continue.click()
    await expect.poll(() => visibleText(again.globalError)).toMatch(/unavailable|try again/i)
    await dashboard.locator('#filter').selectOption('')
    await expect.poll(() => visibleText(dashboard.locator('#requests'))).toMatch(/POST\s*\/v1\/client\/sign_ins\s*503\s*service_unavailable/)

    // One click restores Clerk on a good day.
    await dashboard.getByRole('button', { name: 'Restore the default scenario' }).click()
    await expect.poll(() => visibleText(dashboard.locator('#scenario-now'))).toBe('On now: nothing, Clerk on a good day')
    expect(await outage.isChecked()).toBe(false)
    expect((await emulator.scenario()).outage).toBe(false)

    // Forget this device: the next sign-in asks for a code again.
    await dashboard.getByRole('button', { name: `Forget this device for ${JANE.identifier}` }).click()
    await expect.poll(() => visibleText(janeRow(dashboard))).toContain('not trusted')
    if (!await again.password.inputValue()) await again.password.fill(PASSWORD)
    // A keyboard user on a Copy button stays on one when the new code rebuilds the list.
    await dashboard.getByRole('button', { name: `Copy code ${code}` }).focus()
    await again.continue.click()
    await again.atStep('verify')
    await enterCode(again, await codeOnDashboard(dashboard, code))
    expect(await dashboard.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Copy code ${code}`)
    await expectSignedIn(page, JANE.firstName)

    // No CSP violation or other console error on the dashboard.
    expect(d.console.filter(m => /Content Security Policy|^error:/.test(m) && !/status of (?:401|404|422|503)/.test(m))).toEqual([])
  })

  let attacker: ReturnType<typeof createServer> | undefined
  afterAll(() => new Promise<void>(done => (attacker ? attacker.close(() => done()) : done())))

  it('shows nothing to a page on another origin: no frame, no users, no forgotten device', async () => {
    const d = await device()
    const since = Date.now()
    const form = await openSignIn(d.page)
    await submitCredentials(form, d.page)
    await enterCode(form, await emulator.lastCode(JANE.identifier, { since }))
    await expectSignedIn(d.page, JANE.firstName)

    const target = url('/__clerk')
    attacker = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      res.end(`<!doctype html><title>waiting</title><iframe name="dash" src="${target}/"></iframe><script>
const target = ${JSON.stringify(target)}
Promise.allSettled([
  fetch(target + '/_users.json', { credentials: 'include' }).then(r => r.text()),
  fetch(target + '/_forget_device', { method: 'POST', mode: 'no-cors', credentials: 'include', body: '{"userId":"user_jane"}' }),
]).then(results => { window.read = results.map(r => r.status === 'fulfilled' ? String(r.value) : 'refused'); document.title = 'done' })
</script>`)
    })
    await new Promise<void>(done => attacker!.listen(0, '127.0.0.1', done))
    const evil = await d.context.newPage()
    await evil.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`)
    await expect.poll(() => evil.title()).toBe('done')
    // The cross-origin read fails (no CORS), and the frame shows no dashboard.
    expect(await evil.evaluate(() => (window as unknown as { read: string[] }).read[0])).toBe('refused')
    const frame = evil.frame({ name: 'dash' })
    expect(await frame?.locator('#outbox').count().catch(() => 0) ?? 0).toBe(0)
    // Jane is still trusted in this browser: the next sign-in needs no code.
    await d.page.getByRole('button', { name: 'Sign out' }).click()
    await d.page.waitForURL(u => u.pathname === '/sign-in')
    const again = await openSignIn(d.page)
    await fillCredentials(again)
    await again.continue.click()
    await expectSignedIn(d.page, JANE.firstName)
  })

  it('shows what a page of the app says on the forms\' channel as text, and ignores what is not a form\'s view', async () => {
    const d = await device()
    const dashboard = await d.context.newPage()
    await dashboard.goto('/__clerk/?devtools')
    const forms = dashboard.locator('#forms li')
    await expect.poll(() => visibleText(forms.first())).toBe('No sign-in form on an open page of this app.')
    // A page of the same origin (the playground has DevTools off: no plugin speaks here but this script).
    await d.page.goto('/sign-in')
    const hostile = '<img src=x onerror="document.title=1">'
    await d.page.evaluate(({ channel, hostile }) => {
      const bc = new BroadcastChannel(channel)
      for (const junk of [null, 'sign-in', 42, { type: 'sign-in' }, { type: 'sign-in', view: { form: 7 } }, { type: 'gone' }, { type: 'other', form: 'a' }]) bc.postMessage(junk)
      bc.postMessage({ type: 'sign-in', view: { form: 'f1', path: hostile, at: 0, step: hostile, status: null, signInId: hostile, clientTrustState: 'new', factor: null, fetching: false, errors: [hostile, 3], session: { id: 'sess_1', status: 'pending', tasks: [hostile] } } })
    }, { channel: PAGE_SIGN_IN_CHANNEL, hostile })
    await expect.poll(() => dashboard.locator('#forms li[data-form="f1"]').count()).toBe(1)
    expect(await forms.count()).toBe(1)
    const row = (name: string) => forms.first().locator(`dt:text-is("${name}") + dd`).textContent()
    expect(await row('Step')).toBe(hostile)
    expect(await row('Status')).toBe('—')
    expect(await row('Errors on')).toBe(`${hostile}, —`)
    expect(await row('Session')).toBe('sess_1 (pending)')
    expect(await row('Session tasks')).toBe(hostile)
    expect(await dashboard.locator('#forms img').count()).toBe(0)
    await dashboard.getByRole('button', { name: `Requests of sign-in ${hostile}` }).click()
    await expect.poll(() => dashboard.locator('#filter').inputValue()).toBe(hostile)
    // Gone: the form leaves the list.
    await d.page.evaluate(channel => new BroadcastChannel(channel).postMessage({ type: 'gone', form: 'f1' }), PAGE_SIGN_IN_CHANNEL)
    await expect.poll(() => visibleText(forms.first())).toBe('No sign-in form on an open page of this app.')
  })
})
