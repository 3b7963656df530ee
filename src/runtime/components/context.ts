import { inject, provide } from 'vue'
import type { FunctionalComponent, InjectionKey } from 'vue'
import type { ClientTrustSignInContext } from './types'

/**
 * A typed provide/inject pair (reka-ui's `createContext`): the root provides, its parts inject,
 * and a part used outside the root throws a message naming the root. The key is a registered
 * symbol, so the parts of the plain-Vue entry and the component's own copy still match.
 */
export function createContext<T>(root: string) {
  const key: InjectionKey<T> = Symbol.for(`nuxt-clerk-client-trust:${root}`)
  const injectContext = (): T => {
    const context = inject(key, null)
    if (!context) throw new Error(`nuxt-clerk-client-trust: this part must be used inside <${root}> (in one of its slots).`)
    return context
  }
  const provideContext = (context: T): T => {
    provide(key, context)
    return context
  }
  return [injectContext, provideContext] as const
}

export const [injectClientTrustSignInContext, provideClientTrustSignInContext] = createContext<ClientTrustSignInContext>('ClientTrustSignIn')

/** Renders the root's slot `name` (the app's markup, with the slot props), else this element's own content. */
export const CtsSlot: FunctionalComponent<{ name?: 'notice' | 'actions' }> = (props, { slots }) => {
  const { form, slots: root } = injectClientTrustSignInContext()
  const own = props.name && root[props.name]
  // The form itself, as the root's own slots get it: the slot reads (and so re-renders on) what it uses.
  return own ? own(form) as ReturnType<FunctionalComponent> : slots.default?.()
}
CtsSlot.props = ['name']
