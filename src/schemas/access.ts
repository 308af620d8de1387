import { Type } from 'typebox';
import { CountyCode, Paging, Strict, Timestamp } from './common.js';

export const ScopeName = Type.Enum(['read', 'write', 'funding:run', 'audit', 'admin'], {
  description: 'read: GET data; write: PUT/DELETE/bulk; funding:run: create funding runs; audit: the audit trail; admin: every scope, and key management',
});
const CountyOrAll = Type.String({ pattern: '^(\\*|[0-9]{6})$', description: 'a 6-digit county code, or "*" for every county' });
const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);

export const ApiKeyBody = Strict({
  name: Type.String({ minLength: 1, maxLength: 100, pattern: '\\S', description: 'who or what uses the key, e.g. "county-sync"' }),
  scopes: Type.Array(ScopeName, { minItems: 1, maxItems: 5, uniqueItems: true }),
  counties: Type.Array(CountyOrAll, { minItems: 1, maxItems: 1000, uniqueItems: true, examples: [['441427'], ['*']] }),
  expiresAt: Type.Optional(Nullable(Timestamp)),
});

export const ApiKey = Type.Object(
  {
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    scopes: Type.Array(ScopeName),
    counties: Type.Array(Type.String()),
    expiresAt: Nullable(Timestamp),
    lastUsedAt: Nullable(Timestamp),
    revokedAt: Nullable(Timestamp),
    createdAt: Timestamp,
    status: Type.Enum(['active', 'expired', 'revoked']),
  },
  { description: 'An API key; its token is never shown again after creation' },
);

export const CreatedApiKey = Type.Object({
  ...ApiKey.properties,
  token: Type.String({ description: 'the bearer token: shown only in this answer, stored only as a sha256 hash' }),
});

export const ApiKeyParams = Strict({ id: Type.String({ format: 'uuid' }) });
export const ApiKeyListQuery = Strict({
  includeRevoked: Type.Optional(Type.Boolean({ description: 'list revoked keys too (default false)' })),
  limit: Paging.limit,
  offset: Paging.offset,
});

export const AuditAction = Type.Enum(['create', 'update', 'delete', 'run']);

/** What an audit event is about, in kebab-case like the paths (`school-year`, `api-key`, `funding-run`). */
export const AUDIT_ENTITIES = [
  'county',
  'town',
  'school',
  'school-year',
  'class',
  'teacher',
  'teacher-year',
  'county-facts',
  'api-key',
  'policy-profile',
  'county-year-policy',
  'funding-run',
  'plan-task',
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];
export const AuditEntityName = Type.Enum(AUDIT_ENTITIES, { examples: ['school'] });

export const AuditEvent = Type.Object({
  id: Type.Integer({ description: 'increasing with time' }),
  at: Timestamp,
  keyId: Type.Union([Type.String(), Type.Null()], { description: 'API key that made the change (null: the service itself, e.g. the demo load)' }),
  requestId: Type.Union([Type.String(), Type.Null()]),
  action: AuditAction,
  entity: AuditEntityName,
  entityKey: Type.String({ description: 'the natural key, parts joined by "/"', examples: ['2144012345/2024'] }),
  countyCode: Type.Union([Type.String(), Type.Null()]),
  before: Type.Unknown({ description: 'the stored record before the change (null when created)' }),
  after: Type.Unknown({ description: 'the stored record after the change (null when deleted)' }),
});

export const AuditQuery = Strict({
  entity: Type.Optional(AuditEntityName),
  entityKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  keyId: Type.Optional(Type.String({ format: 'uuid' })),
  countyCode: Type.Optional(CountyCode),
  requestId: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
  action: Type.Optional(AuditAction),
  from: Type.Optional(Type.String({ format: 'date-time', description: 'events at or after this time' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'events before this time' })),
  ...Paging,
});
