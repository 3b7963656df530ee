import { readFile } from 'node:fs/promises'
import { deleteCookie } from 'h3'
import { join } from 'node:path'
import type { EmulatorRequest } from '../http/request'
import { CLIENT_COOKIE } from '../http/request'
import type { Route } from '../http/route'
import { Reply } from '../http/route'
import { clerkError, escapeHtml } from '../http/wire'
import { applyScenario } from '../state/scenario'
import { clientTrustFactors } from '../state/users'
import { totpCode } from '../tokens/totp'
import type { OutboxPurpose } from '../types'
import { dashboardPage } from './dashboard'

/** What a message is for, as a person reading the outbox page says it. */
const PURPOSES: Record<OutboxPurpose, string> = { client_trust: 'new device', mfa: 'two-step verification', reset_password: 'password reset' }

function outboxPage(req: EmulatorRequest): Reply {
  const rows = [...req.emulator.store.outbox].reverse().map((m) => {
    const value = m.kind === 'link' && m.link
      ? `<a href="${escapeHtml(m.link)}">${escapeHtml(m.link)}</a>`
      : `<code>${escapeHtml(m.code ?? '')}</code>`
    return `<tr><td>${escapeHtml(new Date(m.at).toISOString())}</td><td>${escapeHtml(m.channel)}</td><td>${PURPOSES[m.purpose]}</td><td>${escapeHtml(m.to)}</td><td>${value}</td></tr>`
  }).join('')
  const html = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Clerk emulator outbox</title></head><body><main>'
    + '<h1>Outbox</h1><p>Codes and links the emulator "sent", newest first.</p>'
    + '<table><thead><tr><th>Sent</th><th>Channel</th><th>For</th><th>To</th><th>Code or link</th></tr></thead>'
    + `<tbody>${rows || '<tr><td colspan="5">Nothing sent yet.</td></tr>'}</tbody></table></main></body></html>`
  return new Reply(200, html, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
}

/**
 * Who one can sign in as, for the dashboard: identifiers, what a new device goes through, and
 * whether the calling browser is trusted for them. Passwords (and second factors) only of the
 * seeded users (public test data); an app's own users keep theirs, as the dev banner and the CLI do.
 */
function usersJson(req: EmulatorRequest): Record<string, unknown> {
  const { emulator, client } = req
  return {
    passwordsShown: !emulator.ownUsers,
    users: emulator.users.map(({ id, source }) => ({
      id,
      emailAddress: source.emailAddress ?? null,
      phoneNumber: source.phoneNumber ?? null,
      username: source.username ?? null,
      name: [source.firstName, source.lastName].filter(Boolean).join(' ') || null,
      password: emulator.ownUsers ? null : source.password,
      // A reset replaced the configured password: never echo the one a person typed.
      passwordChanged: emulator.store.passwords.has(id),
      newDevice: emulator.instance.clientTrust ? clientTrustFactors(source, emulator.instance) : [],
      mfa: source.mfa ?? [],
      tasks: source.tasks ?? [],
      locked: !!source.locked,
      needsNewPassword: !!source.needsNewPassword && !emulator.store.passwords.has(id),
      trustedHere: !!client?.trustedUserIds.has(id),
      // The seeded MFA users' second factors are public test data too (README): the code an
      // authenticator shows now, never the secret, and the backup codes not used yet.
      authenticatorCode: !emulator.ownUsers && source.totpSecret ? totpCode(source.totpSecret, emulator.now()) : null,
      backupCodes: emulator.ownUsers ? [] : (source.backupCodes ?? []).filter(code => !emulator.store.usedBackupCodes.has(`${id}:${code}`)),
    })),
  }
}

/** "Forget this device" for one user: the calling browser's next sign-in as them asks for a code again. */
function forgetDevice(req: EmulatorRequest): Record<string, unknown> {
  const userId = req.body.userId ?? ''
  if (!req.emulator.userById(userId)) throw clerkError(404, 'resource_not_found', 'No such user.', { param_name: 'userId' })
  const forgotten = req.client?.trustedUserIds.delete(userId) ?? false
  return { userId, trustedHere: false, forgotten }
}

const BUNDLE_FILE = /^[\w-][\w.-]*\.js$/

async function clerkJsBundle(req: EmulatorRequest): Promise<Reply> {
  const file = req.params[0] ?? ''
  const dir = req.emulator.clerkJsDir
  if (req.emulator.scenario.clerkJsUnavailable) throw clerkError(404, 'resource_not_found', 'clerk-js is unavailable (emulated).')
  if (!dir) throw clerkError(404, 'resource_not_found', '@clerk/clerk-js is not installed next to the emulator (npm i @clerk/clerk-js), or pass clerkJsDir.')
  if (!BUNDLE_FILE.test(file)) throw clerkError(404, 'resource_not_found', 'No such clerk-js file.')
  try {
    const content = await readFile(join(dir, file))
    return new Reply(200, content, { 'content-type': 'application/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600' })
  }
  catch {
    throw clerkError(404, 'resource_not_found', 'No such clerk-js file.')
  }
}

/** Routes for people and tests, never for clerk-js: not recorded, not affected by scenarios. */
export const controlRoutes: Route[] = [
  // The dashboard acts with the caller's cookie and shows its trust: same-origin only, GET included.
  { method: 'GET', pattern: /^\/$/, handler: req => dashboardPage(req.emulator.basePath), sameSiteOnly: true },
  { method: 'GET', pattern: /^\/_users\.json$/, handler: usersJson, sameSiteOnly: true },
  { method: 'POST', pattern: /^\/_forget_device$/, handler: forgetDevice },
  { method: 'GET', pattern: /^\/_outbox$/, handler: outboxPage },
  { method: 'GET', pattern: /^\/_outbox\.json$/, handler: req => ({ outbox: [...req.emulator.store.outbox] }) },
  { method: 'GET', pattern: /^\/_requests\.json$/, handler: req => ({ requests: [...req.emulator.store.requests] }) },
  { method: 'GET', pattern: /^\/_scenario$/, handler: req => ({ ...req.emulator.scenario }) },
  { method: 'GET', pattern: /^\/_stats\.json$/, handler: req => ({ ...req.emulator.store.stats() }) },
  {
    method: 'POST',
    pattern: /^\/_scenario$/,
    handler: (req) => {
      req.emulator.scenario = applyScenario(req.emulator.scenario, req.body)
      return { ...req.emulator.scenario }
    },
  },
  {
    method: 'POST',
    pattern: /^\/_reset$/,
    handler: (req) => {
      req.emulator.reset()
      return new Reply(204, null)
    },
  },
  {
    // Like "clear site data" in a browser: the caller's next FAPI call starts a new client (a new device).
    method: 'POST',
    pattern: /^\/_new_client$/,
    handler: (req) => {
      deleteCookie(req.event, CLIENT_COOKIE, { path: req.emulator.basePath || '/' })
      return new Reply(204, null)
    },
  },
  { method: 'GET', pattern: /^\/\.well-known\/jwks\.json$/, handler: async req => ({ ...(await req.emulator.signer.jwks()) }) },
  { method: 'GET', pattern: /^\/npm\/@clerk\/clerk-js@[^/]+\/dist\/([^/]+)$/, handler: clerkJsBundle },
]
