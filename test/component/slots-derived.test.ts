// @vitest-environment happy-dom
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import ClientTrustSignIn from '../../src/runtime/components/ClientTrustSignIn.vue'
import { CtsAction, injectClientTrustSignInContext } from '../../src/vue'
import type { ClientTrustSlotProps, UseClientTrustSignInReturn } from '../../src/vue'
import { mountLoaded, useMountedForm } from './setup'
import VerifyParts from './readme/VerifyParts.vue'
import VerifySlot from './readme/VerifySlot.vue'

// Slot props derived from the composable (the README's examples run as written), step
// parts an app can reuse, and the #credentials slot while Clerk loads.

const form = useMountedForm()

// node:path, not `new URL`: in happy-dom, URL is the DOM's, which node:fs does not take.
const here = dirname(fileURLToPath(import.meta.url))

/** The `<template>` of a fixture in ./readme, as the README prints it (two spaces less). */
function fixtureTemplate(name: string) {
  const sfc = readFileSync(join(here, 'readme', name), 'utf8')
  const template = sfc.slice(sfc.indexOf('<template>\n') + '<template>\n'.length, sfc.lastIndexOf('</template>'))
  return template.split('\n').map(line => line.replace(/^ {2}/, '')).join('\n').trim()
}
/** The ```vue blocks of the README's "Slots" section. */
function readmeSlotExamples() {
  const readme = readFileSync(join(here, '../../README.md'), 'utf8')
  const slots = readme.slice(readme.indexOf('\n### Slots\n'), readme.indexOf('\n### Make it yours'))
  return [...slots.matchAll(/^```vue\n([\s\S]*?)^```$/gm)].map(match => match[1]!.trim())
}

/** Signs jane in to the code step of an app's own form (the built-in code field is replaced). */
async function toCodeStep() {
  await form.signInWith('jane@example.com')
  await vi.waitFor(() => expect(form.harness.emulator.outbox()).toHaveLength(1))
}

describe('given the README\'s slot examples', () => {
  it('keeps the fixtures identical to the README', () => {
    expect(readmeSlotExamples()).toEqual([fixtureTemplate('VerifySlot.vue'), fixtureTemplate('VerifyParts.vue')])
  })

  it('signs in through the #verify example: verifyCode and resendCode reach the real clerk-js', async () => {
    const harness = await form.start({ resendCooldown: 0 })
    const wrapper = form.track(await mountLoaded(harness, VerifySlot))
    await toCodeStep()
    const sentTo = () => wrapper.find('[data-test="sent-to"]')
    await vi.waitFor(() => expect(sentTo().text()).toMatch(/^j\*+@example\.com$/))
    // The built-in code step is replaced, not shown beside the app's form.
    expect(wrapper.find('input[autocomplete="one-time-code"]').exists()).toBe(false)

    // The first code's send answered: a resend now is the app's, not shared with it.
    await vi.waitFor(() => expect(wrapper.attributes('data-state')).toBe('idle'))
    expect(wrapper.find('[data-test="my-resend"]').attributes('disabled')).toBeUndefined()
    await wrapper.find('[data-test="my-resend"]').trigger('click')
    await vi.waitFor(() => expect(harness.emulator.outbox()).toHaveLength(2))
    // clerk-js has taken the resend's answer (a code submitted meanwhile would share its flight).
    await vi.waitFor(() => expect(wrapper.attributes('data-state')).toBe('idle'))

    await wrapper.find('[data-test="my-code"]').setValue('000000')
    await wrapper.find('[data-test="my-code-form"]').trigger('submit')
    await vi.waitFor(() => expect(wrapper.find('[data-test="my-error"]').text()).not.toBe(''))
    expect(harness.navigations).toEqual([])

    await wrapper.find('[data-test="my-code"]').setValue('424242')
    await wrapper.find('[data-test="my-code-form"]').trigger('submit')
    await vi.waitFor(() => expect(harness.navigations).toEqual(['/']))
  })

  it('rebuilds the code step from the exported parts: header, the app\'s input, the actions row', async () => {
    const harness = await form.start()
    const wrapper = form.track(await mountLoaded(harness, VerifyParts))
    await toCodeStep()
    await vi.waitFor(() => expect(wrapper.find('[data-test="my-pin"]').exists()).toBe(true))
    const step = wrapper.find('form[data-cts-part="step"]')
    expect(step.find('h2[data-cts-part="title"]').text()).toBe('Verify it\'s you')
    expect(step.find('[data-cts-part="notice"]').exists()).toBe(true)
    expect(step.find('[data-cts-part="hint"]').text()).toMatch(/^Code sent to j\*+@example\.com$/)
    expect(step.findAll('[data-cts-action]').map(b => b.attributes('data-cts-action'))).toEqual(['resend', 'start-over'])
    await vi.waitFor(() => expect(step.find('[data-cts-action="resend"]').text()).toMatch(/^Resend code \(\d+s\)$/))

    await wrapper.find('[data-test="my-pin"]').setValue('424242')
    await step.trigger('submit')
    await vi.waitFor(() => expect(harness.navigations).toEqual(['/']))
  })
})

describe('given the slot props', () => {
  it('hands every slot all of the composable\'s return, refs unwrapped, plus the form helpers', async () => {
    let seen!: ClientTrustSlotProps
    await form.mount({ slots: { footer: (props: ClientTrustSlotProps) => void (seen = props) } })
    // Every key of UseClientTrustSignInReturn, checked by the compiler: a new one fails here.
    const composableKeys = Object.keys({
      isLoaded: 0, unavailable: 0, signIn: 0, errors: 0, clerkErrors: 0, fetchStatus: 0, isFetching: 0, step: 0,
      factor: 0, factors: 0, alternatives: 0, showingAlternatives: 0, channel: 0, safeIdentifier: 0,
      emailLinkStatus: 0, resendIn: 0, identifier: 0, identifierOption: 0, messages: 0, locale: 0, dir: 0,
      resetPasswordUrl: 0, submitPassword: 0, sendCode: 0, resendCode: 0, verifyCode: 0, selectFactor: 0,
      reset: 0, finalize: 0, signOutOfOtherSessions: 0, canResetPassword: 0, passwordRules: 0, passwordRulesText: 0,
      forgotPassword: 0, submitNewPassword: 0, protectCheck: 0, attachProtectCheck: 0, retryProtectCheck: 0,
    } satisfies Record<keyof UseClientTrustSignInReturn, 0>)
    const helperKeys = ['password', 'code', 'setIdentifier', 'setPassword', 'setCode', 'submitCredentials', 'submitCode', 'showAlternatives', 'startOver', 'ids', 't',
      'newPassword', 'confirmPassword', 'setNewPassword', 'setConfirmPassword', 'setSignOutOfOtherSessions', 'submitPasswordReset']
    expect(Object.keys(seen).sort()).toEqual([...composableKeys, ...helperKeys].sort())
    // Values, not refs.
    expect(seen.step).toBe('credentials')
    expect(seen.isLoaded).toBe(true)
    expect(seen.fetchStatus).toBe('idle')
    expect(seen.unavailable).toBe(false)
    expect(typeof seen.verifyCode).toBe('function')
    expect(seen.t('resendIn', { seconds: 3 })).toMatch(/3/)
  })
})

describe('given a part of the app\'s own inside the form', () => {
  it('reads the same slot props live from the context, and writes the identifier through them', async () => {
    const harness = await form.start()
    let context!: ReturnType<typeof injectClientTrustSignInContext>
    const MyStepName = defineComponent({
      setup: () => void (context = injectClientTrustSignInContext()),
      render: () => h('p', { id: 'my-step-name' }, `${context.form.step} ${context.form.identifier}`),
    })
    const wrapper = form.track(await mountLoaded(harness, ClientTrustSignIn, { slots: { footer: () => h(MyStepName) } }))
    await vi.waitFor(() => expect(wrapper.find('#my-step-name').text()).toBe('credentials'))
    // The app's part writes as the built-in field does: the composable (and its input) follow.
    context.form.identifier = 'jane@example.com'
    await flushPromises()
    expect(wrapper.find('#my-step-name').text()).toBe('credentials jane@example.com')
    expect((wrapper.find('input[autocomplete="username"]').element as HTMLInputElement).value).toBe('jane@example.com')
    // Live: the part re-renders when the flow moves on, with nothing passed to it.
    context.form.setPassword('correct-horse')
    await context.form.submitCredentials()
    await vi.waitFor(() => expect(wrapper.find('#my-step-name').text()).toBe('verify jane@example.com'))
  })
})

describe('given a #credentials slot', () => {
  it('renders it while Clerk loads too, with step "loading" and isLoaded false, instead of the built-in skeleton', async () => {
    const harness = await form.start()
    const renders: string[] = []
    const wrapper = form.track(mount(ClientTrustSignIn, {
      attachTo: document.body,
      global: { plugins: harness.plugins },
      slots: {
        credentials: (props: ClientTrustSlotProps) => {
          renders.push(`${props.step}:${props.isLoaded}`)
          return h('p', { id: 'my-credentials' }, props.isLoaded ? 'ready' : 'my skeleton')
        },
      },
    }))
    expect(wrapper.attributes('data-step')).toBe('loading')
    expect(wrapper.find('#my-credentials').text()).toBe('my skeleton')
    expect(wrapper.find('input').exists()).toBe(false)
    await vi.waitFor(() => expect(wrapper.attributes('data-step')).toBe('credentials'))
    await flushPromises()
    expect(wrapper.find('#my-credentials').text()).toBe('ready')
    expect(renders[0]).toBe('loading:false')
    expect(renders.at(-1)).toBe('credentials:true')
  })

  it('keeps the built-in disabled skeleton without one', async () => {
    const harness = await form.start()
    const wrapper = form.track(mount(ClientTrustSignIn, { attachTo: document.body, global: { plugins: harness.plugins } }))
    expect(wrapper.attributes('data-step')).toBe('loading')
    expect(wrapper.find('form[data-cts-part="step"]').attributes('data-state')).toBe('loading')
    expect(wrapper.find('input[autocomplete="username"]').attributes('disabled')).toBeDefined()
    await vi.waitFor(() => expect(wrapper.attributes('data-step')).toBe('credentials'))
    expect(wrapper.find('input[autocomplete="username"]').attributes('disabled')).toBeUndefined()
  })
})

describe('given a part outside <ClientTrustSignIn>', () => {
  it('says where it belongs', () => {
    const Lonely = defineComponent({ setup: () => void injectClientTrustSignInContext(), render: () => null })
    expect(() => mount(Lonely)).toThrow(/inside <ClientTrustSignIn>/)
    expect(() => mount(CtsAction, { props: { name: 'start-over' } })).toThrow(/inside <ClientTrustSignIn>/)
  })
})
