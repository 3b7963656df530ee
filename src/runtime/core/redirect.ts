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
    return resolved.pathname + resolved.search + resolved.hash
  }

  if (!/^https?:\/\//i.test(url)) return fallback
  const target = originOf(url)
  if (!target) return fallback
  // `https://app.example.com@evil.com` and friends: no legitimate redirect carries credentials.
  const { username, password } = new URL(url)
  if (username || password) return fallback
  const own = options.origin ? originOf(options.origin) : null
  if (own && target === own) {
    const parsed = new URL(url)
    return parsed.pathname + parsed.search + parsed.hash
  }
  const allowed = (options.allowedOrigins ?? []).map(originOf).filter(Boolean)
  return allowed.includes(target) ? new URL(url).href : fallback
}
