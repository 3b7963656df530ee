import { randomBytes } from 'node:crypto'
import type { H3Event } from 'h3'
import { deleteCookie, getCookie, getRequestHeader, setCookie } from 'h3'
import { openClientCookie, sameSecret, sealClientCookie } from './clientCookie'
import type { EmulatorState } from '../state/emulatorState'
import type { TokenContext } from '../fapi/resources'
import { clientJson } from '../fapi/resources'
import type { StoredClient } from '../state/store'
import { newHits, newId } from '../state/store'

/** Cookie that tells browsers (clients) apart, like real FAPI's `__client` on its own origin (see clientCookie.ts). */
export const CLIENT_COOKIE = '__client'

/** Everything a route needs about the request being answered. */
export interface EmulatorRequest {
  emulator: EmulatorState
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
  client: StoredClient | null
  /**
   * The caller's IP address as the connection gives it. Headers a caller writes
   * (`X-Forwarded-For`, `Forwarded`, `X-Real-IP`) are never read: the emulator answers loopback
   * only, so no proxy stands in front of it whose word could be taken, and a header would let a
   * caller choose its own rate-limit budget.
   */
  ip: string
  ensureClient(): StoredClient
  /** Forgets the caller's client and drops its cookie: the next call starts a new client (a new device). */
  forgetClient(): void
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

/** `::ffff:127.0.0.1` and `127.0.0.1` are one caller. */
function socketAddress(event: H3Event): string {
  const address = event.node.req.socket?.remoteAddress
  return address ? address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '') : 'unknown'
}

/** The client the cookie names, if the cookie is ours and its secret still matches. */
function clientOf(emulator: EmulatorState, event: H3Event): StoredClient | null {
  const opened = openClientCookie(emulator.cookieKey, getCookie(event, CLIENT_COOKIE))
  const client = opened ? emulator.store.clients.get(opened.id) : undefined
  return client && opened && sameSecret(client.rotatingToken, opened.rotatingToken) ? client : null
}

export function createEmulatorRequest(emulator: EmulatorState, event: H3Event, init: { method: string, path: string, query: Record<string, string>, body: Record<string, string>, selfOrigin: string }): EmulatorRequest {
  const tokens: TokenContext = {
    // The publishable key's Frontend API host, never the emulator's own origin: @clerk/backend
    // keeps a session token only when `iss` (scheme stripped) equals that host
    // (`tokenBelongsToInstance` in clerk/javascript `packages/backend/src/tokens/authenticateContext.ts`).
    issuer: `https://${emulator.frontendApiHost}`,
    azp: callerOrigin(event),
  }
  const cookieOptions = { httpOnly: true, path: emulator.basePath || '/', sameSite: 'lax' as const, secure: init.selfOrigin.startsWith('https:') }
  const req: EmulatorRequest = {
    emulator,
    event,
    ...init,
    params: [],
    tokens,
    client: clientOf(emulator, event),
    ip: socketAddress(event),
    ensureClient() {
      if (req.client) return req.client
      const now = emulator.now()
      const client: StoredClient = {
        id: newId('client'),
        createdAt: now,
        updatedAt: now,
        signInId: null,
        sessionIds: [],
        lastActiveSessionId: null,
        trustedUserIds: new Set(),
        rotatingToken: randomBytes(24).toString('base64url'),
        hits: newHits(),
      }
      emulator.store.clients.set(client.id, client)
      setCookie(event, CLIENT_COOKIE, sealClientCookie(emulator.cookieKey, client.id, client.rotatingToken), { ...cookieOptions, maxAge: 365 * 86_400 })
      req.client = client
      return client
    },
    forgetClient() {
      if (req.client) emulator.store.clients.delete(req.client.id)
      req.client = null
      deleteCookie(event, CLIENT_COOKIE, cookieOptions)
    },
    async envelope(response) {
      return { response, client: req.client ? await clientJson(req.client, emulator, tokens) : null }
    },
  }
  return req
}

/** Only loopback, the emulator itself and allowed origins: no open redirect. */
export function safeRedirect(req: EmulatorRequest, value: string | undefined): string | null {
  if (!value) return null
  try {
    const url = new URL(value, req.selfOrigin)
    const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
    const allowed = url.origin === req.selfOrigin || req.emulator.allowedOrigins.includes(url.origin) || local
    return allowed && /^https?:$/.test(url.protocol) ? url.toString() : null
  }
  catch {
    return null
  }
}
