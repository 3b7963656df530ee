/**
 * What the flow hands out, as plain types: the result of an action, an error event, the errors
 * to show. Declared here, below the controller and the composable, so both read them from the
 * same place and nothing imports upwards.
 */
import type { Step } from './flow'

/** What every action resolves to; API errors never throw. */
export interface ClientTrustActionResult { error: Error | null }

/** Payload of `onError` / the component's `error` event. */
export interface ClientTrustErrorEvent { step: Step, code?: string, message: string }

/** Our messages per field, plus one for the whole form. */
export interface ClientTrustErrors {
  fields: { identifier: string | null, password: string | null, confirmPassword: string | null, code: string | null }
  global: string | null
}

/** A pending session task (e.g. `choose-organization`), as Clerk's `session.currentTask`. */
export interface ClientTrustTask { key: string }

/**
 * Where an email link stands:
 * `pending` – sent, waiting for it to be opened (this page polls and then finishes the sign-in);
 * `expired` – the link (or the sign-in behind it) expired: send a new one;
 * `verified-elsewhere` – this page was opened from a link that verified a sign-in started in
 * another tab or on another device: that one continues, not this one;
 * `null` – no email link involved.
 */
export type EmailLinkStatus = 'pending' | 'expired' | 'verified-elsewhere' | null

/** `error` as an `Error` (what actions resolve with), `null` for none. */
export const toError = (error: unknown): Error | null =>
  error == null ? null : error instanceof Error ? error : new Error(String(error))
