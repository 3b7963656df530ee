// @vitest-environment happy-dom
import { arSA, deDE, frFR } from '@clerk/localizations'
import { mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { defineComponent, h, shallowRef } from 'vue'
import ClientTrustSignIn from '../../src/runtime/components/ClientTrustSignIn.vue'
import { fr, useClerkLocalization, useClientTrustSignIn } from '../../src/vue'
import type { UseClientTrustSignInReturn } from '../../src/vue'
import { mountLoaded, useMountedForm } from './setup'

// With the real clerk-js: the form speaks the `localization` the app gave Clerk,
// with no other change; a prop, the plugin or a reactive locale can choose another one.

const form = useMountedForm()
const { toCodeStep, enterCode } = form

const APP = 'Clerk Emulator'
const title = () => form.wrapper.find('[data-cts-part="title"]').text()
const labels = () => form.wrapper.findAll('label').map(l => l.text())

describe('given an app that gave Clerk deDE', () => {
  it('shows the whole new-device flow in German, Clerk\'s words, with lang and dir on the root', async () => {
    const { harness, wrapper } = await form.mount({ props: { autoSubmit: false } }, {}, { load: { localization: deDE } })
    expect(wrapper.attributes('lang')).toBe('de-DE')
    expect(wrapper.attributes('dir')).toBe('ltr')
    expect(title()).toBe(deDE.signIn!.start!.title!.replace('{{applicationName}}', APP))
    expect(labels()).toEqual([deDE.formFieldLabel__emailAddress_username, deDE.formFieldLabel__password])
    expect(wrapper.find('button[type="submit"]').text()).toBe(deDE.formButtonPrimary)

    await toCodeStep()
    await vi.waitFor(() => expect(title()).toBe(deDE.signIn!.emailCodeMfa!.title))
    expect(wrapper.find('[data-cts-part="notice"]').text()).toBe(deDE.signIn!.newDeviceVerificationNotice)
    expect(wrapper.find('[data-cts-part="hint"]').text()).toMatch(/j\*+@example\.com/)
    expect(wrapper.find('button[type="submit"]').text()).toBe(deDE.formButtonPrimary__verify)

    // Clerk's own request (sending the code) done first, then a wrong code.
    await vi.waitFor(() => expect(harness.emulator.outbox()).toHaveLength(1))
    await enterCode('000000')
    const input = wrapper.find('input[autocomplete="one-time-code"]')
    await vi.waitFor(() => expect(input.attributes('aria-invalid')).toBe('true'))
    expect(wrapper.find(`[id="${input.attributes('aria-describedby')}"]`).text()).toBe(deDE.unstable__errors!.form_code_incorrect)
  })

  it('gives the composable\'s messages in German too (headless use)', async () => {
    const harness = await form.start({}, { load: { localization: deDE } })
    let trust: UseClientTrustSignInReturn | undefined
    const Headless = defineComponent(() => {
      trust = useClientTrustSignIn()
      return () => h('p', { 'data-step': trust!.step.value }, trust!.messages.value.continue)
    })
    const wrapper = form.track(await mountLoaded(harness, Headless))
    expect(wrapper.text()).toBe(deDE.formButtonPrimary)
    expect(trust!.locale.value).toBe('de-DE')
    expect(trust!.dir.value).toBe('ltr')
  })

  it('lets the app\'s own messages and a localization prop win', async () => {
    const { wrapper } = await form.mount({ props: { localization: frFR, messages: { ...fr, continue: 'Allons-y' } } }, {}, { load: { localization: deDE } })
    expect(wrapper.attributes('lang')).toBe('fr-FR')
    expect(labels()[1]).toBe(frFR.formFieldLabel__password)
    expect(wrapper.find('button[type="submit"]').text()).toBe('Allons-y')
  })
})

describe('given an app that gave Clerk no localization', () => {
  it('stays English with no lang or dir of its own, and `null` forces English over Clerk\'s', async () => {
    const { wrapper } = await form.mount()
    expect(title()).toBe('Sign in')
    expect(wrapper.attributes('lang')).toBeUndefined()
    expect(wrapper.attributes('dir')).toBeUndefined()

    await form.mount({ props: { localization: null } }, {}, { load: { localization: deDE } })
    expect(title()).toBe('Sign in')
  })
})

describe('given a reactive locale (the i18n opt-in)', () => {
  it('switches language and direction without remounting, loading each localization once', async () => {
    const harness = await form.start()
    const locale = shallowRef('de')
    const loads: string[] = []
    const App = defineComponent(() => {
      useClerkLocalization(locale, {
        de: async () => (loads.push('de'), deDE),
        ar: async () => (loads.push('ar'), arSA),
      })
      return () => h(ClientTrustSignIn)
    })
    const wrapper = form.track(mount(App, { attachTo: document.body, global: { plugins: harness.plugins } }))
    const root = () => wrapper.find('.cts')
    await vi.waitFor(() => expect(root().attributes('data-step')).toBe('credentials'))
    await vi.waitFor(() => expect(root().attributes('lang')).toBe('de-DE'))
    const input = wrapper.find('input[autocomplete="username"]')
    await input.setValue('jane@example.com')

    locale.value = 'ar'
    await vi.waitFor(() => expect(root().attributes('dir')).toBe('rtl'))
    expect(root().attributes('lang')).toBe('ar-SA')
    expect(wrapper.find('button[type="submit"]').text()).toBe(arSA.formButtonPrimary)
    // Same element, same typed value: no remount, nothing lost.
    expect(wrapper.find('input[autocomplete="username"]').element).toBe(input.element)
    expect((input.element as HTMLInputElement).value).toBe('jane@example.com')

    locale.value = 'de'
    await vi.waitFor(() => expect(root().attributes('dir')).toBe('ltr'))
    expect(loads).toEqual(['de', 'ar', 'de'])
  })
})
