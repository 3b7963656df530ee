import type { LocalizationResource, SignInFutureResource } from '@clerk/shared/types'
import type { ClientTrustSettings } from '../settings'
import type { IdentifierOption, Step } from '../core/flow'
import type { Messages } from '../core/messages'
import type { FactorStrategy, SecondFactor } from '../core/factors'
import type { ClientTrustActionResult, ClientTrustErrorEvent, ClientTrustErrors, ClientTrustTask, EmailLinkStatus } from '../composables/types'

/**
 * Props of `<ClientTrustSignIn>`: every setting ({@link ClientTrustSettings}; unset ones come
 * from the app config, then the default), plus how this form looks and speaks.
 */
export interface ClientTrustSignInProps extends Partial<ClientTrustSettings> {
  /** Render without the built-in styles (classes and data attributes stay). */
  unstyled?: boolean
  /** Overrides of the messages (app-wide ones from `clientTrust.messages` / `clientTrustPlugin` apply first); they win over the Clerk localization. */
  messages?: Partial<Messages>
  /** Clerk localization to speak (e.g. `deDE` from `@clerk/localizations`), `null` for English; default: the app-wide one, else the one the app gave Clerk. Sets `lang` and `dir` on the root. */
  localization?: LocalizationResource | null
  /** Look of the code input: one field, or six boxes drawn over that same single field. @default 'single' */
  variant?: 'single' | 'segmented'
  /** Verify as soon as six digits are typed, pasted or autofilled (one request). @default true */
  autoSubmit?: boolean
}

/** Events of `<ClientTrustSignIn>`. */
export interface ClientTrustSignInEmits {
  /** The session is being activated; navigation follows. */
  'complete': [result: { sessionId: string | null }]
  /** Clerk reported an error (already shown in the form). */
  'error': [error: ClientTrustErrorEvent]
  /** The step changed. */
  'step-change': [step: Step]
  /** The new session has a pending task (e.g. `choose-organization`); navigation to its page follows. */
  'task': [task: ClientTrustTask]
}

/** Element ids, so custom markup can keep labels and errors linked. */
export interface ClientTrustIds {
  identifier: string
  password: string
  code: string
  identifierError: string
  passwordError: string
  codeError: string
  global: string
}

/** What every slot receives: the composable's state (unwrapped) and actions, plus the form's own state. */
export interface ClientTrustSlotProps {
  step: Step
  isLoaded: boolean
  isFetching: boolean
  errors: ClientTrustErrors
  signIn: SignInFutureResource | null
  /** The factor of the `verify` / `second-factor` step. */
  factor: SecondFactor | null
  /** Every usable factor offered at this step. */
  factors: SecondFactor[]
  /** The other offered factors ("Use another method"), backup codes last. */
  alternatives: SecondFactor[]
  /** The "Use another method" list is shown. */
  showingAlternatives: boolean
  channel: 'email_code' | 'phone_code' | null
  safeIdentifier: string | null
  emailLinkStatus: EmailLinkStatus
  /** The app's reset-password page, or null. */
  resetPasswordUrl: string | null
  resendIn: number
  identifierOption: IdentifierOption
  messages: Messages
  /** Current field values. */
  identifier: string
  password: string
  code: string
  setIdentifier: (value: string) => void
  setPassword: (value: string) => void
  setCode: (value: string) => void
  /** Submits the identifier and password typed. */
  submitCredentials: () => Promise<ClientTrustActionResult>
  /** Verifies the code typed; clears it when refused. */
  submitCode: () => Promise<ClientTrustActionResult>
  resendCode: () => Promise<ClientTrustActionResult>
  /** Switches to another offered factor; its code or link is sent once. */
  selectFactor: (factor: SecondFactor | FactorStrategy) => Promise<ClientTrustActionResult>
  /** Opens or closes the "Use another method" list. */
  showAlternatives: (open: boolean) => void
  startOver: () => Promise<ClientTrustActionResult>
  finalize: () => Promise<ClientTrustActionResult>
  ids: ClientTrustIds
  /** A message with `{placeholders}` filled. */
  t: (key: keyof Messages, vars?: Record<string, string | number>) => string
}
