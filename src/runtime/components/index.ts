// A script entry for the component, so bundlers of the plain-Vue entry can keep it
// external (the .vue file ships as is in dist/runtime and the app's Vue plugin compiles it).
export { default as ClientTrustSignIn } from './ClientTrustSignIn.vue'
