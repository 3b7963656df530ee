/** Options of {@link safeRedirect}. */
export interface SafeRedirectOptions {
  /** The app's own origin (`https://app.example.com`); absolute URLs on it are allowed. */
  origin?: string
  /** Other origins that absolute URLs may point to. */
  allowedOrigins?: readonly string[]
  /** Returned when `url` is refused. @default '/' */
  fallback?: string
}

// Control characters, whitespace (Unicode too), zero-width characters and backslashes:
// browsers strip or rewrite them while parsing, which is how `/\evil.com` or
// `/\t/evil.com` escape; nothing legitimate needs them in a redirect.
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARS = /[\u0000-\u0020\u007F-\u00A0\u1680\u180E\u2000-\u200F\u2028-\u202F\u205F-\u206F\u3000\uFEFF\\]/

function decodeRepeatedly(value: string): string | null {
  let current = value
  for (let i = 0; i < 3; i++) {
    let next: string
    try {
      next = decodeURIComponent(current)
    }
    catch {
      return null
    }
    if (next === current) return current
    current = next
  }
  return current
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin
  }
  catch {
    return null
  }
}

// Dot segments collapse while resolving: `/.//evil.com` and `/a/..//evil.com` become the
// protocol-relative `//evil.com`, so the check runs on the resolved path, not only the input.
function asPath(resolved: URL, fallback: string): string {
  return resolved.pathname.startsWith('//') ? fallback : resolved.pathname + resolved.search + resolved.hash
}

/**
 * Returns `url` when it stays on the app (a same-origin path or an allowed
 * origin), else `fallback`. Refuses protocol-relative (`//evil`), backslash,
 * `javascript:`, scheme-only (`https:evil`) and percent-encoded variants.
 */
export function safeRedirect(url: unknown, options: SafeRedirectOptions = {}): string {
  const fallback = options.fallback ?? '/'
  if (typeof url !== 'string' || url === '' || url.length > 2048) return fallback
  const decoded = decodeRepeatedly(url)
  if (decoded === null || UNSAFE_CHARS.test(url) || UNSAFE_CHARS.test(decoded)) return fallback

  if (url.startsWith('/')) {
    if (url.startsWith('//') || decoded.startsWith('//')) return fallback
    // Resolve against a dummy origin to be sure the browser sees a path.
    const resolved = new URL(url, 'http://local.invalid')
    if (resolved.origin !== 'http://local.invalid') return fallback
    return asPath(resolved, fallback)
  }

  if (!/^https?:\/\//i.test(url)) return fallback
  const target = originOf(url)
  if (!target) return fallback
  // `https://app.example.com@evil.com` and friends: no legitimate redirect carries credentials.
  const { username, password } = new URL(url)
  if (username || password) return fallback
  const own = options.origin ? originOf(options.origin) : null
  if (own && target === own) {
    return asPath(new URL(url), fallback)
  }
  const allowed = (options.allowedOrigins ?? []).map(originOf).filter(Boolean)
  return allowed.includes(target) ? new URL(url).href : fallback
}

/** The query parameter Clerk's own components use for "where to go after sign-in". */
export const REDIRECT_URL_PARAM = 'redirect_url'

/** The raw `redirect_url` of a query string (`?a=1&redirect_url=%2Fx`), or `null`. Not validated: pass it to {@link safeRedirect}. */
export function redirectUrlFromSearch(search: string | null | undefined): string | null {
  if (!search) return null
  try {
    return new URLSearchParams(search).get(REDIRECT_URL_PARAM)
  }
  catch {
    return null
  }
}

function parses(value: string, base: string): boolean {
  try {
    void new URL(value, base)
    return true
  }
  catch {
    return false
  }
}

/**
 * `search` without the `redirect_url` values that are no URL at all, or `null` when none is
 * there. clerk-js 6.40 parses `redirect_url` with `new URL()` while it loads and throws on
 * `http://127.0.0.1:3000.evil.test/` (a port that is not one): a crafted link then keeps Clerk
 * from ever loading. Parseable values stay, safe or not: {@link afterSignInTarget} judges them.
 */
export function withoutUnparseableRedirect(search: string, base: string): string | null {
  const params = new URLSearchParams(search)
  const values = params.getAll(REDIRECT_URL_PARAM)
  if (values.every(value => parses(value, base))) return null
  params.delete(REDIRECT_URL_PARAM)
  for (const value of values.filter(value => parses(value, base))) params.append(REDIRECT_URL_PARAM, value)
  const rest = params.toString()
  return rest ? `?${rest}` : ''
}

/** Whether `value` is a bare http(s) origin (`https://app.example.com`, no path, query or credentials). */
export function isOrigin(value: unknown): value is string {
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value)) return false
  try {
    const url = new URL(value)
    // Hosts of letters, digits, dots and dashes (or an IPv6 literal): no wildcard, no look-alike tricks.
    const plainHost = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])$/.test(url.hostname)
    return plainHost && !url.username && !url.password && url.origin === value.replace(/\/$/, '').toLowerCase()
  }
  catch {
    return false
  }
}

/** Inputs of {@link afterSignInTarget}. */
export interface AfterSignInTargetOptions {
  /** What the page asked for: the `redirectUrl` option or the `redirect_url` query parameter; untrusted. */
  requested?: string | null
  /** The app's own choice, used when `requested` is absent or refused. */
  afterSignInUrl: string
  /** The app's origin. */
  origin: string
  /** Other origins a redirect may go to. */
  allowedOrigins?: readonly string[]
}

/**
 * Where to go after sign-in: `requested` when it stays on the app (a same-origin
 * path or an allowed origin), else `afterSignInUrl` (itself checked, else `/`).
 */
export function afterSignInTarget(options: AfterSignInTargetOptions): string {
  const { origin, allowedOrigins } = options
  const fallback = safeRedirect(options.afterSignInUrl, { origin, allowedOrigins, fallback: '/' })
  return options.requested ? safeRedirect(options.requested, { origin, allowedOrigins, fallback }) : fallback
}

/** The URL settings an app configures (a subset of its settings). */
export interface ConfiguredUrls {
  afterSignInUrl: string
  tasksUrl: string
  resetPasswordUrl: string
  taskUrls: Readonly<Record<string, string>>
  allowedRedirectOrigins: readonly string[]
}

/**
 * Where a destination may point besides the app's own origin: the origins the app lists, and
 * those of the absolute URLs it configures itself (a `?redirect_url=` is chosen by whoever wrote
 * the link, a setting by the app).
 */
export function configuredOrigins(urls: ConfiguredUrls): string[] {
  const own = [urls.afterSignInUrl, urls.tasksUrl, urls.resetPasswordUrl, ...Object.values(urls.taskUrls)]
  return [...urls.allowedRedirectOrigins, ...own.filter(url => /^https?:\/\//i.test(url))]
}
