import type { Messages } from '../core/messages'

/**
 * French for the messages Clerk's `frFR` has no text for (errors and states of this form
 * only); everything else comes from `frFR` itself. Pass `frFR` to Clerk (or as the
 * `localization` prop / option) and this as `messages`:
 *
 * `import { fr } from 'nuxt-clerk-client-trust/vue'`, then
 * `<ClientTrustSignIn :localization="frFR" :messages="fr" />`.
 *
 * Before 0.2 this was a whole `Messages` table; the keys it no longer holds read frFR's.
 */
export const fr: Partial<Messages> = {
  loading: 'Chargement…',
  secondFactorUnsupported: 'Ce compte exige une méthode de vérification que ce formulaire ne prend pas en charge.',
  emailLinkUnsupported: 'Ce compte ne peut être vérifié que par un lien envoyé par e-mail, que ce formulaire ne prend pas encore en charge.',
  codeTooManyAttempts: 'Trop de tentatives. Demandez un nouveau code.',
  signInExpired: 'Votre connexion a expiré. Reconnectez-vous.',
  accountLocked: 'Votre compte est verrouillé. Réessayez plus tard.',
  accountLockedFor: 'Votre compte est verrouillé. Réessayez dans {minutes} minutes.',
  identifierNeeded: 'Saisissez votre e-mail, téléphone ou nom d’utilisateur pour continuer.',
  protectCheckTitle: 'Vérification de sécurité',
  protectCheckHint: 'Effectuez la vérification ci-dessous pour continuer la connexion.',
  protectCheckLoading: 'Chargement de la vérification de sécurité…',
  protectCheckRetry: 'Réessayer',
  protectCheckFailed: 'La vérification de sécurité n’a pas abouti. Réessayez.',
  protectCheckExpired: 'La vérification de sécurité a expiré. Reconnectez-vous.',
  protectCheckUnavailable: 'La vérification de sécurité n’a pas pu se charger. Réessayez, ou contactez le support si cela se reproduit.',
  codeExpired: 'Le code a expiré',
  tooManyRequests: 'Trop de tentatives. Patientez un instant puis réessayez.',
  networkError: 'Impossible de joindre le serveur. Vérifiez votre connexion et réessayez.',
  genericError: 'Une erreur est survenue. Veuillez réessayer.',
  clerkUnavailable: 'La connexion est indisponible pour le moment. Vérifiez votre connexion, puis rechargez la page pour réessayer.',
  resetUnavailable: 'Ce compte n’a ni adresse e-mail ni numéro de téléphone où envoyer un code. Contactez le support pour réinitialiser votre mot de passe.',
  passwordTooLong: 'Votre mot de passe est trop long.',
  passwordMatchesIdentifier: 'Le mot de passe ne peut pas être identique à votre adresse e-mail, votre numéro de téléphone ou votre nom d’utilisateur.',
  passwordMatchesCurrent: 'Le nouveau mot de passe ne peut pas être identique au mot de passe actuel.',
}
