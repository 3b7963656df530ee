/** Where the stand-in SDK and its proof route live, under the emulator's base path. */
export const PROTECT_SDK_PATH = '/protect/sdk.mjs'
export const PROTECT_PROOFS_PATH = '/protect/proofs'

/**
 * The stand-in for Clerk Protect's challenge SDK, served at the `sdk_url` the emulator advertises.
 * It keeps the contract clerk-js holds the real one to (clerk/javascript
 * `packages/shared/src/internal/clerk-js/protectCheck.ts`, `executeProtectCheck`): an ES module
 * whose default export is `(container, { token, uiHints, signal, setWidgetVisible }) => Promise<proofToken>`,
 * `setWidgetVisible` optional, an aborted `signal` rejecting with an `AbortError`.
 *
 * What it shows: one step a person completes with one labelled button. The proof comes from the
 * emulator's `proofsUrl`, written into the module as it is served (standalone or mounted under an
 * app; not `import.meta.url`, which Nitro's build rewrites even inside this string); the token is
 * all it sends, no cookie.
 */
export const protectSdkSource = (proofsUrl: string): string => `// Clerk emulator: stand-in Clerk Protect challenge (not Clerk's SDK).
const PROOFS = ${JSON.stringify(proofsUrl)}

export default function challenge(container, init) {
  const { token, uiHints = {}, signal, setWidgetVisible } = init || {}
  return new Promise((resolve, reject) => {
    const abort = () => { box.remove(); reject(new DOMException('The challenge was cancelled.', 'AbortError')) }
    if (signal && signal.aborted) return abort()
    const box = document.createElement('div')
    box.setAttribute('data-clerk-emulator-protect', '')
    box.setAttribute('role', 'group')
    const title = document.createElement('p')
    title.id = 'clerk-emulator-protect-' + Math.random().toString(36).slice(2)
    title.textContent = uiHints.title || 'Emulated security check'
    box.setAttribute('aria-labelledby', title.id)
    const button = document.createElement('button')
    button.type = 'button'
    button.textContent = uiHints.button || 'I am a person'
    const status = document.createElement('p')
    status.setAttribute('role', 'status')
    button.addEventListener('click', async () => {
      button.disabled = true
      try {
        const response = await fetch(PROOFS, { method: 'POST', credentials: 'omit', body: new URLSearchParams({ token: String(token) }), signal })
        const body = await response.json().catch(() => ({}))
        if (!response.ok || typeof body.proof_token !== 'string') throw new Error((body.errors && body.errors[0] && body.errors[0].code) || 'proof_refused')
        box.remove()
        if (setWidgetVisible) await setWidgetVisible(false)
        resolve(body.proof_token)
      }
      catch (error) {
        if (signal && signal.aborted) return abort()
        box.remove()
        reject(error instanceof Error ? error : new Error(String(error)))
      }
    })
    if (signal) signal.addEventListener('abort', abort, { once: true })
    box.append(title, button, status)
    Promise.resolve(setWidgetVisible && setWidgetVisible(true)).then(() => container.append(box))
  })
}
`
