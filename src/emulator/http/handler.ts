import type { H3Event } from 'h3'
import { eventHandler, getQuery, getRequestHeader, getRequestURL, send, setResponseHeader, setResponseStatus } from 'h3'
import { controlRoutes } from '../control/controlRoutes'
import { clientRoutes } from '../fapi/clientRoutes'
import { handshakeRoutes } from '../fapi/handshakeRoutes'
import { resetPasswordRoutes } from '../fapi/resetPassword'
import { secondFactorRoutes } from '../fapi/secondFactorRoutes'
import { sessionRoutes } from '../fapi/sessionRoutes'
import { signInRoutes } from '../fapi/signInRoutes'
import { verifyRoutes } from '../fapi/verifyRoutes'
import { protectRoutes } from '../protect/protectRoutes'
import type { EmulatorState } from '../state/emulatorState'
import { pushBounded, MAX_REQUESTS } from '../state/store'
import { crossSiteReason, isLoopbackHost } from './guard'
import type { EmulatorRequest } from './request'
import { createEmulatorRequest } from './request'
import type { Route } from './route'
import { Reply } from './route'
import { ClerkHttpError, clerkError, errorBody, notFound, readForm, redact, tooManyRequests } from './wire'

const fapiRoutes: Route[] = [...clientRoutes, ...signInRoutes, ...resetPasswordRoutes, ...secondFactorRoutes, ...sessionRoutes, ...verifyRoutes, ...handshakeRoutes]
// Outside `/v1/`: not recorded as FAPI, and their POST is refused to other sites like the control routes'.
const otherRoutes: Route[] = [...controlRoutes, ...protectRoutes]

function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw)
  }
  catch {
    // `%ZZ`, `%C0`, a lone `%`: a 400 of ours, not a 500 `URI malformed`.
    throw clerkError(400, 'malformed_request_parameters', 'The request path contains a malformed percent-escape.')
  }
}

function match(routes: Route[], method: string, path: string): { route: Route, params: string[] } | { methodMismatch: true } | null {
  let pathMatched = false
  for (const route of routes) {
    const found = route.pattern.exec(path)
    if (!found) continue
    pathMatched = true
    if (route.method === method) return { route, params: found.slice(1).map(decodeParam) }
  }
  return pathMatched ? { methodMismatch: true } : null
}

function stringQuery(event: H3Event): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(getQuery(event))) {
    if (typeof value === 'string') out[key] = value
    else if (Array.isArray(value) && typeof value[0] === 'string') out[key] = value[0]
  }
  return out
}

function applyCors(emulator: EmulatorState, event: H3Event): void {
  const origin = getRequestHeader(event, 'origin')
  if (!origin || !emulator.allowedOrigins.includes(origin)) return
  setResponseHeader(event, 'access-control-allow-origin', origin)
  setResponseHeader(event, 'access-control-allow-credentials', 'true')
  // clerk-js reads both from every answer (`Base.ts`: `retryAfter` of a 429, `x-country` for phone
  // inputs); a page on another origin sees neither unless they are exposed.
  setResponseHeader(event, 'access-control-expose-headers', 'Retry-After, X-Country')
  setResponseHeader(event, 'vary', 'Origin')
}

async function write(event: H3Event, result: Record<string, unknown> | Reply): Promise<number> {
  const reply = result instanceof Reply ? result : new Reply(200, result)
  setResponseStatus(event, reply.status)
  for (const [key, value] of Object.entries(reply.headers)) setResponseHeader(event, key, value)
  if (reply.body === null) {
    await send(event, '')
  }
  else if (typeof reply.body === 'string' || Buffer.isBuffer(reply.body)) {
    await send(event, reply.body)
  }
  else {
    setResponseHeader(event, 'content-type', 'application/json')
    setResponseHeader(event, 'cache-control', 'no-store')
    await send(event, JSON.stringify(reply.body))
  }
  return reply.status
}

/** The failure scenarios of the sign-in routes (`limited`), checked before the route runs. */
function misbehave(emulator: EmulatorState): void {
  const { scenario } = emulator
  if (scenario.rateLimit) throw tooManyRequests(scenario.retryAfterSeconds)
  if (scenario.errorMessage) throw clerkError(422, 'emulated_error', scenario.errorMessage)
  if (scenario.malformed === 'json') throw new Reply(200, '{"response":{"object":"sign_in","id":', { 'content-type': 'application/json' })
  if (scenario.malformed === 'shape') throw new Reply(200, { response: ['not', 'a', 'sign-in'], client: 42 })
}

const SIGN_IN_PATH = /^\/v1\/client\/sign_ins\/([^/]+)/

/** Which sign-in a FAPI request was about, so the dashboard can show one sign-in's requests. */
function signInOf(path: string, req: EmulatorRequest | undefined): string | undefined {
  const inPath = SIGN_IN_PATH.exec(path)?.[1]
  if (inPath) return inPath
  // `POST /v1/client/sign_ins` names its sign-in only in the answer; the client holds it now.
  return path === '/v1/client/sign_ins' ? req?.client?.signInId ?? undefined : undefined
}

function errorCodeOf(reply: Reply): string | undefined {
  const body = reply.body as { errors?: Array<{ code?: unknown }> } | null
  const code = body && typeof body === 'object' && !Buffer.isBuffer(body) ? body.errors?.[0]?.code : undefined
  return typeof code === 'string' ? code : undefined
}

function errorReply(error: unknown, emulator: EmulatorState): Reply {
  if (error instanceof Reply) return error
  if (error instanceof ClerkHttpError) return new Reply(error.status, errorBody(error.item, error.more), error.headers)
  emulator.log(`internal error: ${error instanceof Error ? error.message : String(error)}`)
  const internal = clerkError(500, 'internal_clerk_error', 'Something went wrong in the emulator.')
  return new Reply(500, errorBody(internal.item))
}

/** One h3 handler for every emulator route, mounted at `<basePath>/**`. */
export function createHandler(emulator: EmulatorState) {
  return eventHandler(async (event) => {
    const headers = event.node.req.headers
    // First, before anything parses the Host: standalone, in `nuxi dev` and in test builds alike.
    if (!isLoopbackHost(headers.host)) {
      return write(event, new Reply(421, errorBody(clerkError(421, 'host_invalid', 'The Clerk emulator answers loopback hosts only (localhost, *.localhost, 127.0.0.1, [::1]).').item)))
    }
    const url = getRequestURL(event)
    let path = url.pathname
    if (emulator.basePath) {
      if (path !== emulator.basePath && !path.startsWith(`${emulator.basePath}/`)) return write(event, errorReply(notFound('route'), emulator))
      path = path.slice(emulator.basePath.length) || '/'
    }
    applyCors(emulator, event)
    const httpMethod = (event.node.req.method ?? 'GET').toUpperCase()
    if (httpMethod === 'OPTIONS') {
      setResponseHeader(event, 'access-control-allow-methods', 'GET, POST, PATCH, PUT, DELETE, OPTIONS')
      setResponseHeader(event, 'access-control-allow-headers', 'content-type, authorization')
      setResponseHeader(event, 'access-control-max-age', 600)
      return write(event, new Reply(204, null))
    }
    const query = stringQuery(event)
    const isFapi = path.startsWith('/v1/')
    // Clerk geolocates the caller's IP; a loopback caller is where the emulator says it is.
    if (isFapi) setResponseHeader(event, 'x-country', emulator.country)
    let body: Record<string, string> = {}
    let method = httpMethod
    const started = emulator.now()
    let req: EmulatorRequest | undefined
    const record = (status: number, errorCode?: string) => {
      if (!isFapi) return
      const signInId = signInOf(path, req)
      pushBounded(emulator.store.requests, { at: started, method, path, status, body: redact(body), ...(signInId ? { signInId } : {}), ...(errorCode ? { errorCode } : {}) }, MAX_REQUESTS)
    }
    try {
      // Control routes change the emulator for everyone: never on behalf of another site's page
      // (a `no-cors` fetch or a form post needs no preflight and used to reset it).
      if (!isFapi && httpMethod !== 'GET' && httpMethod !== 'HEAD') {
        const reason = crossSiteReason(headers, emulator.allowedOrigins)
        if (reason) throw clerkError(403, 'origin_invalid', `Control routes answer same-origin requests only (refused: ${reason}).`)
      }
      body = await readForm(event, emulator.maxBodyBytes)
      // clerk-js sends only GET and POST; `_method` carries PATCH/PUT/DELETE.
      const override = query._method ?? body._method
      if (override && httpMethod === 'POST') method = override.toUpperCase()
      if (isFapi && emulator.scenario.delayMs > 0) await new Promise(resolve => setTimeout(resolve, emulator.scenario.delayMs))
      if (isFapi && emulator.scenario.outage) {
        throw clerkError(503, 'service_unavailable', 'Clerk is temporarily unavailable (emulated outage). Please try again later.')
      }
      const found = match(isFapi ? fapiRoutes : otherRoutes, method, path)
      if (!found) throw notFound('route')
      if ('methodMismatch' in found) throw clerkError(405, 'method_not_allowed', `${method} is not allowed on ${path}.`)
      if (found.route.sameSiteOnly) {
        const reason = crossSiteReason(headers, emulator.allowedOrigins)
        if (reason) throw clerkError(403, 'origin_invalid', `This control route answers same-origin requests only (refused: ${reason}).`)
      }
      if (found.route.limited) misbehave(emulator)
      req = createEmulatorRequest(emulator, event, { method, path, query, body, selfOrigin: url.origin })
      req.params = found.params
      const result = await found.route.handler(req)
      const status = await write(event, result)
      record(status, result instanceof Reply ? errorCodeOf(result) : undefined)
    }
    catch (error) {
      const reply = errorReply(error, emulator)
      record(reply.status, errorCodeOf(reply))
      await write(event, reply)
    }
  })
}
