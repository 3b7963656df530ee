import type { Ctx } from '../http/request'
import { safeRedirect } from '../http/request'
import { environmentJson } from './environment'
import { clientJson } from './resources'
import type { Route } from '../http/route'
import { Reply } from '../http/route'

async function getClient(ctx: Ctx) {
  const client = ctx.client ? await clientJson(ctx.client, ctx.core, ctx.tokens) : null
  return { response: client, client }
}

async function createClient(ctx: Ctx) {
  ctx.ensureClient()
  return ctx.envelope(await clientJson(ctx.ensureClient(), ctx.core, ctx.tokens))
}

function endSessions(ctx: Ctx): void {
  const client = ctx.client
  if (!client) return
  for (const id of client.sessionIds) {
    const session = ctx.core.store.sessions.get(id)
    if (session) session.status = 'ended'
  }
  client.sessionIds = []
  client.lastActiveSessionId = null
  client.signInId = null
  client.updatedAt = ctx.core.now()
}

/**
 * `DELETE /v1/client/sessions` (clerk-js `client.removeSessions()`, its default sign-out): ends
 * every session "without removing the __client cookie" (OpenAPI operation
 * `removeClientSessionsAndRetainCookie`), so the client and its trust stay.
 */
export async function endAllSessions(ctx: Ctx) {
  endSessions(ctx)
  const json = ctx.client ? await clientJson(ctx.client, ctx.core, ctx.tokens) : null
  return { response: json, client: json }
}

/**
 * `DELETE /v1/client` (clerk-js `client.destroy()`, sign-out with `persistClient: false`): ends
 * the sessions and the client itself. Unlike `…/sessions` the cookie goes, so the browser is a
 * new client next time and its trust is gone (OpenAPI `deleteClientSessions` against
 * `removeClientSessionsAndRetainCookie`).
 */
async function destroyClient(ctx: Ctx) {
  endSessions(ctx)
  const json = ctx.client ? await clientJson(ctx.client, ctx.core, ctx.tokens) : null
  ctx.forgetClient()
  return { response: json, client: null }
}

function touchRedirect(ctx: Ctx) {
  return new Reply(302, null, { location: safeRedirect(ctx, ctx.query.redirect_url) ?? `${ctx.selfOrigin}/` })
}

function environment(ctx: Ctx) {
  const origin = ctx.tokens.azp ?? ctx.selfOrigin
  return environmentJson(ctx.core.instance, origin)
}

export const clientRoutes: Route[] = [
  { method: 'GET', pattern: /^\/v1\/environment$/, handler: environment },
  { method: 'PATCH', pattern: /^\/v1\/environment$/, handler: environment },
  { method: 'GET', pattern: /^\/v1\/client$/, handler: getClient },
  { method: 'PUT', pattern: /^\/v1\/client$/, handler: createClient },
  { method: 'POST', pattern: /^\/v1\/client$/, handler: createClient },
  { method: 'DELETE', pattern: /^\/v1\/client$/, handler: destroyClient },
  { method: 'DELETE', pattern: /^\/v1\/client\/sessions$/, handler: endAllSessions },
  { method: 'GET', pattern: /^\/v1\/client\/touch$/, handler: touchRedirect },
]
