import { appendResponseHeader } from 'h3'
import type { EmulatorRequest } from '../http/request'
import { buildHandshakeRedirect } from './handshakeRedirect'
import { sessionClaims } from './resources'
import { isLive } from '../state/store'
import { clerkError } from '../http/wire'
import type { Route } from '../http/route'
import { Reply } from '../http/route'

function originOf(value: string | undefined): string | undefined {
  try {
    return value ? new URL(value).origin : undefined
  }
  catch {
    return undefined
  }
}

/** @clerk/backend's dev-instance handshake (SSR): hands the page the cookies of this client's session. */
async function handshake(req: EmulatorRequest) {
  const { emulator, client } = req
  const sessionId = client?.lastActiveSessionId
  const session = sessionId ? emulator.store.sessions.get(sessionId) : undefined
  const active = isLive(session) ? session : undefined
  const now = emulator.now()
  const sessionJwt = active
    ? await emulator.signer.sessionToken(sessionClaims(active, emulator, req.tokens, originOf(req.query.redirect_url) ?? req.tokens.azp))
    : null
  const { privateKey, kid } = await emulator.signer.signingKey()
  const result = await buildHandshakeRedirect({
    redirectUrl: req.query.redirect_url,
    emulatorOrigin: req.selfOrigin,
    allowedOrigins: emulator.allowedOrigins,
    publishableKey: emulator.publishableKey,
    sessionJwt,
    clientUat: client ? Math.floor(client.updatedAt / 1000) : 0,
    privateKey,
    kid,
    devBrowserToken: req.query.__clerk_db_jwt,
    now,
  })
  if (result.status !== 307) throw clerkError(400, 'handshake_invalid', result.error ?? 'Invalid handshake request.', { param_name: 'redirect_url' })
  // Each cookie needs its own Set-Cookie header.
  for (const cookie of result.setCookies) appendResponseHeader(req.event, 'set-cookie', cookie)
  return new Reply(307, null, { 'location': result.location, 'cache-control': result.cacheControl })
}

export const handshakeRoutes: Route[] = [
  { method: 'GET', pattern: /^\/v1\/client\/handshake$/, handler: handshake },
]
