import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.ts';
import { listTokensForUser } from '../db/tokens.ts';
import { getUser, listUsers } from '../db/users.ts';
import { createUser, createUserToken, deleteUser, revokeUserToken, updateUser } from '../commands/users.ts';
import type { Api, Deps } from '../../core/http/deps.ts';
import { NoContent, responses } from '../../core/http/schemas.ts';
import {
  ApiTokenList, CreateTokenBody, CreateUserBody, IssuedTokenSchema, TokenParams, UpdateUserBody,
  UserPage, UserParams, UserQuery, UserSchema, toApiTokenJson, toUserJson,
} from '../schemas/users.ts';

const tags = ['Users'];
const User = Type.Ref(UserSchema);
// Every users and tokens route, reads included, is for admins only.
const config = { roles: ['admin' as const] };
const ADMIN_ONLY = 'Admins only (403 for staff and viewers).';

/** The organisation's users and their API tokens (org admin API). */
export function usersRoutes(app: Api, { db }: Deps): void {
  app.get('/users', {
    config,
    schema: {
      tags, summary: 'List users',
      description: `Users that are not deleted, ordered by name (case-insensitive), then id. Filters: \`role\`, and \`q\` (substring of name or email). ${ADMIN_ONLY}`,
      querystring: UserQuery, response: responses({ 200: UserPage }, [403]),
    },
  }, async (req) => {
    const { page, page_size, role, q } = req.query;
    const { rows, total } = await listUsers(db, req.auth.orgId, { role, q }, { page, pageSize: page_size });
    return { items: rows.map(toUserJson), page, page_size, total };
  });

  app.get('/users/:user_uuid', {
    config,
    schema: {
      tags, summary: 'Get user', description: `A deleted user is 404. ${ADMIN_ONLY}`,
      params: UserParams, response: responses({ 200: User }, [403, 404]),
    },
  }, async (req) => {
    const row = await getUser(db, req.auth.orgId, req.params.user_uuid);
    if (!row) throw notFound('User', ['path', 'user_uuid']);
    return toUserJson(row);
  });

  app.post('/users', {
    config,
    schema: {
      tags, summary: 'Create user',
      description: `\`location_uuids\` limits the user to those locations (null or absent: all); an id not in the organisation → 404 with loc \`["body", "location_uuids", i]\`; an admin cannot be limited → 422. An email already used by a user that is not deleted (case-insensitive) → 409 \`already_exists\`. The user has no token yet: issue one with POST /users/{user_uuid}/tokens. ${ADMIN_ONLY}`,
      body: CreateUserBody, response: responses({ 201: User }, [403, 404, 409]),
    },
  }, async (req, reply) => {
    const b = req.body;
    const row = await createUser(db, req.auth.orgId, { name: b.name, email: b.email, role: b.role, locationIds: b.location_uuids ?? null });
    return reply.code(201).send(toUserJson(row));
  });

  app.patch('/users/:user_uuid', {
    config,
    schema: {
      tags, summary: 'Update user',
      description: `Fields left out keep their value; \`location_uuids: null\` removes the location limit. \`base_version\` must be current (409 \`version_conflict\`). Demoting the organisation's last admin → 409 \`state_conflict\`. Making a location-limited user admin without clearing \`location_uuids\` → 422. A duplicate email → 409 \`already_exists\`. Role and location changes apply to the user's existing tokens at once. ${ADMIN_ONLY}`,
      params: UserParams, body: UpdateUserBody, response: responses({ 200: User }, [403, 404, 409]),
    },
  }, async (req) => {
    const { base_version, name, email, role, location_uuids } = req.body;
    const row = await updateUser(db, req.auth.orgId, req.params.user_uuid, base_version, {
      name, email, role, ...(location_uuids !== undefined ? { locationIds: location_uuids } : {}),
    });
    return toUserJson(row);
  });

  app.delete('/users/:user_uuid', {
    config,
    schema: {
      tags, summary: 'Delete user',
      description: `Soft delete: the user is marked deleted and every token of theirs is revoked in the same transaction, so their tokens get 401 from the next request on. The user then answers 404 everywhere and their email may be reused; the record is kept so history can still name them. Deleting yourself or the organisation's last admin → 409 \`state_conflict\`. ${ADMIN_ONLY}`,
      params: UserParams, response: responses({ 204: NoContent }, [403, 404, 409]),
    },
  }, async (req, reply) => {
    await deleteUser(db, req.auth.orgId, req.auth.userId, req.params.user_uuid);
    return reply.code(204).send();
  });

  tokenRoutes(app, db);
}

function tokenRoutes(app: Api, db: Deps['db']): void {
  app.get('/users/:user_uuid/tokens', {
    config,
    schema: {
      tags, summary: 'List a user\'s tokens',
      description: `Every token of the user, revoked ones included (\`revoked_at\` set), newest first, never their secrets. Not paginated. This endpoint is a chairtime addition to the contract. A deleted user → 404. ${ADMIN_ONLY}`,
      params: UserParams, response: responses({ 200: ApiTokenList }, [403, 404]),
    },
  }, async (req) => {
    if (!(await getUser(db, req.auth.orgId, req.params.user_uuid))) throw notFound('User', ['path', 'user_uuid']);
    const rows = await listTokensForUser(db, req.auth.orgId, req.params.user_uuid);
    return { items: rows.map(toApiTokenJson) };
  });

  app.post('/users/:user_uuid/tokens', {
    config,
    schema: {
      tags, summary: 'Issue a token',
      description: `Issues a new random 256-bit bearer token for the user, with an optional \`name\` label and optional \`scopes\` that limit it (the body may be omitted). The clear token is returned only in this response; only its hash is stored. A deleted user → 404. ${ADMIN_ONLY}`,
      params: UserParams, body: CreateTokenBody, response: responses({ 201: Type.Ref(IssuedTokenSchema) }, [403, 404]),
    },
    preValidation: async (req) => {
      req.body ??= {};
    },
  }, async (req, reply) => {
    const { row, token } = await createUserToken(db, req.auth.orgId, req.params.user_uuid, req.body.name ?? null, req.body.scopes ?? null);
    return reply.code(201).send({ id: row.id, token, scopes: row.scopes, created_at: row.created_at });
  });

  app.delete('/users/:user_uuid/tokens/:token_uuid', {
    config,
    schema: {
      tags, summary: 'Revoke a token',
      description: `Revokes the token: it gets 401 from the next request on (revoking the token you are calling with is allowed). It stays in the token list with \`revoked_at\` set. An unknown or already revoked token, or a token of another user → 404. ${ADMIN_ONLY}`,
      params: TokenParams, response: responses({ 204: NoContent }, [403, 404]),
    },
  }, async (req, reply) => {
    await revokeUserToken(db, req.auth.orgId, req.params.user_uuid, req.params.token_uuid);
    return reply.code(204).send();
  });
}
