import { Type } from '@sinclair/typebox';

/**
 * The seed's `metadata`: a flat object of string keys and string values that clients attach to a record
 * (ids of their own systems, labels). At most 50 keys of 1–40 characters, values of at most 500.
 */
export const Metadata = Type.Unsafe<Record<string, string>>({
  type: 'object',
  additionalProperties: { type: 'string', maxLength: 500 },
  propertyNames: { minLength: 1, maxLength: 40 },
  maxProperties: 50,
  description: 'String keys (1–40 characters, at most 50) and string values (at most 500 characters) for the client\'s own data.',
});
