import { inject } from 'vue'
import type { FunctionalComponent, InjectionKey, Slots } from 'vue'
import type { ClientTrustSlotProps } from './types'

export { CLIENT_TRUST_MESSAGES_KEY } from '../config'

/** The root's slots, so a step rendered by a child (`notice`, `actions`) can use the app's markup. */
export const ROOT_SLOTS: InjectionKey<Slots> = Symbol('cts-slots')

/** Renders the root's slot `name` with `ctx`, or this element's own default content. */
export const CtsSlot: FunctionalComponent<{ name: 'notice' | 'actions', ctx: ClientTrustSlotProps }> = (props, { slots }) => {
  const own = inject(ROOT_SLOTS, null)?.[props.name]
  return own ? own(props.ctx) : slots.default?.()
}
CtsSlot.props = ['name', 'ctx']
