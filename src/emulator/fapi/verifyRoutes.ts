import type { EmulatorRequest } from '../http/request'
import { completeSignIn, isAbandoned } from './signInMachine'
import { escapeHtml } from '../http/wire'
import type { Route } from '../http/route'
import { Reply } from '../http/route'

function page(title: string, text: string, status = 200): Reply {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>`
    + `<body><main><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></main></body></html>`
  return new Reply(status, html, { 'content-type': 'text/html; charset=utf-8' })
}

/** The email link: opening it verifies the sign-in of the client that asked for it, from any browser. */
function verifyLink(req: EmulatorRequest) {
  const token = req.query.token ?? ''
  const store = req.emulator.store
  const signInId = token ? store.linkTokens.get(token) : undefined
  const signIn = signInId ? store.signIns.get(signInId) : undefined
  const v = signIn?.secondFactor
  if (!signIn || !v || v.linkToken !== token) return page('Link not valid', 'This link is not valid or was already used.', 404)
  const client = store.clients.get(signIn.clientId)
  // Once expired, always expired: lifting `expireCodes` later must not revive the link.
  const expired = v.status === 'expired' || !client || isAbandoned(req, signIn) || req.emulator.scenario.expireCodes || (v.expireAt !== null && req.emulator.now() >= v.expireAt)
  if (expired) v.status = 'expired'
  else {
    v.status = 'verified'
    v.linkToken = null
    // The browser that opened the link: clerk-js's `verifiedFromTheSameClient()` compares it
    // with its own client id (clerk/javascript `packages/clerk-js/src/core/resources/Verification.ts`).
    v.verifiedAtClient = req.client?.id ?? ''
    store.linkTokens.delete(token)
    completeSignIn(req, signIn, client)
  }
  // Like FAPI: back to the app's page with the outcome in `__clerk_status` (303: the browser follows with a GET).
  if (v.redirectUrl) {
    const url = new URL(v.redirectUrl)
    url.searchParams.set('__clerk_status', expired ? 'expired' : 'verified')
    if (!expired && signIn.createdSessionId) url.searchParams.set('__clerk_created_session', signIn.createdSessionId)
    return new Reply(303, null, { location: url.toString() })
  }
  if (expired) return page('Link expired', 'This link has expired. Request a new one.', 410)
  return page('Signed in', 'You can close this tab and return to the sign-in.')
}

export const verifyRoutes: Route[] = [
  { method: 'GET', pattern: /^\/v1\/verify$/, handler: verifyLink },
]
