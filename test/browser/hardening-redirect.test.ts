import { describe, expect, it } from 'vitest'
import { JANE, PASSWORD, enterCode, expectNoSecrets, latestCode, openSignIn, setupPlayground, signInForm, submitCredentials, useDevices } from './harness'

// Point 1: `?redirect_url=` (Clerk's convention) is followed only to a same-origin
// path; anything else lands on `afterSignInUrl` ('/' in the playground).
describe('given /sign-in?redirect_url=… in Chromium', async () => {
  await setupPlayground()

  const { device } = useDevices()

  /** Signs Jane in from `path` and returns every URL the tab showed afterwards. */
  async function signInFrom(path: string) {
    const d = await device()
    const { page } = d
    const since = Date.now()
    const form = await openSignIn(page, path)
    await submitCredentials(form, page)
    const code = await latestCode(JANE.identifier, since)
    const start = d.urls.length
    await enterCode(form, code)
    // Leaving the sign-in page is the end of the flow, wherever it goes.
    await page.waitForURL(u => u.pathname !== '/sign-in')
    await page.waitForLoadState()
    await expectNoSecrets(d, [PASSWORD, code])
    return { page, landed: new URL(page.url()), urls: d.urls.slice(start) }
  }

  it('lands on a same-origin path it names: ?redirect_url=/headless', async () => {
    const { landed, page } = await signInFrom('/sign-in?redirect_url=/headless')
    expect(landed.pathname).toBe('/headless')
    expect(landed.origin).toBe(new URL(page.url()).origin)
  })

  it('lands on a same-origin absolute URL as its path (what Clerk\'s own links carry)', async () => {
    const d = await device()
    await d.page.goto('/')
    const origin = new URL(d.page.url()).origin
    await d.context.close()
    const { landed } = await signInFrom(`/sign-in?redirect_url=${encodeURIComponent(`${origin}/headless?tab=2`)}`)
    expect(landed.pathname + landed.search).toBe('/headless?tab=2')
  })

  it.each([
    '//evil.com',
    'https://evil.com/',
    '/\\evil.com',
    '%2F%2Fevil.com',
    '/%2F%2Fevil.com',
    '/.//evil.com',
    'javascript:alert(document.domain)',
    '/%09/evil.com',
  ])('lands on afterSignInUrl for redirect_url=%s', async (payload) => {
    const { landed, urls, page } = await signInFrom(`/sign-in?redirect_url=${encodeURIComponent(payload)}`)
    expect(landed.pathname).toBe('/')
    await page.getByTestId('signed-in').waitFor()
    expect(urls.filter(u => !u.startsWith(landed.origin) && u !== 'about:blank'), 'navigations off the app').toEqual([])
  })

  // `new URL()` in clerk-js 6.40 threw on this while loading, and after
  // loadTimeout the form said "Sign-in is unavailable right now", signed in or out.
  const UNPARSEABLE = `/sign-in?redirect_url=${encodeURIComponent('http://127.0.0.1:3000.evil.test/')}`

  it('loads and signs in from a link with an unparseable redirect_url, landing on afterSignInUrl', async () => {
    const d = await device()
    await d.page.goto(UNPARSEABLE)
    await signInForm(d.page).atStep('credentials')
    // Taken out of the address bar before clerk-js read it; the rest of the URL is kept.
    expect(new URL(d.page.url()).pathname).toBe('/sign-in')
    expect(new URL(d.page.url()).searchParams.has('redirect_url')).toBe(false)
    await d.context.close()
    const { landed } = await signInFrom(UNPARSEABLE)
    expect(landed.pathname).toBe('/')
  })

  it('lets a signed-in visit with an unparseable redirect_url leave for afterSignInUrl', async () => {
    const { page } = await signInFrom('/sign-in')
    await page.goto(UNPARSEABLE)
    await page.waitForURL(u => u.pathname === '/')
    await page.getByTestId('signed-in').waitFor()
  })
})
