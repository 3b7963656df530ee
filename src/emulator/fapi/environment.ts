import type { ResolvedInstance } from '../config/instance'
import type { EmulatorPasswordSettings } from '../types'

function attribute(enabled: boolean, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    enabled,
    required: false,
    used_for_first_factor: false,
    first_factors: [],
    used_for_second_factor: false,
    second_factors: [],
    verifications: [],
    verify_at_sign_up: false,
    immutable: false,
    ...overrides,
  }
}

/** `user_settings.password_settings` as clerk-js reads it (`PasswordSettingsData`, @clerk/shared). */
function passwordSettingsJson(rules: EmulatorPasswordSettings): Record<string, unknown> {
  return {
    disable_hibp: rules.disableHibp,
    disable_password_reverification: rules.disablePasswordReverification,
    min_length: rules.minLength,
    max_length: rules.maxLength,
    require_special_char: rules.requireSpecialChar,
    require_numbers: rules.requireNumbers,
    require_uppercase: rules.requireUppercase,
    require_lowercase: rules.requireLowercase,
    show_zxcvbn: rules.showZxcvbn,
    min_zxcvbn_strength: rules.minZxcvbnStrength,
    enforce_hibp_on_sign_in: rules.enforceHibpOnSignIn,
    allowed_special_characters: rules.allowedSpecialCharacters,
  }
}

/**
 * The environment clerk-js loads first. Only what shapes the sign-in matters:
 * identifiers, password, second factors; everything else is switched off.
 */
export function environmentJson(instance: ResolvedInstance, origin: string): Record<string, unknown> {
  const secondFactors = [
    ...(instance.emailCode ? ['email_code'] : []),
    ...(instance.phoneCode ? ['phone_code'] : []),
    'totp',
    'backup_code',
  ]
  const identificationStrategies = ['email_address', 'phone_number', 'username']
  const url = (path: string) => `${origin}${path}`
  return {
    auth_config: {
      object: 'auth_config',
      id: 'aac_emulator',
      first_name: 'on',
      last_name: 'on',
      email_address: 'on',
      phone_number: 'on',
      username: 'on',
      password: 'required',
      identification_requirements: [identificationStrategies],
      identification_strategies: identificationStrategies,
      first_factors: ['password'],
      second_factors: secondFactors,
      email_address_verification_strategies: ['email_code'],
      // One session per client keeps sign-out and "known device" simple to reason about.
      single_session_mode: true,
      enhanced_email_deliverability: false,
      test_mode: false,
      cookieless_dev: false,
      url_based_session_syncing: true,
      claimed_at: null,
      reverification: true,
      native_settings: {
        object: 'native_settings',
        api_enabled: false,
        trusted_device_sign_in_enabled: false,
        trusted_device_enrollment_prompt_after_sign_in_enabled: false,
        trusted_device_enrollment_prompt_after_sign_up_enabled: false,
      },
    },
    display_config: {
      object: 'display_config',
      id: 'display_config_emulator',
      instance_environment_type: 'development',
      application_name: instance.applicationName,
      // `DisplayThemeJSON` (clerk/javascript `packages/shared/src/types/json.ts`): neutral values.
      theme: {
        general: { color: '#6c47ff', background_color: '#ffffff', font_family: '', font_color: '#151515', label_font_weight: '600', padding: '1em', border_radius: '0.5em', box_shadow: '0 2px 8px rgba(0, 0, 0, 0.2)' },
        buttons: { font_color: '#ffffff', font_family: '', font_weight: '600' },
        accounts: { background_color: '#ffffff' },
      },
      preferred_sign_in_strategy: 'password',
      logo_image_url: '',
      favicon_image_url: '',
      home_url: url('/'),
      sign_in_url: url('/sign-in'),
      sign_up_url: url('/sign-up'),
      user_profile_url: url('/user'),
      waitlist_url: url('/waitlist'),
      oauth_consent_url: url('/oauth-consent'),
      after_sign_in_url: url('/'),
      after_sign_up_url: url('/'),
      after_sign_out_one_url: url('/'),
      after_sign_out_all_url: url('/'),
      after_switch_session_url: url('/'),
      after_join_waitlist_url: url('/'),
      organization_profile_url: url('/organization'),
      create_organization_url: url('/create-organization'),
      after_leave_organization_url: url('/'),
      after_create_organization_url: url('/'),
      logo_link_url: url('/'),
      support_email: null,
      branded: false,
      experimental_force_oauth_first: false,
      clerk_js_version: '6',
      show_devmode_warning: false,
      google_one_tap_client_id: null,
      help_url: null,
      privacy_policy_url: null,
      terms_url: null,
      logo_url: null,
      favicon_url: null,
      logo_image: null,
      favicon_image: null,
      captcha_public_key: null,
      captcha_widget_type: null,
      captcha_public_key_invisible: null,
      captcha_provider: null,
      captcha_oauth_bypass: [],
    },
    user_settings: {
      attributes: {
        email_address: attribute(true, {
          used_for_first_factor: true,
          first_factors: ['email_code'],
          used_for_second_factor: instance.emailCode,
          second_factors: instance.emailCode ? ['email_code'] : [],
          verifications: ['email_code'],
          verify_at_sign_up: true,
        }),
        phone_number: attribute(true, {
          used_for_first_factor: true,
          first_factors: ['phone_code'],
          used_for_second_factor: instance.phoneCode,
          second_factors: instance.phoneCode ? ['phone_code'] : [],
          verifications: ['phone_code'],
          verify_at_sign_up: true,
        }),
        username: attribute(true, { used_for_first_factor: true }),
        web3_wallet: attribute(false),
        first_name: attribute(true),
        last_name: attribute(true),
        password: attribute(true, { required: true }),
        authenticator_app: attribute(true, { used_for_second_factor: true, second_factors: ['totp'] }),
        ticket: attribute(false),
        backup_code: attribute(true, { used_for_second_factor: true, second_factors: ['backup_code'] }),
        passkey: attribute(false),
      },
      social: {},
      saml: { enabled: false },
      enterprise_sso: { enabled: false, self_serve_sso: false, self_serve_directory_sync: false },
      // MFA exists on this instance (TOTP, backup codes, codes) but nobody is forced into it.
      sign_in: { second_factor: { required: false, enabled: true } },
      sign_up: {
        allowlist_only: false,
        captcha_enabled: false,
        captcha_widget_type: 'smart',
        custom_action_required: false,
        progressive: true,
        mode: 'public',
        legal_consent_enabled: false,
      },
      restrictions: {
        allowlist: { enabled: false },
        blocklist: { enabled: false },
        allowlist_blocklist_disabled_on_sign_in: { enabled: false },
        block_email_subaddresses: { enabled: false },
        block_disposable_email_domains: { enabled: false },
      },
      // The rules reset_password checks (fapi/passwordRules.ts), so a form can tell them in advance.
      password_settings: passwordSettingsJson(instance.passwordSettings),
      username_settings: { min_length: 4, max_length: 64, allow_extended_special_characters: false, allow_numeric_usernames: false },
      actions: { delete_self: false, create_organization: false, create_organizations_limit: null },
      attack_protection: {
        // The truth about this instance's lockout (see limits.ts); off still reports Clerk's defaults.
        user_lockout: instance.lockout
          ? { enabled: true, max_attempts: instance.lockout.maxAttempts, duration_in_minutes: instance.lockout.durationMinutes }
          : { enabled: false, max_attempts: 10, duration_in_minutes: 60 },
        pii: { enabled: false },
        email_link: { require_same_client: false },
        // clerk-js reads `enabled` as "strict" (its sign-in-or-up flow, `packages/ui/src/contexts/components/SignIn.ts`).
        enumeration_protection: { enabled: instance.enumerationProtection === 'strict' },
      },
      passkey_settings: { allow_autofill: false, show_sign_in_button: false, satisfies_second_factor: false },
    },
    organization_settings: {
      enabled: false,
      max_allowed_memberships: 5,
      actions: { admin_delete: false },
      domains: { enabled: false, enrollment_modes: [], default_role: 'org:member' },
      creator_role: 'org:admin',
      // Read by clerk-js 6.40 (`OrganizationSettingsJSON`); Clerk's defaults with organizations off.
      slug: { disabled: false },
      force_organization_selection: false,
      organization_creation_defaults: { enabled: false },
    },
    commerce_settings: {
      billing: {
        stripe_publishable_key: null,
        user: { enabled: false, has_paid_plans: false },
        organization: { enabled: false, has_paid_plans: false },
      },
    },
    api_keys_settings: { enabled: false, user_api_keys_enabled: false, orgs_api_keys_enabled: false },
    // Clerk Protect's loaders: none, nothing to load offline (`ProtectConfigJSON`).
    protect_config: { object: 'protect_config', id: 'protect_config_emulator', loaders: [] },
    client_debug_mode: false,
    // Clerk's default, read by clerk-js for its `__client_uat` / `__session` cookies.
    partitioned_cookies: false,
    maintenance_mode: false,
  }
}
