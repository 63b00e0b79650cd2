import type { JwtSignIn } from '../../config/load-config.js';

/** Options for {@link createJwtVerifier}, besides where the keys are and what the tokens must say. */
export interface JwtVerifierOptions {
  /**
   * How long after fetching the key set a token with an unknown `kid` waits before the set is fetched again.
   * @default 30000
   */
  jwksCooldownMs?: number;
}

/** The longest `sub` taken as a caller: it scopes idempotency records and client limits. */
const maxSubjectLength = 255;
/** Clocks of the identity provider and the gateway may differ by this much. */
const clockToleranceSeconds = 5;

/**
 * Verifies sign-in JWTs against the identity provider's JWKS: signature, `exp` (required), `nbf`,
 * `iss` and `aud`, and a `sub` of 1 to 255 characters. Resolves the subject, or null for any token
 * that is not valid (never rejects). The key set is fetched on first use and cached (jose: for 10
 * minutes); a token signed by a key it does not know, such as a rotated one, fetches it again
 * once the cooldown has passed. jose is loaded here, when sign-in is configured, and not before:
 * a gateway without JWT_* never reads it.
 */
export function createJwtVerifier(
  { jwksUrl, issuer, audience }: JwtSignIn,
  { jwksCooldownMs = 30_000 }: JwtVerifierOptions = {},
): (token: string) => Promise<string | null> {
  const jose = import('jose').then(({ createRemoteJWKSet, jwtVerify }) => ({
    jwtVerify,
    keys: createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: jwksCooldownMs }),
  }));
  return async (token) => {
    try {
      const { jwtVerify, keys } = await jose;
      const { payload } = await jwtVerify(token, keys, {
        issuer,
        audience,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: clockToleranceSeconds,
      });
      const subject = payload.sub;
      return typeof subject === 'string' && subject !== '' && subject.length <= maxSubjectLength
        ? subject
        : null;
    } catch {
      return null;
    }
  };
}
