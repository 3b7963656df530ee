import type { Ctx } from '../http/request'
import { sessionClaims, sessionJson } from './resources'
import type { SessionRecord } from '../state/store'
import { isLive } from '../state/store'
import { notFound } from '../http/wire'
import type { Route } from '../http/route'

function loadSession(ctx: Ctx, activeOnly = true): SessionRecord {
  const session = ctx.core.store.sessions.get(ctx.params[0] ?? '')
  // 404, not 401: a 401 would make clerk-js sign the whole client out.
  if (!session || !ctx.client || session.clientId !== ctx.client.id) throw notFound('session')
  if (activeOnly && !isLive(session)) throw notFound('session')
  return session
}

async function getSession(ctx: Ctx) {
  return ctx.envelope(await sessionJson(loadSession(ctx, false), ctx.core, ctx.tokens))
}

async function touch(ctx: Ctx) {
  const session = loadSession(ctx)
  const now = ctx.core.now()
  session.lastActiveAt = now
  session.updatedAt = now
  if (ctx.client) ctx.client.lastActiveSessionId = session.id
  return ctx.envelope(await sessionJson(session, ctx.core, ctx.tokens))
}

async function tokens(ctx: Ctx) {
  const session = loadSession(ctx)
  const jwt = await ctx.core.signer.sessionToken(sessionClaims(session, ctx.core, ctx.tokens))
  return { object: 'token', jwt }
}

function endOne(status: 'ended' | 'removed') {
  return async (ctx: Ctx) => {
    const session = loadSession(ctx, false)
    session.status = status
    session.updatedAt = ctx.core.now()
    const client = ctx.client
    if (client) {
      client.sessionIds = client.sessionIds.filter(id => id !== session.id)
      if (client.lastActiveSessionId === session.id) client.lastActiveSessionId = null
    }
    return ctx.envelope(await sessionJson(session, ctx.core, ctx.tokens))
  }
}

export const sessionRoutes: Route[] = [
  { method: 'GET', pattern: /^\/v1\/client\/sessions\/([^/]+)$/, handler: getSession },
  { method: 'POST', pattern: /^\/v1\/client\/sessions\/([^/]+)\/touch$/, handler: touch },
  { method: 'POST', pattern: /^\/v1\/client\/sessions\/([^/]+)\/tokens$/, handler: tokens },
  { method: 'POST', pattern: /^\/v1\/client\/sessions\/([^/]+)\/end$/, handler: endOne('ended') },
  { method: 'POST', pattern: /^\/v1\/client\/sessions\/([^/]+)\/remove$/, handler: endOne('removed') },
]
