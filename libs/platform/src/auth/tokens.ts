import { SignJWT, jwtVerify, errors } from 'jose';
import { tokenClaims, type Principal } from './principal';

export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

function keyOf(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
}

/** Verifies an HS256 access token and returns its principal; only HS256 is accepted. */
export async function verifyAccessToken(token: string, secret: string): Promise<Principal> {
  try {
    const { payload } = await jwtVerify(token, keyOf(secret), { algorithms: ['HS256'] });
    const claims = tokenClaims.safeParse(payload);
    if (!claims.success)
      throw new InvalidTokenError('token claims must include sub, name and roles');
    return { id: claims.data.sub, name: claims.data.name, roles: claims.data.roles };
  } catch (error) {
    if (error instanceof InvalidTokenError) throw error;
    if (error instanceof errors.JWTExpired) throw new InvalidTokenError('token expired');
    throw new InvalidTokenError('token is not valid');
  }
}

/** Issues a token (development tooling and tests; production tokens come from the identity provider). */
export async function issueAccessToken(
  principal: Principal,
  secret: string,
  ttl = '12h',
): Promise<string> {
  return new SignJWT({ name: principal.name, roles: [...principal.roles] })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(principal.id)
    .setIssuedAt()
    .setExpirationTime(ttl)
    .sign(keyOf(secret));
}
