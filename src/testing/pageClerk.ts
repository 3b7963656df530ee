import type { Page } from 'playwright-core'
import { TestingError } from './errors'

// Everything the kit does inside the page goes through the page's own clerk-js
// (`window.Clerk`), with its public resources only: `client.signIn.create`,
// `prepareFirstFactor`, `attemptFirstFactor`, `resetPassword`, `prepareSecondFactor`,
// `attemptSecondFactor`, `setActive`, `signOut`. The functions handed to `page.evaluate` are
// serialized: they may use nothing from this module's scope.

/** A factor as the kit sees it (from `signIn.supportedFirstFactors` / `supportedSecondFactors`). */
export interface FactorInfo {
  strategy: string
  emailAddressId?: string
  phoneNumberId?: string
  safeIdentifier?: string
}

/** The sign-in after a step (`factors`: its second factors), or Clerk's error. */
export type StepResult
  = | { ok: true, id: string | null, status: string | null, factors: FactorInfo[], firstFactors: FactorInfo[], createdSessionId: string | null }
    | { ok: false, code: string | undefined, message: string, status: number | undefined, retryAfter?: number }

/**
 * One step of a sign-in, run by the page's clerk-js: `create` (with a password, or the
 * identifier alone for a reset), a first factor's code (`prepareFirst`, `attemptFirst`), a new
 * password (`resetPassword`), a second factor (`prepare`, `attempt`).
 */
export type StepAction
  = | { kind: 'create', identifier: string, password?: string }
    | { kind: 'prepareFirst', factor: FactorInfo }
    | { kind: 'attemptFirst', strategy: string, code: string }
    | { kind: 'resetPassword', password: string, signOutOfOtherSessions: boolean }
    | { kind: 'prepare', factor: FactorInfo }
    | { kind: 'attempt', strategy: string, code: string }

/** What the page's Clerk says about itself. */
export interface PageClerkState {
  publishableKey: string
  proxyUrl: string | null
  userId: string | null
  sessionId: string | null
}

/** Runs one sign-in step in the page. */
export function runStep(page: Page, action: StepAction): Promise<StepResult> {
  return page.evaluate(async (action: StepAction): Promise<StepResult> => {
    type Factor = { strategy: string, emailAddressId?: string, phoneNumberId?: string, safeIdentifier?: string }
    type Params = Record<string, unknown>
    interface Resource {
      id: string | null
      status: string | null
      createdSessionId: string | null
      supportedFirstFactors: Factor[] | null
      supportedSecondFactors: Factor[] | null
      create(params: Params): Promise<Resource>
      prepareFirstFactor(params: Params): Promise<Resource>
      attemptFirstFactor(params: Params): Promise<Resource>
      resetPassword(params: Params): Promise<Resource>
      prepareSecondFactor(params: Params): Promise<Resource>
      attemptSecondFactor(params: Params): Promise<Resource>
    }
    const clerk = (window as unknown as { Clerk: { client: { signIn: Resource } } }).Clerk
    // A factor's address travels with it: FAPI sends the code to that one.
    const prepareParams = (factor: Factor): Params => ({
      strategy: factor.strategy,
      ...(factor.emailAddressId ? { emailAddressId: factor.emailAddressId } : {}),
      ...(factor.phoneNumberId ? { phoneNumberId: factor.phoneNumberId } : {}),
    })
    const plain = (factors: Factor[] | null): Factor[] => (factors ?? []).map(f => ({
      strategy: f.strategy,
      emailAddressId: f.emailAddressId,
      phoneNumberId: f.phoneNumberId,
      safeIdentifier: f.safeIdentifier,
    }))
    try {
      const current = clerk.client.signIn
      let next: Resource
      switch (action.kind) {
        case 'create':
          next = await current.create(action.password === undefined
            ? { identifier: action.identifier }
            : { strategy: 'password', identifier: action.identifier, password: action.password })
          break
        case 'prepareFirst':
          next = await current.prepareFirstFactor(prepareParams(action.factor))
          break
        case 'attemptFirst':
          next = await current.attemptFirstFactor({ strategy: action.strategy, code: action.code })
          break
        case 'resetPassword':
          next = await current.resetPassword({ password: action.password, signOutOfOtherSessions: action.signOutOfOtherSessions })
          break
        case 'prepare':
          next = await current.prepareSecondFactor(prepareParams(action.factor))
          break
        default:
          next = await current.attemptSecondFactor({ strategy: action.strategy, code: action.code })
      }
      return {
        ok: true,
        id: next.id,
        status: next.status,
        createdSessionId: next.createdSessionId,
        factors: plain(next.supportedSecondFactors),
        firstFactors: plain(next.supportedFirstFactors),
      }
    }
    catch (error) {
      // clerk-js reads a 429's `Retry-After` into `retryAfter` (seconds).
      const e = error as { errors?: Array<{ code?: string, message?: string, longMessage?: string }>, status?: number, message?: string, retryAfter?: number }
      const first = e.errors?.[0]
      return { ok: false, code: first?.code, message: first?.longMessage || first?.message || e.message || String(error), status: e.status, retryAfter: e.retryAfter }
    }
  }, action)
}

/** Makes `sessionId` the page's active session; reports a session left `pending` by a task instead. */
export function activate(page: Page, sessionId: string): Promise<{ status: string | null, tasks: string[] }> {
  return page.evaluate(async (sessionId: string) => {
    interface Session { id: string, status: string, currentTask?: { key: string } | null, tasks?: Array<{ key: string }> | null }
    const clerk = (window as unknown as { Clerk: { client: { sessions: Session[] }, setActive(p: { session: string }): Promise<void> } }).Clerk
    const session = clerk.client.sessions.find(s => s.id === sessionId)
    const tasks = (session?.tasks ?? []).map(t => t.key)
    if (session?.status === 'pending') return { status: 'pending', tasks }
    await clerk.setActive({ session: sessionId })
    return { status: session?.status ?? null, tasks }
  }, sessionId)
}

/** Reads the page's Clerk; fails with what to do when the page has none, or it does not load. */
export async function pageClerk(page: Page, timeout: number, who: string): Promise<PageClerkState> {
  if (page.url() === 'about:blank') {
    throw new TestingError(`${who}: the page is blank. Open a page of your app that loads Clerk first, e.g. \`await page.goto('/')\`.`, 'no_clerk')
  }
  try {
    await page.waitForFunction(() => (window as unknown as { Clerk?: { loaded?: boolean } }).Clerk?.loaded === true, undefined, { timeout })
  }
  catch {
    throw new TestingError(
      `${who}: Clerk did not load on ${page.url()} within ${timeout} ms (no \`window.Clerk\` with \`loaded\`). `
      + 'Open a page that loads Clerk (any page of a Nuxt app with this module or @clerk/nuxt; a Vue app with clerkPlugin), and check the browser console for Clerk errors.',
      'no_clerk',
    )
  }
  return page.evaluate(() => {
    const clerk = (window as unknown as { Clerk: { publishableKey: string, proxyUrl?: string, user?: { id: string } | null, session?: { id: string } | null } }).Clerk
    return { publishableKey: clerk.publishableKey, proxyUrl: clerk.proxyUrl ?? null, userId: clerk.user?.id ?? null, sessionId: clerk.session?.id ?? null }
  })
}

/**
 * Waits until the page's Clerk has `sessionId` active, its user loaded and the `__session`
 * cookie written (what a server-side `@clerk/nuxt` reads on the next request). Survives the
 * navigations a sign-in form makes after finalizing.
 */
export async function waitForActiveSession(page: Page, timeout: number, sessionId: string | null): Promise<{ userId: string, sessionId: string }> {
  const deadline = Date.now() + timeout
  let last = 'no answer'
  for (;;) {
    try {
      const state = await page.evaluate((wanted: string | null) => {
        const clerk = (window as unknown as { Clerk?: { loaded?: boolean, session?: { id: string, status: string } | null, user?: { id: string } | null } }).Clerk
        const cookie = document.cookie.split(/;\s*/).some(c => c.startsWith('__session='))
        const session = clerk?.session
        if (!clerk?.loaded) return { done: false, why: 'Clerk is not loaded' }
        if (!session || (wanted && session.id !== wanted)) return { done: false, why: `the active session is ${session?.id ?? 'none'}` }
        if (session.status !== 'active') return { done: false, why: `the session is ${session.status}` }
        if (!clerk.user) return { done: false, why: 'the user is not loaded' }
        if (!cookie) return { done: false, why: 'no __session cookie yet' }
        return { done: true, userId: clerk.user.id, sessionId: session.id }
      }, sessionId)
      if (state.done) return { userId: state.userId!, sessionId: state.sessionId! }
      last = state.why!
    }
    catch (error) {
      // A navigation replaced the document between two reads: read the new one.
      last = (error as Error).message.split('\n')[0]!
    }
    if (Date.now() >= deadline) {
      throw new TestingError(`The session did not become active on ${page.url()} within ${timeout} ms (last seen: ${last}).`, 'session_not_active')
    }
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}
