import { SCOPES, type Scope } from '../../core/http/auth.ts';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { TokenRow } from '../db/tokens.ts';
import type { UserRow } from '../db/users.ts';
import { BaseVersion, Body, Instant, Name, Nullable, PageOf, PageQuery, Stamps, Uuid } from '../../core/http/schemas.ts';

export const Role = Type.Unsafe<'admin' | 'staff' | 'viewer'>({
  type: 'string', enum: ['admin', 'staff', 'viewer'],
  description: '`admin`: everything, including users and tokens; `staff`: all scheduling reads and writes; `viewer`: reads only.',
});

export const Email = Type.String({
  format: 'email', maxLength: 254, examples: ['dana@example.com'],
  description: 'Unique within the organisation among users that are not deleted, compared case-insensitively (409 already_exists).',
});

const LocationUuids = Nullable(Type.Array(Uuid, {
  minItems: 1, maxItems: 500,
  description: 'Locations the user is limited to (duplicates are ignored; an id not in the organisation → 404). '
    + 'null or absent: every location. An admin cannot be limited (422).',
}));

export const UserSchema = Type.Object({
  id: Uuid,
  name: Type.String(),
  email: Type.String(),
  role: Role,
  location_uuids: Nullable(Type.Array(Uuid, { description: 'Sorted; null when the user sees every location.' })),
  ...Stamps,
}, { $id: 'User' });
export type User = Static<typeof UserSchema>;

export const CreateUserBody = Body({
  name: Name,
  email: Email,
  role: Role,
  location_uuids: Type.Optional(LocationUuids),
});

export const UpdateUserBody = Body({
  base_version: BaseVersion,
  name: Type.Optional(Name),
  email: Type.Optional(Email),
  role: Type.Optional(Role),
  location_uuids: Type.Optional(LocationUuids),
});

export const UserQuery = Type.Object({
  ...PageQuery,
  role: Type.Optional(Role),
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Substring of the name or email, case-insensitive' })),
});

export const UserPage = PageOf(Type.Ref(UserSchema));
export const UserParams = Type.Object({ org_id: Type.String(), user_uuid: Uuid });
export const TokenParams = Type.Object({ org_id: Type.String(), user_uuid: Uuid, token_uuid: Uuid });

const Scopes = Type.Array(Type.Unsafe<Scope>({ type: 'string', enum: [...SCOPES] }), {
  minItems: 1, maxItems: SCOPES.length, uniqueItems: true,
  description: 'Limits the token to these scopes, 403 elsewhere: `availability:read` (the availability faces — free-time, '
    + 'location availability, FHIR) and `booking:write` (holds, POST /appointments, slot locks and bookings, service bookings): '
    + 'what an online-booking widget should carry. Absent or null: the user\'s full rights.',
});

export const CreateTokenBody = Body({
  name: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'A label for the token, e.g. the integration using it.' }))),
  scopes: Type.Optional(Nullable(Scopes)),
});

/** A token as listed: never its secret. */
export const ApiTokenSchema = Type.Object({
  id: Uuid,
  name: Nullable(Type.String()),
  scopes: Nullable(Type.Array(Type.String())),
  created_at: Instant,
  revoked_at: Nullable(Instant),
}, { $id: 'ApiToken' });

/** A token just issued: the only time its clear text is shown. */
export const IssuedTokenSchema = Type.Object({
  id: Uuid,
  token: Type.String({ description: 'The bearer token. Shown only in this response; only its hash is stored.' }),
  scopes: Nullable(Type.Array(Type.String())),
  created_at: Instant,
}, { $id: 'IssuedToken' });

export const ApiTokenList = Type.Object({ items: Type.Array(Type.Ref(ApiTokenSchema)) });

/** Record schemas of users referenced by `$ref`; registered once in app.ts. */
export const usersSchemas: TSchema[] = [UserSchema, ApiTokenSchema, IssuedTokenSchema];

/** API shape of a user row; location ids sorted so the answer is stable. */
export function toUserJson(r: UserRow): User {
  return {
    id: r.id, name: r.name, email: r.email, role: r.role,
    location_uuids: r.location_ids ? [...r.location_ids].sort() : null,
    version: r.version, created_at: r.created_at, updated_at: r.updated_at,
  };
}

/** API shape of a token without its secret. */
export function toApiTokenJson(r: TokenRow): Static<typeof ApiTokenSchema> {
  return { id: r.id, name: r.name, scopes: r.scopes, created_at: r.created_at, revoked_at: r.revoked_at };
}
