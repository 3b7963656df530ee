import type { EmulatorScenario, OutboxEntry, OutboxPurpose, RecordedRequest } from '../emulator/types'
import { PROTECT_PROOFS_PATH } from '../emulator/protect/sdk'
import { TestingError } from './errors'

/**
 * The emulator's control routes, called from Node: no `Origin` header, no browser cookie.
 * That is what the emulator's cross-site guard (refusing foreign `Origin`s) lets through, so
 * tests keep working when the emulator hardens its control routes.
 */
export interface EmulatorClient {
  /** Base URL of the emulator's routes, e.g. `http://localhost:3000/__clerk` or `http://localhost:4455`. */
  readonly url: string
  /** Messages "sent", oldest first. */
  outbox(): Promise<OutboxEntry[]>
  /** FAPI requests answered, passwords and codes redacted, oldest first. */
  requests(): Promise<RecordedRequest[]>
  /** The current scenario. */
  scenario(): Promise<EmulatorScenario>
  /** Changes the scenario (any subset of keys); answers the new one. */
  setScenario(patch: Partial<EmulatorScenario>): Promise<EmulatorScenario>
  /** Forgets every client, sign-in, session, message and request; users and keys stay. */
  reset(): Promise<void>
  /**
   * Waits for a code sent to `to` (an email address or phone number) and returns it; see
   * {@link LastCodeOptions}. Fails with the outbox's content when none arrives in time.
   */
  lastCode(to: string, options?: LastCodeOptions): Promise<string>
  /**
   * Passes a Clerk Protect challenge without a browser (the `protectCheck` scenario): the proof
   * the stand-in SDK's button would get for `token` (`signIn.protectCheck.token`). Submit it with
   * `signIn.submitProtectCheck({ proofToken })`; it is single-use and expires in two minutes.
   */
  solveProtectCheck(token: string): Promise<string>
}

/** Options of {@link EmulatorClient.lastCode} and {@link lastCode}. */
export interface LastCodeOptions {
  /** Only messages sent at or after this time (epoch ms; the emulator shares this machine's clock). @default 0 */
  since?: number
  /** Only messages of this sign-in (`sia_…`). */
  signInId?: string
  /** Only messages of this channel. */
  channel?: 'email' | 'sms'
  /**
   * Only codes for this (or one of these): `'client_trust'` (new device), `'mfa'` (second
   * factor), `'reset_password'` (forgotten password). @default any
   */
  purpose?: OutboxPurpose | OutboxPurpose[]
  /** How long to wait for the message, in ms. @default 5000 */
  timeout?: number
}

/** Anything that names an emulator: its URL, or an object carrying one (a running emulator, a client). */
export type EmulatorRef = string | { proxyUrl: string } | { url: string }

function baseUrlOf(ref: EmulatorRef | (() => string)): () => string {
  if (typeof ref === 'function') {
    // Resolved at the first call, then kept: a test framework's URL helper may be gone by teardown.
    let resolved: string | undefined
    return () => (resolved ??= ref().replace(/\/+$/, ''))
  }
  const url = typeof ref === 'string' ? ref : 'proxyUrl' in ref ? ref.proxyUrl : ref.url
  return () => url.replace(/\/+$/, '')
}

/** Polls `read` every 50 ms until it answers something, or `timeout` ms have passed (then `undefined`). */
export async function poll<T>(read: () => Promise<T | undefined>, timeout: number): Promise<T | undefined> {
  const deadline = Date.now() + timeout
  for (;;) {
    const value = await read()
    if (value !== undefined || Date.now() >= deadline) return value
    await new Promise(resolve => setTimeout(resolve, 50))
  }
}

/** Lines describing an outbox for an error message: the newest 10, newest last. */
export function describeOutbox(outbox: OutboxEntry[]): string {
  if (!outbox.length) return '  (the outbox is empty)'
  const shown = outbox.slice(-10)
  const lines = shown.map(m => `  ${new Date(m.at).toISOString()} ${m.channel} ${m.purpose === 'reset_password' ? 'password-reset ' : ''}${m.kind} to ${m.to} (sign-in ${m.signInId})${m.code ? `: ${m.code}` : ''}`)
  return `${outbox.length > shown.length ? `  … ${outbox.length - shown.length} older\n` : ''}${lines.join('\n')}`
}

/**
 * A client for an emulator's control routes: `emulatorAt('http://localhost:3000/__clerk')`,
 * `emulatorAt(runningEmulator)`, or a getter for URLs only known later
 * (`emulatorAt(() => url('/__clerk'))` with @nuxt/test-utils).
 */
export function emulatorAt(ref: EmulatorRef | (() => string)): EmulatorClient {
  const base = baseUrlOf(ref)
  async function call<T>(path: string, init: { method?: string, body?: unknown } = {}): Promise<T> {
    const target = `${base()}/${path}`
    let response: Response
    try {
      response = await fetch(target, {
        method: init.method ?? 'GET',
        headers: init.body === undefined ? {} : { 'content-type': 'application/json' },
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
      })
    }
    catch (error) {
      throw new TestingError(`Cannot reach the Clerk emulator at ${target} (${(error as Error).message}). Is the app (or \`startClerkEmulator\`) running, and is this its emulator path?`)
    }
    if (!response.ok) {
      throw new TestingError(`The Clerk emulator at ${target} answered ${response.status}. Is this the emulator's path (\`/__clerk\` in a Nuxt app, \`/\` standalone), and is the emulator on (dev or test build, no real Clerk key)?`)
    }
    return (response.status === 204 ? undefined : await response.json()) as T
  }
  const client: EmulatorClient = {
    get url() {
      return base()
    },
    outbox: async () => (await call<{ outbox: OutboxEntry[] }>('_outbox.json')).outbox,
    requests: async () => (await call<{ requests: RecordedRequest[] }>('_requests.json')).requests,
    scenario: () => call<EmulatorScenario>('_scenario'),
    setScenario: patch => call<EmulatorScenario>('_scenario', { method: 'POST', body: patch }),
    reset: async () => {
      await call<unknown>('_reset', { method: 'POST' })
    },
    solveProtectCheck: async token => (await call<{ proof_token: string }>(PROTECT_PROOFS_PATH.slice(1), { method: 'POST', body: { token } })).proof_token,
    lastCode: (to, options = {}) => waitForCode(client, { ...options, to }, (found) => {
      const filters = [
        options.signInId && `of sign-in ${options.signInId}`,
        options.channel && `by ${options.channel}`,
        options.purpose && `for ${[options.purpose].flat().join(' or ')}`,
        options.since && `since ${new Date(options.since).toISOString()}`,
      ].filter(Boolean).join(', ')
      return `No code sent to ${to}${filters ? ` (${filters})` : ''} arrived in the emulator's outbox at ${base()}/_outbox.json within ${options.timeout ?? 5_000} ms. `
        + 'Check that the address is the user\'s email or phone number, that the page talks to this emulator, and that the user verifies new devices by code (not by email link). '
        + `The outbox holds:\n${describeOutbox(found)}`
    }),
  }
  return client
}

/**
 * Polls the outbox for the newest code matching `filter`; throws `message(outbox)` when none
 * arrives within `filter.timeout` (default 5000 ms).
 */
export async function waitForCode(client: EmulatorClient, filter: LastCodeOptions & { to?: string }, message: (outbox: OutboxEntry[]) => string): Promise<string> {
  const wanted = filter.to === undefined ? undefined : normalizeAddress(filter.to)
  const purposes = filter.purpose === undefined ? undefined : [filter.purpose].flat()
  const matches = (m: OutboxEntry) => m.kind === 'code' && !!m.code
    && (wanted === undefined || normalizeAddress(m.to) === wanted)
    && m.at >= (filter.since ?? 0)
    && (filter.signInId === undefined || m.signInId === filter.signInId)
    && (filter.channel === undefined || m.channel === filter.channel)
    && (purposes === undefined || purposes.includes(m.purpose))
  let last: OutboxEntry[] = []
  const found = await poll(async () => {
    last = await client.outbox()
    return last.findLast(matches)?.code
  }, filter.timeout ?? 5_000)
  if (found) return found
  throw new TestingError(message(last), 'code_not_sent')
}

/** Emails compare case-insensitively, phone numbers without spaces, dashes or brackets. */
function normalizeAddress(value: string): string {
  const trimmed = value.trim().toLowerCase()
  return trimmed.includes('@') ? trimmed : trimmed.replace(/[\s\-().]/g, '')
}
