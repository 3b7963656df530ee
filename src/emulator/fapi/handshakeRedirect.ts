import { SignJWT, decodeJwt } from 'jose'
import type { CryptoKey, KeyObject } from 'jose'

/**
 * Answer to Clerk's server-side "handshake", `GET <proxyUrl>/v1/client/handshake`.
 *
 * Who calls it: `authenticateRequest` of @clerk/backend (run by @clerk/nuxt's server
 * middleware on every request). When a *document* GET (`Sec-Fetch-Dest: document`, or no
 * `Sec-Fetch-Dest` and `Accept: text/html…`) carries cookies it cannot trust — no dev-browser
 * cookie on a `pk_test_` instance, an expired `__session`, `__session` without `__client_uat`,
 * `__client_uat` > 0 without `__session`, or a `__session` whose `iat` is older than
 * `__client_uat` — it answers 307 to
 *
 *   `<origin><proxyUrl>/v1/client/handshake?redirect_url=<page>&__clerk_api_version=2026-05-12`
 *   `&suffixed_cookies=<bool>&__clerk_hs_reason=<reason>&format=nonce[&__session=<jwt>][&__clerk_db_jwt=<dvb>]`
 *
 * and sets `__clerk_redirect_count` (Max-Age=2; after 3 hops it gives up and renders signed-out).
 * A relative `proxyUrl` is made absolute with the request origin.
 *
 * What the page must get back: a consistent cookie set on the app origin, then a redirect to
 * `redirect_url`:
 * - signed in: `__session=<fresh session JWT>` and `__client_uat=<seconds>` with
 *   `__client_uat` <= the JWT's `iat` (otherwise: handshake reason `session-token-iat-before-client-uat`);
 * - signed out: `__session` deleted and `__client_uat=0`;
 * - development instances (`pk_test_`): also `__clerk_db_jwt=<any non-empty value>`: @clerk/backend
 *   never verifies it, but without it every document request is a `dev-browser-missing` handshake.
 * Every cookie is written twice, plain and `_<suffix>` (suffix = first 8 chars of
 * base64url(sha1(publishable key))): @clerk/backend prefers the suffixed copies in some states,
 * and stale suffixed copies left by clerk-js would otherwise win over fresh plain ones.
 * Cookies are `Path=/; SameSite=Lax`, never `HttpOnly` (clerk-js rewrites them with
 * `document.cookie`), `Secure` only when the page is https (browsers drop `Secure` cookies set
 * over http), host-only like the `__session` cookie clerk-js writes.
 *
 * Two ways to deliver them:
 * - `cookie` (same origin only, the default when `redirect_url` is on `emulatorOrigin`): the
 *   emulator's own 307 sets the cookies and redirects to `redirect_url` unchanged. No token at all,
 *   and the app's next request simply authenticates. Real FAPI cannot do this (other domain);
 *   a same-origin `proxyUrl` can.
 * - `query` (cross-origin emulator): redirect to `redirect_url?__clerk_handshake=<JWT>`, the JWT
 *   RS256-signed by the session-token key (verified with `jwtKey`; `typ` must be `JWT` or absent,
 *   no `cat` header) with payload `{ handshake: [<Set-Cookie strings>] }`. @clerk/backend applies
 *   them; on development instances it then 307s to the URL without `__clerk_handshake`. On
 *   production instances it renders at once, and @clerk/nuxt 3.0.16 copies the headers with
 *   `setResponseHeader`, which keeps only the last `Set-Cookie`: avoid `query` with `pk_live_`.
 * `format=nonce` is ignored on purpose: a nonce makes @clerk/backend fetch the payload from the
 * Backend API (`GET {apiUrl}/v1/clients/handshake_payload`), which does not exist offline.
 *
 * Mount the handshake route in front of @clerk/nuxt's middleware: the navigation to it is itself
 * a document request and would otherwise be sent to the handshake again.
 */
export interface HandshakeInput {
  /** The `redirect_url` query parameter as received (absolute URL of the page). */
  redirectUrl: string | null | undefined
  /** Origin the emulator is served from, e.g. `http://localhost:3000`. */
  emulatorOrigin: string
  /** Origins `redirect_url` may point to; `emulatorOrigin` is always allowed. */
  allowedOrigins?: string[]
  /** The app's publishable key: gives the instance type and the cookie suffix. */
  publishableKey: string
  /** A freshly signed session token of the client's active session, or `null` when signed out. */
  sessionJwt: string | null
  /** `floor(client.updated_at / 1000)`, what clerk-js writes as `__client_uat` on development instances. */
  clientUat: number
  /** Key that signs session tokens; signs the handshake token in `query` mode. */
  privateKey: CryptoKey | KeyObject
  /** `kid` of that key. */
  kid: string
  /** `__clerk_db_jwt` from the query or cookies; a new `dvb_…` value is made when absent. */
  devBrowserToken?: string | null
  /** @default 'auto': `cookie` when `redirect_url` is on `emulatorOrigin`, else `query`. */
  transport?: 'auto' | 'cookie' | 'query'
  /** Clock in epoch milliseconds. @default Date.now() */
  now?: number
}

export interface HandshakeResult {
  /** 307, or 400 when `redirect_url` is missing, malformed or on a foreign origin. */
  status: number
  /** Empty when status is 400. */
  location: string
  /** Each entry is one `Set-Cookie` header value: append them, never join or overwrite. */
  setCookies: string[]
  /** Always `no-store`. */
  cacheControl: string
  /** Why status is 400. */
  error?: string
}

const YEAR_SECONDS = 365 * 24 * 60 * 60

/** First 8 chars of base64url(sha1(publishable key)), as @clerk/shared `getCookieSuffix`. */
export async function clerkCookieSuffix(publishableKey: string): Promise<string> {
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-1', new TextEncoder().encode(publishableKey)))
  let binary = ''
  for (const byte of digest) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').substring(0, 8)
}

function randomDevBrowserToken(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(27))
  let out = 'dvb_'
  for (const byte of bytes) out += alphabet[byte % alphabet.length]
  return out
}

function parseRedirect(redirectUrl: string | null | undefined, allowed: string[]): URL | string {
  if (!redirectUrl) return 'redirect_url is required'
  let url: URL
  try {
    url = new URL(redirectUrl)
  }
  catch {
    return 'redirect_url must be an absolute URL'
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'redirect_url must be http(s)'
  if (!allowed.includes(url.origin)) return `redirect_url origin ${url.origin} is not allowed`
  return url
}

/** Builds the emulator's answer to `GET <proxy>/v1/client/handshake`; see the interface docs above. */
export async function buildHandshakeRedirect(input: HandshakeInput): Promise<HandshakeResult> {
  const emulatorOrigin = new URL(input.emulatorOrigin).origin
  const allowed = [emulatorOrigin, ...(input.allowedOrigins ?? []).map(o => new URL(o).origin)]
  const target = parseRedirect(input.redirectUrl, allowed)
  if (typeof target === 'string') {
    return { status: 400, location: '', setCookies: [], cacheControl: 'no-store', error: target }
  }

  const development = !input.publishableKey.startsWith('pk_live_')
  const suffix = await clerkCookieSuffix(input.publishableKey)
  const attrs = `Path=/; SameSite=Lax${target.protocol === 'https:' ? '; Secure' : ''}`
  const keep = (name: string, value: string) => [
    `${name}=${value}; ${attrs}; Max-Age=${YEAR_SECONDS}`,
    `${name}_${suffix}=${value}; ${attrs}; Max-Age=${YEAR_SECONDS}`,
  ]
  const drop = (name: string) => [
    `${name}=; ${attrs}; Max-Age=0`,
    `${name}_${suffix}=; ${attrs}; Max-Age=0`,
  ]

  const directives: string[] = []
  if (input.sessionJwt) {
    const iat = decodeJwt(input.sessionJwt).iat
    // @clerk/backend handshakes again when the token's iat is older than __client_uat.
    const uat = typeof iat === 'number' ? Math.min(Math.floor(input.clientUat), iat) : Math.floor(input.clientUat)
    directives.push(...keep('__session', input.sessionJwt), ...keep('__client_uat', String(Math.max(uat, 1))))
  }
  else {
    directives.push(...drop('__session'), ...keep('__client_uat', '0'))
  }
  if (development) {
    directives.push(...keep('__clerk_db_jwt', input.devBrowserToken || randomDevBrowserToken()))
  }

  const transport = input.transport && input.transport !== 'auto'
    ? input.transport
    : target.origin === emulatorOrigin ? 'cookie' : 'query'

  const location = new URL(target)
  // Never hand back a stale handshake to the app.
  for (const p of ['__clerk_handshake', '__clerk_handshake_nonce', '__clerk_help', '__clerk_db_jwt']) location.searchParams.delete(p)

  if (transport === 'cookie') {
    return { status: 307, location: location.href, setCookies: directives, cacheControl: 'no-store' }
  }

  const nowSeconds = Math.floor((input.now ?? Date.now()) / 1000)
  const token = await new SignJWT({ handshake: directives })
    .setProtectedHeader({ alg: 'RS256', kid: input.kid, typ: 'JWT' })
    .setIssuedAt(nowSeconds)
    .setNotBefore(nowSeconds - 10)
    .setExpirationTime(nowSeconds + 60)
    .sign(input.privateKey)
  location.searchParams.set('__clerk_handshake', token)
  return { status: 307, location: location.href, setCookies: [], cacheControl: 'no-store' }
}
