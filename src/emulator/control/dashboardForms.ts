// The dashboard's "Sign-in on this app's pages" section: what each form says of itself over the
// BroadcastChannel of pageSignIn.ts (published by the module's dev-only plugin, same origin
// only). Shown in the Nuxt DevTools tab (`?devtools`), elsewhere once a form speaks: from the
// CLI's own origin none can. Every value is written with `textContent`, like the rest.

/** The section's markup; its rows are built by {@link FORMS_SCRIPT}. */
export const FORMS_HTML = `<section aria-labelledby="forms-heading" id="forms-section" hidden><h2 id="forms-heading">Sign-in on this app's pages</h2>
<p class="muted">What each sign-in form on an open page says of itself, live: states and ids only, nothing typed.</p>
<ol class="forms" id="forms"></ol></section>`

/** Runs inside the dashboard's script: uses its `$`, `el`, `time`, `showRequestsOf` and `CONFIG.channel`. */
export const FORMS_SCRIPT = `
const forms = new Map()
const text = value => typeof value === 'string' && value ? value : '—'
function renderForms() {
  const list = $('forms')
  list.replaceChildren()
  if (!forms.size) list.append(el('li', 'No sign-in form on an open page of this app.'))
  for (const v of forms.values()) {
    const li = el('li')
    li.dataset.form = v.form
    li.append(el('div', text(v.path) + ', at ' + time(v.at) + (v.fetching === true ? ', a request is running' : ''), 'muted'))
    const dl = el('dl')
    const row = (name, value) => dl.append(el('dt', name), el('dd', value))
    const session = v.session && typeof v.session === 'object' ? v.session : null
    const tasks = session && Array.isArray(session.tasks) ? session.tasks.map(text).join(', ') : ''
    row('Step', text(v.step))
    row('Status', text(v.status))
    row('Factor', text(v.factor))
    row('client_trust_state', text(v.clientTrustState))
    row('Sign-in', text(v.signInId))
    row('Errors on', Array.isArray(v.errors) && v.errors.length ? v.errors.map(text).join(', ') : 'none')
    row('Session', session ? text(session.id) + ' (' + text(session.status) + ')' : 'signed out')
    row('Session tasks', session ? tasks || 'none' : '—')
    li.append(dl)
    if (typeof v.signInId === 'string' && v.signInId) {
      const show = el('button', 'Requests of sign-in ' + v.signInId)
      show.type = 'button'
      show.addEventListener('click', () => showRequestsOf(v.signInId))
      li.append(show)
    }
    list.append(li)
  }
}
if (new URLSearchParams(location.search).has('devtools')) $('forms-section').hidden = false
if (typeof BroadcastChannel === 'function') {
  const channel = new BroadcastChannel(CONFIG.channel)
  channel.addEventListener('message', (event) => {
    const m = event.data
    if (!m || typeof m !== 'object') return
    if (m.type === 'sign-in' && m.view && typeof m.view === 'object' && typeof m.view.form === 'string') forms.set(m.view.form, m.view)
    else if (m.type === 'gone' && typeof m.form === 'string') forms.delete(m.form)
    else return
    $('forms-section').hidden = false
    keepFocus($('forms'), renderForms)
  })
  // Forms already open speak when asked: the tab shows them before their next change.
  channel.postMessage({ type: 'ask' })
}
renderForms()
`
