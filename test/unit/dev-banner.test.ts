import { describe, expect, it } from 'vitest'
import { seededUsers } from '../../src/emulator'
import { devBanner } from '../../src/setup/emulator'

describe('the dev banner of `nuxi dev`', () => {
  it('given no users of the app\'s own, lists the seeded users and their password', () => {
    const text = devBanner({}, 'http://localhost:3000/__clerk').join('\n')
    expect(text).toContain('Dashboard (codes sent, users, scenarios, requests): http://localhost:3000/__clerk/\n')
    expect(text).toContain('http://localhost:3000/__clerk/_outbox')
    expect(text).toContain('correct-horse')
    for (const user of seededUsers) expect(text).toContain(user.emailAddress ?? user.phoneNumber!)
    expect(text).toMatch(/jane@example\.com \| jane {2}\(new device: email_code\)/)
  })

  it('given the app\'s own users, lists exactly those, without their passwords', () => {
    const text = devBanner({ users: [{ emailAddress: 'ops@acme.test', password: 'hunter2-secret', mfa: ['totp'], totpSecret: 'JBSWY3DPEHPK3PXP' }] }, 'http://localhost:3000/__clerk').join('\n')
    expect(text).toContain('ops@acme.test  (MFA totp)')
    expect(text).not.toContain('jane@example.com')
    expect(text).not.toContain('hunter2-secret')
    expect(text).not.toContain('correct-horse')
  })
})
