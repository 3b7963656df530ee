import type { Page } from 'playwright-core'
import type { OutboxPurpose } from '../emulator/types'
import type { RateLimitName } from '../emulator/config/instance'
import type { EmulatorClient, EmulatorRef } from './emulatorClient'
import { describeOutbox, emulatorAt, waitForCode } from './emulatorClient'
import { TestingError } from './errors'
import type { Backend } from './testMode'
import { CLERK_TEST_CODE, assertClerkTestIdentifier, detectBackend } from './testMode'

// What a sign-in of the kit is asked (its options) and where its codes come from: shared by
// the API path (signIn.ts) and the form path (ui.ts).

/** Options of {@link signIn}. */
export interface SignInOptions {
  /** Email address, phone number (E.164) or username. */
  identifier: string
  /** The user's password (sent to Clerk only, never logged). */
  password: string
  /** Base32 secret of the user's authenticator app: answers a TOTP second factor. */
  totpSecret?: string
  /** A backup code: answers a backup-code second factor when no TOTP secret is given. */
  backupCode?: string
  /** The code factor to use when the user is offered both. @default 'email_code', else 'phone_code' */
  strategy?: 'email_code' | 'phone_code'
  /**
   * Where codes come from: `'emulator'` reads its outbox, `'clerk'` is a real development
   * instance in test mode (test addresses only, code 424242).
   * @default from the page's publishable key: a `*.accounts.dev` instance is `'clerk'`, anything else `'emulator'`
   */
  backend?: Backend
  /** The emulator to read codes from. @default the page's Clerk `proxyUrl` (`<origin>/__clerk` in a Nuxt app) */
  emulator?: EmulatorRef
  /**
   * `'api'` drives the page's clerk-js directly; `'ui'` fills in the `<ClientTrustSignIn>` form.
   * Unset: `'api'`, unless the page shows the form (it would answer the sign-in itself): then
   * that form, on this page.
   */
  via?: 'api' | 'ui'
  /** `via: 'ui'`: the page with the form. @default '/sign-in' */
  signInUrl?: string
  /** Milliseconds each wait may take (Clerk loading, a code arriving, the session activating). @default 15000 */
  timeout?: number
}

/** What {@link signIn} went through. */
export interface SignInResult {
  userId: string
  sessionId: string
  backend: Backend
  /** The sign-in statuses passed on the way, e.g. `['needs_client_trust', 'complete']`. */
  statuses: string[]
  /** The second factor used (`email_code`, `phone_code`, `totp`, `backup_code`), or null when the device was known. */
  factor: string | null
}

/** Where the codes of one sign-in come from. */
export interface CodeSource {
  backend: Backend
  /** The code sent for `signInId` by `channel` at or after `since` (for `purpose`, when given). */
  code(signInId: string, channel: 'email' | 'sms', since: number, purpose?: OutboxPurpose): Promise<string>
  /** The emulator's last 429 since `since`, for a form that only shows a message: which limit, Clerk's code. */
  lastRefusal?(since: number): Promise<{ limit: RateLimitName, code: string | undefined } | null>
}

/** Which limit a refused FAPI request spent, from its path and Clerk's code. */
function limitOf(path: string, code: string | undefined): RateLimitName {
  if (code === 'verification_code_too_many_requests') return 'codes'
  return /\/attempt_(?:first|second)_factor$/.test(path) ? 'attempts' : 'signIns'
}

/** Resolves the back end and the emulator a page's Clerk uses; `who` starts the errors. */
export async function codeSourceFor(page: Page, options: Pick<SignInOptions, 'backend' | 'emulator' | 'identifier' | 'timeout'>, clerk: { publishableKey: string, proxyUrl: string | null }, who = `signIn('${options.identifier}')`): Promise<CodeSource> {
  const backend = options.backend ?? detectBackend(clerk.publishableKey)
  const timeout = options.timeout ?? 15_000
  if (backend === 'clerk') {
    assertClerkTestIdentifier(options.identifier, who)
    return { backend, code: async () => CLERK_TEST_CODE }
  }
  const emulator = emulatorFor(page, options.emulator, clerk.proxyUrl)
  return {
    backend,
    async lastRefusal(since) {
      const refused = (await emulator.requests()).filter(r => r.status === 429 && r.at >= since).at(-1)
      return refused ? { limit: limitOf(refused.path, refused.errorCode), code: refused.errorCode } : null
    },
    code: (signInId, channel, since, purpose) => waitForCode(emulator, { signInId, channel, since, timeout, purpose }, found =>
      `${who}: no ${channel === 'sms' ? 'SMS' : 'email'} ${purpose === 'reset_password' ? 'password-reset ' : ''}code for sign-in ${signInId} arrived in the emulator's outbox at ${emulator.url}/_outbox.json within ${timeout} ms. `
      + 'Is `emulator` the one this page talks to (its Clerk proxyUrl)? '
      + `The outbox holds:\n${describeOutbox(found)}`),
  }
}

function emulatorFor(page: Page, ref: EmulatorRef | undefined, proxyUrl: string | null): EmulatorClient {
  if (ref) return emulatorAt(ref)
  if (!proxyUrl) {
    throw new TestingError('The page\'s Clerk has no proxyUrl, so the kit cannot find the emulator: pass `emulator` (its URL), or `backend: \'clerk\'` for a real instance in test mode.', 'no_emulator')
  }
  return emulatorAt(new URL(proxyUrl, page.url()).toString())
}
