import type { EmulatorRequest } from '../http/request'
import { safeRedirect } from '../http/request'
import { environmentJson } from './environment'
import { clientJson } from './resources'
import type { Route } from '../http/route'
import { Reply } from '../http/route'

async function getClient(req: EmulatorRequest) {
  const client = req.client ? await clientJson(req.client, req.emulator, req.tokens) : null
  return { response: client, client }
}

async function createClient(req: EmulatorRequest) {
  req.ensureClient()
  return req.envelope(await clientJson(req.ensureClient(), req.emulator, req.tokens))
}

function endSessions(req: EmulatorRequest): void {
  const client = req.client
  if (!client) return
  for (const id of client.sessionIds) {
    const session = req.emulator.store.sessions.get(id)
    if (session) session.status = 'ended'
  }
  client.sessionIds = []
  client.lastActiveSessionId = null
  client.signInId = null
  client.updatedAt = req.emulator.now()
}

/**
 * `DELETE /v1/client/sessions` (clerk-js `client.removeSessions()`, its default sign-out): ends
 * every session "without removing the __client cookie" (OpenAPI operation
 * `removeClientSessionsAndRetainCookie`), so the client and its trust stay.
 */
export async function endAllSessions(req: EmulatorRequest) {
  endSessions(req)
  const json = req.client ? await clientJson(req.client, req.emulator, req.tokens) : null
  return { response: json, client: json }
}

/**
 * `DELETE /v1/client` (clerk-js `client.destroy()`, sign-out with `persistClient: false`): ends
 * the sessions and the client itself. Unlike `…/sessions` the cookie goes, so the browser is a
 * new client next time and its trust is gone (OpenAPI `deleteClientSessions` against
 * `removeClientSessionsAndRetainCookie`).
 */
async function destroyClient(req: EmulatorRequest) {
  endSessions(req)
  const json = req.client ? await clientJson(req.client, req.emulator, req.tokens) : null
  req.forgetClient()
  return { response: json, client: null }
}

function touchRedirect(req: EmulatorRequest) {
  return new Reply(302, null, { location: safeRedirect(req, req.query.redirect_url) ?? `${req.selfOrigin}/` })
}

function environment(req: EmulatorRequest) {
  const origin = req.tokens.azp ?? req.selfOrigin
  return environmentJson(req.emulator.instance, origin)
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
