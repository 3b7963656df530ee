// A script entry for the component and its parts, so bundlers of the plain-Vue entry can keep it
// external (the .vue files ship as is in dist/runtime and the app's Vue plugin compiles them).
// One export per name of `COMPONENT_NAMES` (names.ts), in its order, with the types of its props
// and events (`<Name>Props`, `<Name>Emits`; the root's are in types.ts);
// test/unit/component-surface.test.ts fails when they differ.
export { default as ClientTrustSignIn } from './ClientTrustSignIn.vue'
// The parts of its steps, to rebuild one step in a slot without rewriting the others.
export { default as CtsStep } from './CtsStep.vue'
export type { CtsStepEmits, CtsStepProps } from './CtsStep.vue'
export { default as CtsStepHeader } from './CtsStepHeader.vue'
export type { CtsStepHeaderProps } from './CtsStepHeader.vue'
export { default as CtsField } from './CtsField.vue'
export type { CtsFieldEmits, CtsFieldProps } from './CtsField.vue'
export { default as CtsActions } from './CtsActions.vue'
export type { CtsActionsProps } from './CtsActions.vue'
export { default as CtsAction } from './CtsAction.vue'
export type { CtsActionProps } from './CtsAction.vue'
export { default as CtsCredentialsStep } from './CtsCredentialsStep.vue'
export { default as CtsCodeStep } from './CtsCodeStep.vue'
export { default as CtsEmailLinkStep } from './CtsEmailLinkStep.vue'
export { default as CtsMethodsStep } from './CtsMethodsStep.vue'
export { default as CtsNewPasswordStep } from './CtsNewPasswordStep.vue'
export { default as CtsProtectCheckStep } from './CtsProtectCheckStep.vue'
export { default as CtsStatusStep } from './CtsStatusStep.vue'
export { injectClientTrustSignInContext } from './context'
export type { CtsActionName } from './actions'
