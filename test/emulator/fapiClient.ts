import { afterEach } from 'vitest'
import { EMULATOR_FIXED_CODE, startClerkEmulator } from '../../src/emulator'
import type { RunningClerkEmulator, StartClerkEmulatorOptions } from '../../src/emulator'
import { raw } from './rawHttp'

export const VERSION_QUERY = '__clerk_api_version=2026-08-20&_clerk_js_version=6.40.0'

export interface FapiAnswer {
  /** Effective method, e.g. PATCH. */
  method: string
  /** Path without query. */
  path: string
  status: number
  headers: Headers
  // Tests read arbitrary JSON; the assertions themselves check the shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any
  text: string
}

/**
 * A cookie-keeping FAPI caller that speaks like clerk-js: GET/POST only, form bodies, `_method`.
 * Over node:http, so it stays a browser of its own in a happy-dom test too, where `fetch` would
 * add the page's cookies (and be the page's client).
 */
export function fapiBrowser(emulator: RunningClerkEmulator, origin?: string) {
  let cookie = ''
  const log: FapiAnswer[] = []
  async function call(method: string, path: string, body?: Record<string, string>): Promise<FapiAnswer> {
    const wire = method === 'GET' ? 'GET' : 'POST'
    const separator = path.includes('?') ? '&' : '?'
    const override = wire !== method ? `&_method=${method}` : ''
    const url = new URL(path.startsWith('/_') || path.startsWith('/.well-known') || path.startsWith('/npm/')
      ? `${emulator.proxyUrl}${path}`
      : `${emulator.proxyUrl}${path}${separator}${VERSION_QUERY}${override}`)
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }
    if (cookie) headers.cookie = cookie
    if (origin) headers.origin = origin
    const response = await raw(url.origin, `${url.pathname}${url.search}`, { method: wire, headers, body: body ? new URLSearchParams(body).toString() : undefined })
    const responseHeaders = new Headers()
    for (const [name, value] of Object.entries(response.headers)) {
      for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value]) responseHeaders.append(name, one)
    }
    const setCookie = responseHeaders.get('set-cookie')
    if (setCookie) {
      const pair = setCookie.split(';')[0] ?? ''
      cookie = pair.endsWith('=') ? '' : pair
    }
    const answer = { method, path: path.split('?')[0] ?? path, status: response.status, headers: responseHeaders, json: response.json, text: response.body }
    log.push(answer)
    return answer
  }
  return {
    call,
    log,
    cookie: () => cookie,
    forget: () => {
      cookie = ''
    },
    async signInWithPassword(identifier: string, password = 'correct-horse') {
      return call('POST', '/v1/client/sign_ins', { identifier, password, locale: 'en-US' })
    },
    /** Signs in with the password and sends the email code, as clerk-js does: the sign-in's id. */
    async sendEmailCode(identifier: string, password = 'correct-horse'): Promise<string> {
      const id = (await call('POST', '/v1/client/sign_ins', { identifier, password, locale: 'en-US' })).json.response.id as string
      await call('POST', `/v1/client/sign_ins/${id}/prepare_second_factor`, { strategy: 'email_code' })
      return id
    },
    /** Answers the email code of sign-in `id` (by default the emulator's fixed, right one). */
    async attemptEmailCode(id: string, code: string = EMULATOR_FIXED_CODE) {
      return call('POST', `/v1/client/sign_ins/${id}/attempt_second_factor`, { strategy: 'email_code', code })
    },
  }
}

/**
 * The emulator tests' one setup: `start` runs a quiet emulator on a free port, and every
 * emulator started (and every `afterTest` cleanup) is closed after each test, last first.
 */
export function useEmulators() {
  const started: RunningClerkEmulator[] = []
  const cleanups: Array<() => Promise<void>> = []
  afterEach(async () => {
    started.length = 0
    while (cleanups.length) await cleanups.pop()?.()
  })
  return {
    async start(options: StartClerkEmulatorOptions = {}): Promise<RunningClerkEmulator> {
      const emulator = await startClerkEmulator({ port: 0, logger: () => {}, ...options })
      // Closing twice (in the test, then after it) would reject: close once.
      const close = emulator.close
      let closing: Promise<void> | undefined
      emulator.close = () => (closing ??= close())
      started.push(emulator)
      cleanups.push(emulator.close)
      return emulator
    },
    /** The emulator this test started last. */
    last(): RunningClerkEmulator {
      const emulator = started.at(-1)
      if (!emulator) throw new Error('useEmulators: no emulator started in this test')
      return emulator
    },
    /** Runs `cleanup` after the test, with the emulators. */
    afterTest(cleanup: () => Promise<void>) {
      cleanups.push(cleanup)
    },
  }
}
