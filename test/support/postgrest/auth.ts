// The /auth/v1 half of the Supabase test server: the GoTrue endpoints supabase-js uses for
// email + password sessions. Users live in auth.users (scrypt hashes), refresh tokens in
// auth.refresh_tokens and rotate on every use; access tokens are HS256 JWTs with sub,
// role 'authenticated' and a short, configurable exp, so tests can make them expire.
import { randomBytes, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Pool } from 'pg';
import { JwtError, signJwt, verifyJwt } from './jwt';

export interface AuthResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

interface UserRow {
  id: string;
  email: string;
  encrypted_password: string;
  raw_app_meta_data: Record<string, unknown>;
  raw_user_meta_data: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

// GoTrue only reports error codes to clients when it answers with this API version.
const API_VERSION = { 'x-supabase-api-version': '2024-01-01' };

const authError = (status: number, code: string, message: string): AuthResponse => ({
  status,
  headers: API_VERSION,
  body: { code, error_code: code, msg: message, message },
});

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('base64')}$${scryptSync(password, salt, 32).toString('base64')}`;
}

function passwordMatches(password: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(password, Buffer.from(salt, 'base64'), expected.length);
  return timingSafeEqual(actual, expected);
}

function userJson(u: UserRow) {
  return {
    id: u.id,
    aud: 'authenticated',
    role: 'authenticated',
    email: u.email,
    email_confirmed_at: u.created_at.toISOString(),
    phone: '',
    app_metadata: { provider: 'email', providers: ['email'], ...u.raw_app_meta_data },
    user_metadata: u.raw_user_meta_data,
    identities: [],
    created_at: u.created_at.toISOString(),
    updated_at: u.updated_at.toISOString(),
    is_anonymous: false,
  };
}

export interface AuthOptions {
  pool: Pool;
  jwtSecret: string;
  accessTokenTtlSec: () => number;
}

export function createAuthHandler(options: AuthOptions) {
  const { pool, jwtSecret } = options;

  async function issueSession(user: UserRow): Promise<AuthResponse> {
    const now = Math.floor(Date.now() / 1000);
    const ttl = options.accessTokenTtlSec();
    const accessToken = signJwt(
      {
        sub: user.id,
        role: 'authenticated',
        aud: 'authenticated',
        email: user.email,
        iat: now,
        exp: now + ttl,
        session_id: randomUUID(),
        aal: 'aal1',
      },
      jwtSecret,
    );
    const refreshToken = randomBytes(24).toString('base64url');
    await pool.query(`INSERT INTO auth.refresh_tokens (token, user_id) VALUES ($1, $2)`, [refreshToken, user.id]);
    return {
      status: 200,
      headers: API_VERSION,
      body: {
        access_token: accessToken,
        token_type: 'bearer',
        expires_in: ttl,
        expires_at: now + ttl,
        refresh_token: refreshToken,
        user: userJson(user),
      },
    };
  }

  async function userFromBearer(authorization: string | undefined): Promise<UserRow | AuthResponse> {
    const token = authorization?.replace(/^Bearer\s+/i, '');
    if (!token) return authError(401, 'no_authorization', 'This endpoint requires a Bearer token');
    let claims;
    try {
      claims = verifyJwt(token, jwtSecret);
    } catch (error) {
      const expired = error instanceof JwtError && error.expired;
      return authError(403, 'bad_jwt', expired ? 'invalid JWT: unable to parse or verify signature, token has invalid claims: token is expired' : 'invalid JWT');
    }
    if (claims.role !== 'authenticated' || typeof claims.sub !== 'string') return authError(403, 'bad_jwt', 'invalid JWT: not a user token');
    const found = await pool.query<UserRow>(`SELECT * FROM auth.users WHERE id = $1`, [claims.sub]);
    return found.rows[0] ?? authError(403, 'user_not_found', 'User from sub claim in JWT does not exist');
  }

  return async function handle(method: string, path: string, search: URLSearchParams, headers: Record<string, string | undefined>, body: unknown): Promise<AuthResponse> {
    const input = (body ?? {}) as Record<string, unknown>;
    if (method === 'POST' && path === '/token') {
      const grant = search.get('grant_type');
      if (grant === 'password') {
        const email = typeof input.email === 'string' ? input.email.trim().toLowerCase() : '';
        const password = typeof input.password === 'string' ? input.password : '';
        const found = await pool.query<UserRow>(`SELECT * FROM auth.users WHERE lower(email) = $1`, [email]);
        const user = found.rows[0];
        if (!user || !passwordMatches(password, user.encrypted_password)) return authError(400, 'invalid_credentials', 'Invalid login credentials');
        return issueSession(user);
      }
      if (grant === 'refresh_token') {
        const token = typeof input.refresh_token === 'string' ? input.refresh_token : '';
        // Rotation: a refresh token is good for one refresh.
        const used = await pool.query<{ user_id: string }>(
          `UPDATE auth.refresh_tokens SET revoked = true WHERE token = $1 AND NOT revoked RETURNING user_id`,
          [token],
        );
        const userId = used.rows[0]?.user_id;
        if (!userId) return authError(400, 'refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found');
        const found = await pool.query<UserRow>(`SELECT * FROM auth.users WHERE id = $1`, [userId]);
        return found.rows[0] ? issueSession(found.rows[0]) : authError(400, 'user_not_found', 'User not found');
      }
      return authError(400, 'validation_failed', `Unsupported grant_type ${grant ?? '(none)'}`);
    }
    if (method === 'GET' && path === '/user') {
      const user = await userFromBearer(headers['authorization']);
      return 'id' in user ? { status: 200, headers: API_VERSION, body: userJson(user) } : user;
    }
    if (method === 'POST' && path === '/logout') {
      const user = await userFromBearer(headers['authorization']);
      if (!('id' in user)) return user;
      await pool.query(`UPDATE auth.refresh_tokens SET revoked = true WHERE user_id = $1`, [user.id]);
      return { status: 204, headers: API_VERSION, body: null };
    }
    return authError(404, 'not_found', `No auth endpoint ${method} ${path} in the test server`);
  };
}
