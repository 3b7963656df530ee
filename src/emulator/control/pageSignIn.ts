// What a page in `nuxi dev` tells the emulator's dashboard about its sign-in form, declared
// once for both sides: the module's dev-only plugin (runtime/plugins/inspector.client.ts)
// publishes it, the dashboard (dashboard.ts) shows it. The page stays the source; the dashboard
// only reads. A BroadcastChannel reaches the same origin only (the browser's rule), which is
// also where the dashboard runs inside the app (`/__clerk/`, and the Nuxt DevTools tab framing it).

/** The channel's name. */
export const PAGE_SIGN_IN_CHANNEL = 'nuxt-clerk-client-trust:page-sign-in'

/**
 * One form's sign-in, as the tab shows it. Ids and states only: never what was typed (password,
 * code, identifier), never a token, and the page's path without its query (a redirect or ticket
 * may ride there).
 */
export interface PageSignIn {
  /** This form on this page (random, per composable). */
  readonly form: string
  /** `location.pathname` of the page the form is on. */
  readonly path: string
  /** When this view was published (epoch ms). */
  readonly at: number
  /** The form's step (`credentials`, `verify`, `mfa`, …). */
  readonly step: string
  /** Clerk's sign-in status, `null` before there is a sign-in. */
  readonly status: string | null
  readonly signInId: string | null
  /** Clerk's `client_trust_state`: `new`, `known`, `pending`, or `null` when Clerk sent none. */
  readonly clientTrustState: string | null
  /** The strategy of the factor the step uses (`email_code`, `totp`, …). */
  readonly factor: string | null
  /** A request of the form or of Clerk is running. */
  readonly fetching: boolean
  /** The fields with an error on the form (`identifier`, `password`, `code`, `form`), not the texts. */
  readonly errors: readonly string[]
  /** Clerk's current session: its id, `active` or `pending`, and the keys of its tasks. */
  readonly session: { readonly id: string, readonly status: string, readonly tasks: readonly string[] } | null
}

/** What goes over the channel: a form's view, a form gone (unmounted, page left), a viewer asking every form to speak. */
export type PageSignInMessage
  = | { readonly type: 'sign-in', readonly view: PageSignIn }
    | { readonly type: 'gone', readonly form: string }
    | { readonly type: 'ask' }
