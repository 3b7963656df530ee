import type { EmulatorRequest } from '../http/request'
import { sessionClaims, sessionJson } from './resources'
import type { StoredSession } from '../state/store'
import { isLive } from '../state/store'
import { clerkError, notFound } from '../http/wire'
import type { Route } from '../http/route'

function loadSession(req: EmulatorRequest, activeOnly = true): StoredSession {
  const session = req.emulator.store.sessions.get(req.params[0] ?? '')
  // 404, not 401: a 401 would make clerk-js sign the whole client out.
  if (!session || !req.client || session.clientId !== req.client.id) throw notFound('session')
  // Except for a session revoked elsewhere (a password reset signed it out): signing this client
  // out is the point. clerk-js takes a 401 of a session request as "signed out": it fetches the
  // client, finds no session and clears its own (`handleUnauthenticated`). Clerk's code for a
  // request without an active session (clerk/clerk-docs `data/api_errors.json`).
  if (activeOnly && session.status === 'revoked') throw clerkError(401, 'authentication_invalid', 'Unable to authenticate the request, you need to supply an active session.')
  if (activeOnly && !isLive(session)) throw notFound('session')
  return session
}

async function getSession(req: EmulatorRequest) {
  return req.envelope(await sessionJson(loadSession(req, false), req.emulator, req.tokens))
}

async function touch(req: EmulatorRequest) {
  const session = loadSession(req)
  const now = req.emulator.now()
  session.lastActiveAt = now
  session.updatedAt = now
  if (req.client) req.client.lastActiveSessionId = session.id
  return req.envelope(await sessionJson(session, req.emulator, req.tokens))
}

async function tokens(req: EmulatorRequest) {
  const session = loadSession(req)
  const jwt = await req.emulator.signer.sessionToken(sessionClaims(session, req.emulator, req.tokens))
  return { object: 'token', jwt }
}

function endOne(status: 'ended' | 'removed') {
  return async (req: EmulatorRequest) => {
    const session = loadSession(req, false)
    session.status = status
    session.updatedAt = req.emulator.now()
    const client = req.client
    if (client) {
      client.sessionIds = client.sessionIds.filter(id => id !== session.id)
      if (client.lastActiveSessionId === session.id) client.lastActiveSessionId = null
    }
    return req.envelope(await sessionJson(session, req.emulator, req.tokens))
  }
}

export const sessionRoutes: Route[] = [
  { method: 'GET', pattern: /^\/v1\/client\/sessions\/([^/]+)$/, handler: getSession },
  { method: 'POST', pattern: /^\/v1\/client\/sessions\/([^/]+)\/touch$/, handler: touch },
  { method: 'POST', pattern: /^\/v1\/client\/sessions\/([^/]+)\/tokens$/, handler: tokens },
  { method: 'POST', pattern: /^\/v1\/client\/sessions\/([^/]+)\/end$/, handler: endOne('ended') },
  { method: 'POST', pattern: /^\/v1\/client\/sessions\/([^/]+)\/remove$/, handler: endOne('removed') },
]
