import { randomBytes } from 'node:crypto'
import { Reply } from '../http/route'
import { escapeHtml } from '../http/wire'
import { DEFAULT_SCENARIO } from '../state/scenario'
import { FORMS_HTML, FORMS_SCRIPT } from './dashboardForms'
import { PAGE_SIGN_IN_CHANNEL } from './pageSignIn'

// The emulator's dashboard: one page, no framework, no network beyond the emulator's own JSON
// control routes. The page holds no data when served; its script polls `_outbox.json`,
// `_users.json`, `_scenario` and `_requests.json` and builds every row with `textContent`, since
// codes, addresses and request bodies come from the network. It also listens to what the app's
// sign-in forms say of themselves in `nuxi dev` (dashboardForms.ts). The CSP lets only this response's
// own script and style run, so even a text that slipped into markup could not execute.

const STYLE = `
:root{color-scheme:light;font:15px/1.45 system-ui,sans-serif;color:#1a1a1a;background:#fff}
body{margin:0 auto;max-width:72rem;padding:1rem 1.25rem 3rem}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.15rem;margin:1.6rem 0 .5rem;border-bottom:1px solid #bbb}
.muted{color:#4a4a4a}
button,select,input{font:inherit;color:inherit}
button{background:#f2f2f2;border:1px solid #555;border-radius:4px;padding:.2rem .6rem;cursor:pointer}
button.primary{background:#0b4f8a;border-color:#0b4f8a;color:#fff}
:focus-visible{outline:3px solid #0b4f8a;outline-offset:2px}
a{color:#0b4f8a}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #ddd;vertical-align:top;overflow-wrap:anywhere}
ol.outbox,ol.forms{list-style:none;padding:0;margin:0}
ol.outbox li,ol.forms li{border:1px solid #ccc;border-radius:6px;padding:.5rem .75rem;margin:.4rem 0}
.code{font:700 1.9rem/1.2 ui-monospace,monospace;letter-spacing:.12em;margin-right:.6rem}
.switches{display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;margin:.4rem 0}
.now{font-weight:600}
.status-bad{color:#a00000;font-weight:600}
code{font-family:ui-monospace,monospace}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .8rem;margin:.3rem 0}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
`

/** Polls, renders and writes; `CONFIG` is the only thing the server puts in. */
const SCRIPT = `
'use strict'
const { base, defaults, switches: SWITCHES } = CONFIG
const $ = id => document.getElementById(id)
const el = (tag, text, cls) => { const n = document.createElement(tag); if (text !== undefined && text !== null) n.textContent = String(text); if (cls) n.className = cls; return n }
const time = at => new Date(at).toLocaleTimeString()
const PURPOSES = { client_trust: 'new device', mfa: 'two-step verification', reset_password: 'password reset' }
let last = {}
let seenMessages = null
let filter = ''

async function call(path, init) {
  const res = await fetch(base + path, { cache: 'no-store', credentials: 'same-origin', ...init })
  if (!res.ok && res.status !== 204) throw new Error(path + ' answered ' + res.status)
  return res.status === 204 ? null : res.json()
}
const post = (path, body) => call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body || {}) })
const say = text => { $('announce').textContent = text }

function changed(key, value) {
  const text = JSON.stringify(value)
  if (last[key] === text) return false
  last[key] = text
  return true
}

// Rows are rebuilt when data changes (a new code, the authenticator code every 30 s): a
// keyboard user's focus goes to the same control in the new rows, not back to the page.
function keepFocus(container, render) {
  const active = document.activeElement
  const label = active && container.contains(active) ? active.getAttribute('aria-label') || active.textContent : null
  render()
  if (label === null) return
  const same = [...container.querySelectorAll('button, a')].find(n => (n.getAttribute('aria-label') || n.textContent) === label)
  if (same) same.focus()
}

function renderOutbox(outbox) {
  const list = $('outbox')
  list.replaceChildren()
  const newest = [...outbox].reverse()
  if (!newest.length) list.append(el('li', 'Nothing sent yet. Sign in on a new device to get a code.'))
  for (const m of newest) {
    const li = el('li')
    const head = el('div')
    if (m.kind === 'link' && m.link) {
      const a = el('a', 'Open the email link')
      try { const u = new URL(m.link, location.href); if (u.protocol === 'http:' || u.protocol === 'https:') a.href = u.href } catch {}
      head.append(a)
    }
    else {
      head.append(el('span', m.code, 'code'))
      const copy = el('button', 'Copy')
      copy.type = 'button'
      copy.setAttribute('aria-label', 'Copy code ' + (m.code || ''))
      copy.addEventListener('click', () => navigator.clipboard.writeText(m.code || '').then(() => say('Copied ' + m.code), () => say('Copying failed: select the code instead')))
      head.append(copy)
    }
    li.append(head)
    li.append(el('div', m.channel + ' to ' + m.to + ', for ' + (PURPOSES[m.purpose] || m.purpose) + ', at ' + time(m.at), 'muted'))
    const show = el('button', 'Requests of sign-in ' + m.signInId)
    show.type = 'button'
    show.addEventListener('click', () => showRequestsOf(m.signInId))
    li.append(show)
    list.append(li)
  }
  const ids = outbox.map(m => m.id)
  if (seenMessages) {
    const fresh = newest.filter(m => !seenMessages.has(m.id))
    if (fresh[0]) say('New ' + (fresh[0].kind === 'link' ? 'email link' : 'code ' + fresh[0].code) + ' for ' + fresh[0].to)
  }
  seenMessages = new Set(ids)
}

function showRequestsOf(signInId) {
  filter = signInId
  $('filter').value = filter
  last.requests = ''
  tick()
  $('requests-heading').focus()
}

function renderUsers(data) {
  const body = $('users')
  body.replaceChildren()
  $('passwords-note').textContent = data.passwordsShown ? 'Seeded users: their password is public test data.' : 'Your own users: their passwords are yours, not shown.'
  for (const u of data.users) {
    const tr = el('tr')
    const who = el('td')
    who.append(el('div', [u.emailAddress, u.phoneNumber, u.username].filter(Boolean).join(' | ')))
    if (u.name) who.append(el('div', u.name, 'muted'))
    tr.append(who)
    tr.append(el('td', u.password === null ? 'not shown' : u.passwordChanged ? 'changed by a reset' : u.password))
    const what = []
    if (u.locked) what.push('locked')
    if (u.needsNewPassword) what.push('must reset the password')
    if (u.mfa.length) what.push('MFA: ' + u.mfa.join(', '))
    else what.push(u.newDevice.length ? 'new device: ' + u.newDevice.join(' or ') : 'no new-device check')
    if (u.tasks.length) what.push('then task ' + u.tasks.join(', '))
    if (u.authenticatorCode) what.push('authenticator code now: ' + u.authenticatorCode)
    if (u.backupCodes.length) what.push('backup codes: ' + u.backupCodes.join(', '))
    tr.append(el('td', what.join('; ')))
    const here = el('td', u.trustedHere ? 'trusted ' : 'not trusted')
    if (u.trustedHere) {
      const forget = el('button', 'Forget this device')
      forget.type = 'button'
      forget.setAttribute('aria-label', 'Forget this device for ' + (u.emailAddress || u.phoneNumber || u.username || u.id))
      forget.addEventListener('click', () => post('/_forget_device', { userId: u.id }).then(() => { say('This browser is a new device again for ' + (u.emailAddress || u.username || u.id)); tick() }, fail))
      here.append(forget)
    }
    tr.append(here)
    body.append(tr)
  }
}

function renderScenario(s) {
  for (const [key] of SWITCHES) $('s-' + key).checked = !!s[key]
  if (document.activeElement !== $('s-delayMs')) $('s-delayMs').value = String(s.delayMs)
  if (document.activeElement !== $('s-malformed')) $('s-malformed').value = s.malformed || ''
  if (document.activeElement !== $('s-errorMessage')) $('s-errorMessage').value = s.errorMessage || ''
  const on = SWITCHES.filter(([key]) => s[key]).map(([, label]) => label.split(':')[0])
  if (s.delayMs) on.push('delay ' + s.delayMs + ' ms')
  if (s.malformed) on.push('malformed answers (' + s.malformed + ')')
  if (s.errorMessage) on.push('error message')
  $('scenario-now').textContent = on.length ? 'On now: ' + on.join(', ') : 'On now: nothing, Clerk on a good day'
}

function renderRequests(requests) {
  const select = $('filter')
  const ids = [...new Set(requests.map(r => r.signInId).filter(Boolean))].reverse()
  if (filter && !ids.includes(filter)) ids.unshift(filter)
  // Rebuilt only when a sign-in came or went: replacing options closes a list someone has open.
  if (changed('filterIds', ids)) {
    const options = [el('option', 'All requests')]
    options[0].value = ''
    for (const id of ids) { const o = el('option', id); o.value = id; options.push(o) }
    select.replaceChildren(...options)
  }
  select.value = filter
  const body = $('requests')
  body.replaceChildren()
  const shown = requests.filter(r => !filter || r.signInId === filter).slice(-200).reverse()
  if (!shown.length) { const tr = el('tr'); const td = el('td', 'No requests yet.'); td.colSpan = 6; tr.append(td); body.append(tr) }
  for (const r of shown) {
    const tr = el('tr')
    tr.append(el('td', time(r.at)), el('td', r.method), el('td', r.path, 'path'))
    tr.append(el('td', r.status, r.status >= 400 ? 'status-bad' : ''))
    tr.append(el('td', r.errorCode || ''), el('td', r.signInId || ''))
    body.append(tr)
  }
}

function fail(error) { say('Failed: ' + (error && error.message ? error.message : String(error))) }

let timer = 0
let failures = 0
let running = false
let again = false
async function tick() {
  // One poll at a time: a click asking for fresh data while one runs gets one more after it.
  if (running) { again = true; return }
  running = true
  clearTimeout(timer)
  try {
    const [outbox, users, scenario, requests] = await Promise.all([call('/_outbox.json'), call('/_users.json'), call('/_scenario'), call('/_requests.json')])
    if (changed('outbox', outbox.outbox)) keepFocus($('outbox'), () => renderOutbox(outbox.outbox))
    if (changed('users', users)) keepFocus($('users'), () => renderUsers(users))
    if (changed('scenario', scenario)) renderScenario(scenario)
    if (changed('requests', [filter, requests.requests])) renderRequests(requests.requests)
    if (failures) say('The emulator answers again')
    failures = 0
    $('connection').textContent = 'Live, updated ' + new Date().toLocaleTimeString()
  }
  catch (error) {
    if (!failures) say('Cannot reach the emulator')
    failures++
    $('connection').textContent = 'Cannot reach the emulator (' + (error && error.message ? error.message : 'error') + '); retrying'
  }
  running = false
  if (again) { again = false; return tick() }
  // About once a second, slower while the emulator does not answer; nothing while hidden.
  if (!document.hidden) timer = setTimeout(tick, Math.min(1000 * 2 ** failures, 15000))
}
document.addEventListener('visibilitychange', () => { if (!document.hidden) tick() })

async function setScenario(patch) {
  try { renderScenario(await post('/_scenario', patch)); last.scenario = '' } catch (error) { fail(error) }
}
for (const [key, label] of SWITCHES) {
  const box = $('s-' + key)
  box.addEventListener('change', () => { setScenario({ [key]: box.checked }); say(label.split(':')[0] + (box.checked ? ' on' : ' off')) })
}
$('s-delayMs').addEventListener('change', e => setScenario({ delayMs: Number(e.target.value) }))
$('s-malformed').addEventListener('change', e => setScenario({ malformed: e.target.value || false }))
$('s-errorMessage').addEventListener('change', e => setScenario({ errorMessage: e.target.value || null }))
$('restore').addEventListener('click', () => { setScenario(defaults); say('Scenario restored: Clerk on a good day') })
$('reset').addEventListener('click', () => post('/_reset').then(() => { say('Emulator reset: every browser is a new device'); tick() }, fail))
$('new-client').addEventListener('click', () => post('/_new_client').then(() => { say('This browser is a new client'); tick() }, fail))
$('filter').addEventListener('change', e => { filter = e.target.value; last.requests = ''; tick() })
tick()
${FORMS_SCRIPT}`

/** The scenario's on/off keys, as the dashboard labels them. */
const SWITCHES: Array<[string, string]> = [
  ['outage', 'Outage: every FAPI call answers 503'],
  ['rateLimit', 'Rate limit: sign-in calls answer 429'],
  ['expireSignIns', 'Expired sign-ins'],
  ['expireCodes', 'Expired codes and links'],
  ['protectCheck', 'Clerk Protect check'],
  ['expireProtectChecks', 'Expired Protect checks'],
  ['clerkJsUnavailable', 'clerk-js fails to load (next page load)'],
]

/** JSON for inside a `<script>`: no `</script>` or `<!--` can close or confuse it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c')
}

/** The page's HTML with the nonce its CSP names. */
export function dashboardHtml(basePath: string, nonce: string): string {
  const config = scriptJson({ base: basePath, defaults: DEFAULT_SCENARIO, switches: SWITCHES, channel: PAGE_SIGN_IN_CHANNEL })
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Clerk emulator</title><style nonce="${nonce}">${STYLE}</style></head><body>
<header><h1>Clerk emulator</h1><p class="muted">Development and tests only: never part of a production build. <span id="connection">Loading…</span></p>
<p id="announce" class="muted" aria-live="polite"></p></header>
<main>
${FORMS_HTML}
<section aria-labelledby="outbox-heading"><h2 id="outbox-heading">Outbox</h2>
<p class="muted">Codes and links the emulator "sent", newest first (the bare list: <a href="${escapeHtml(basePath)}/_outbox">_outbox</a>).</p>
<ol class="outbox" id="outbox"></ol></section>
<section aria-labelledby="users-heading"><h2 id="users-heading">Users</h2><p class="muted" id="passwords-note"></p>
<table><thead><tr><th scope="col">User</th><th scope="col">Password</th><th scope="col">Signing in asks</th><th scope="col">This browser</th></tr></thead><tbody id="users"></tbody></table>
<p><button type="button" id="new-client">Make this browser a new client</button></p></section>
<section aria-labelledby="scenario-heading"><h2 id="scenario-heading">Scenarios</h2>
<p class="now" id="scenario-now"></p>
<div class="switches">${SWITCHES.map(([key, label]) => `<label><input type="checkbox" role="switch" id="s-${key}"> ${escapeHtml(label)}</label>`).join('')}</div>
<div class="switches"><label>Delay (ms) <input type="number" id="s-delayMs" min="0" max="60000" step="100"></label>
<label>Malformed answers <select id="s-malformed"><option value="">off</option><option value="json">broken JSON</option><option value="shape">wrong shape</option></select></label>
<label>Error message <input type="text" id="s-errorMessage" maxlength="1000"></label></div>
<p><button type="button" class="primary" id="restore">Restore the default scenario</button> <button type="button" id="reset">Reset everything</button></p></section>
<section aria-labelledby="requests-heading"><h2 id="requests-heading" tabindex="-1">Requests</h2>
<p><label>Sign-in <select id="filter"><option value="">All requests</option></select></label></p>
<table><thead><tr><th scope="col">Time</th><th scope="col">Method</th><th scope="col">Path</th><th scope="col">Status</th><th scope="col">Error code</th><th scope="col">Sign-in</th></tr></thead><tbody id="requests"></tbody></table></section>
</main>
<script nonce="${nonce}">const CONFIG = ${config}
${SCRIPT}</script></body></html>`
}

/** The dashboard as an answer: a fresh nonce, a CSP allowing nothing else, framed only by its own origin. */
export function dashboardPage(basePath: string): Reply {
  const nonce = randomBytes(16).toString('base64')
  const csp = [
    'default-src \'none\'',
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    'connect-src \'self\'',
    'base-uri \'none\'',
    'form-action \'none\'',
    // A later Nuxt DevTools tab shows it in a same-origin iframe; nobody else may frame it.
    'frame-ancestors \'self\'',
  ].join('; ')
  return new Reply(200, dashboardHtml(basePath, nonce), {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': csp,
    'x-frame-options': 'SAMEORIGIN',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  })
}
