import type { H3Event } from 'h3'
import { getCookie, getRequestHeader, setCookie } from 'h3'
import type { Core } from './core'
import type { TokenContext } from './resources'
import { clientJson } from './resources'
import type { ClientRecord } from './store'
import { newId } from './store'

/** Cookie that tells browsers (clients) apart, like real FAPI's `__client` on its own origin. */
export const CLIENT_COOKIE = '__client'

/** Everything a route needs about the request being answered. */
export interface Ctx {
  core: Core
  event: H3Event
  method: string
  /** Path without basePath and query. */
  path: string
  query: Record<string, string>
  body: Record<string, string>
  /** Captured groups of the route pattern. */
  params: string[]
  /** `scheme://host[:port]` of the emulator as the caller reached it. */
  selfOrigin: string
  tokens: TokenContext
  client: ClientRecord | null
  ensureClient(): ClientRecord
  /** `{ response, client }`, the envelope of every resource call. */
  envelope(response: unknown): Promise<Record<string, unknown>>
}

function callerOrigin(event: H3Event): string | undefined {
  const origin = getRequestHeader(event, 'origin')
  if (origin && origin !== 'null') return origin
  const referer = getRequestHeader(event, 'referer')
  if (!referer) return undefined
  try {
    return new URL(referer).origin
  }
  catch {
    return undefined
  }
}

export function createCtx(core: Core, event: H3Event, init: { method: string, path: string, query: Record<string, string>, body: Record<string, string>, selfOrigin: string }): Ctx {
  const cookieId = getCookie(event, CLIENT_COOKIE)
  const tokens: TokenContext = {
    issuer: core.frontendApiHost !== 'clerk.emulator.invalid' ? `https://${core.frontendApiHost}` : `${init.selfOrigin}${core.basePath}`,
    azp: callerOrigin(event),
  }
  const ctx: Ctx = {
    core,
    event,
    ...init,
    params: [],
    tokens,
    client: cookieId ? core.store.clients.get(cookieId) ?? null : null,
    ensureClient() {
      if (ctx.client) return ctx.client
      const now = core.now()
      const client: ClientRecord = { id: newId('client'), createdAt: now, updatedAt: now, signInId: null, sessionIds: [], lastActiveSessionId: null, trustedUserIds: new Set() }
      core.store.clients.set(client.id, client)
      setCookie(event, CLIENT_COOKIE, client.id, {
        httpOnly: true,
        path: core.basePath || '/',
        sameSite: 'lax',
        maxAge: 365 * 86_400,
        secure: init.selfOrigin.startsWith('https:'),
      })
      ctx.client = client
      return client
    },
    async envelope(response) {
      return { response, client: ctx.client ? await clientJson(ctx.client, core, tokens) : null }
    },
  }
  return ctx
}

/** Only loopback, the emulator itself and allowed origins: no open redirect. */
export function safeRedirect(ctx: Ctx, value: string | undefined): string | null {
  if (!value) return null
  try {
    const url = new URL(value, ctx.selfOrigin)
    const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
    const allowed = url.origin === ctx.selfOrigin || ctx.core.allowedOrigins.includes(url.origin) || local
    return allowed && /^https?:$/.test(url.protocol) ? url.toString() : null
  }
  catch {
    return null
  }
}
