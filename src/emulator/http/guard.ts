// Who may talk to the emulator at all (loopback `Host` only), and who may change its state
// through the control routes (same origin only). The emulator signs anyone in with known
// passwords and lets `_scenario` put text into the next sign-in's error: a page on another
// site must not reach either.

/** A `Host` header, strictly: `name[:port]` or `[ipv6][:port]`; anything else is null. */
export function parseHost(value: string | undefined): { name: string, port: string | null } | null {
  if (!value) return null
  const match = /^(?:\[([0-9a-f:.]+)\]|([a-z0-9.-]+))(?::(\d{1,5}))?$/i.exec(value)
  // A port over 65535 would make `new URL()` throw later: refuse it here.
  if (!match || (match[3] !== undefined && Number(match[3]) > 65_535)) return null
  return { name: (match[1] ?? match[2] ?? '').toLowerCase(), port: match[3] ?? null }
}

/**
 * Names of this machine. Listening on loopback is not enough: a page on `evil.example` whose DNS
 * later answers 127.0.0.1 (DNS rebinding) would be "same-origin" with the emulator. `*.localhost`
 * names resolve to loopback by definition (RFC 6761) and cannot be registered by anyone.
 */
export function isLoopbackHost(value: string | undefined): boolean {
  const host = parseHost(value)
  if (!host) return false
  return host.name === '127.0.0.1' || host.name === '::1' || host.name === 'localhost' || host.name.endsWith('.localhost')
}

type Headers = Record<string, string | string[] | undefined>

const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

/**
 * Why a state-changing request must be refused as cross-site, or null when it may go on.
 * Browsers mark every cross-origin request, `no-cors` and form posts included: `Origin` (also
 * `null` from sandboxed frames and `file:` pages) and, in current browsers, `Sec-Fetch-Site`.
 * Requests from tools and tests (curl, Node's fetch) send neither and pass. Origins the
 * emulator was told to trust (`origin` option) pass too.
 */
export function crossSiteReason(headers: Headers, allowedOrigins: readonly string[]): string | null {
  const origin = header(headers, 'origin')
  if (origin && origin !== 'null' && allowedOrigins.includes(origin)) return null
  const site = header(headers, 'sec-fetch-site')
  if (site && site !== 'same-origin' && site !== 'none') return `Sec-Fetch-Site: ${site}`
  if (origin === undefined) return null
  if (origin === 'null') return 'Origin: null'
  let host: string
  try {
    host = new URL(origin).host
  }
  catch {
    return 'a malformed Origin'
  }
  return host.toLowerCase() === (header(headers, 'host') ?? '').toLowerCase() ? null : `Origin: ${origin}`
}
