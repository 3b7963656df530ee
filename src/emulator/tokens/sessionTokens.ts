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
  /** Minutes since the first and second factor were verified, -1 for never (`fva`). @default [0, -1] */
  fva?: [number, number]
}

/** Session tokens live 60 s, like Clerk's. */
export const TOKEN_LIFETIME_S = 60
/** A cached token is handed out again until this close to its expiry (clerk-js refreshes ~10 s before). */
export const TOKEN_REUSE_MARGIN_S = 10
const MAX_CACHED_TOKENS = 10_000

/** RS256 keys made once, lazily, so `createClerkEmulator` can stay synchronous. */
export class TokenSigner {
  private material: Promise<KeyMaterial> | null = null
  // RS256 signing is the emulator's main CPU cost: every touch, tokens call and client answer
  // used to sign a new one. Same claims → the same token until near expiry.
  private readonly cache = new Map<string, { jwt: string, iat: number, exp: number }>()

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
    const now = Math.floor(claims.now / 1000)
    const key = JSON.stringify([claims.sid, claims.sub, claims.iss, claims.azp ?? '', claims.status === 'pending' ? 'pending' : 'active', claims.fva ?? [0, -1]])
    const cached = this.cache.get(key)
    if (cached && cached.iat <= now && now < cached.exp - TOKEN_REUSE_MARGIN_S) return cached.jwt
    const jwt = await this.sign(claims, now)
    this.cache.delete(key)
    this.cache.set(key, { jwt, iat: now, exp: now + TOKEN_LIFETIME_S })
    if (this.cache.size > MAX_CACHED_TOKENS) this.cache.delete(this.cache.keys().next().value as string)
    return jwt
  }

  private async sign(claims: SessionClaims, iat: number): Promise<string> {
    const { privateKey, kid } = await this.load()
    const payload: Record<string, unknown> = { sid: claims.sid, v: 2, fva: claims.fva ?? [0, -1], sts: claims.status === 'pending' ? 'pending' : 'active' }
    if (claims.azp) payload.azp = claims.azp
    return new SignJWT(payload)
      // `oiat` (origin-issued-at): when the claims were assembled; clerk-js keeps the token with the
      // higher one of two (`pickFreshestJwt`, clerk/javascript `packages/clerk-js/src/core/tokenFreshness.ts`),
      // and treats a token without it as staler than any with it. Here claims are assembled as signed.
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT', oiat: iat })
      .setSubject(claims.sub)
      .setIssuer(claims.iss)
      .setIssuedAt(iat)
      // nbf slightly in the past absorbs clock skew between emulator and verifier, as Clerk does.
      .setNotBefore(iat - 10)
      .setExpirationTime(iat + TOKEN_LIFETIME_S)
      .sign(privateKey)
  }
}
