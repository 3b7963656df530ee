import { SignJWT, calculateJwkThumbprint, exportJWK, exportSPKI, generateKeyPair, importPKCS8 } from 'jose'
import { createPublicKey } from 'node:crypto'

type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey']

interface KeyMaterial {
  privateKey: Key
  publicJwk: Record<string, unknown>
  publicPem: string
  kid: string
}

/** Claims of a session token; clerk-js needs numeric `iat`/`exp` or it refetches constantly. */
export interface SessionClaims {
  sid: string
  /** `sts` claim: `pending` while the session has tasks. @default 'active' */
  status?: string
  sub: string
  iss: string
  azp?: string
  now: number
}

/** RS256 keys made once, lazily, so `createClerkEmulator` can stay synchronous. */
export class TokenSigner {
  private material: Promise<KeyMaterial> | null = null

  constructor(private readonly privateKeyPem?: string) {}

  private load(): Promise<KeyMaterial> {
    this.material ??= this.create()
    return this.material
  }

  private async create(): Promise<KeyMaterial> {
    let privateKey: Key
    let publicPem: string
    if (this.privateKeyPem) {
      privateKey = await importPKCS8(this.privateKeyPem, 'RS256', { extractable: true })
      publicPem = createPublicKey(this.privateKeyPem).export({ type: 'spki', format: 'pem' }).toString()
    }
    else {
      const pair = await generateKeyPair('RS256', { extractable: true })
      privateKey = pair.privateKey
      publicPem = await exportSPKI(pair.publicKey)
    }
    const jwk = await exportJWK(createPublicKey(publicPem))
    const kid = `ins_emulator_${(await calculateJwkThumbprint(jwk)).slice(0, 16)}`
    return { privateKey, publicPem, kid, publicJwk: { ...jwk, kid, alg: 'RS256', use: 'sig' } }
  }

  /** Private key and `kid`, for handshake tokens signed like session tokens. */
  async signingKey(): Promise<{ privateKey: Key, kid: string }> {
    const { privateKey, kid } = await this.load()
    return { privateKey, kid }
  }

  async jwks(): Promise<{ keys: unknown[] }> {
    return { keys: [(await this.load()).publicJwk] }
  }

  async publicKeyPem(): Promise<string> {
    return (await this.load()).publicPem
  }

  async sessionToken(claims: SessionClaims): Promise<string> {
    const { privateKey, kid } = await this.load()
    const iat = Math.floor(claims.now / 1000)
    const payload: Record<string, unknown> = { sid: claims.sid, v: 2, fva: [0, -1], sts: claims.status === 'pending' ? 'pending' : 'active' }
    if (claims.azp) payload.azp = claims.azp
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setSubject(claims.sub)
      .setIssuer(claims.iss)
      .setIssuedAt(iat)
      // nbf slightly in the past absorbs clock skew between emulator and verifier, as Clerk does.
      .setNotBefore(iat - 10)
      .setExpirationTime(iat + 60)
      .sign(privateKey)
  }
}
