import { Migration } from '@mikro-orm/migrations';

// Partner API clients. Only hashes of tokens are stored. The runtime group may create clients and
// change what rotation, revocation and last-used tracking change, nothing else: it can neither
// delete a client (revocation is a timestamp) nor rewrite who created it, its public id or scopes.
export class Migration20261128000200_access extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table api_client (
  id uuid primary key,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  public_id text not null,
  name text not null,
  scopes text[] not null,
  secret_hash bytea not null,
  previous_secret_hash bytea null,
  previous_secret_expires_at timestamptz null,
  created_by text not null,
  expires_at timestamptz null,
  last_used_at timestamptz null,
  rotated_at timestamptz null,
  revoked_at timestamptz null,
  revoked_by text null,
  constraint api_client_public_id_key unique (public_id),
  constraint api_client_public_id_format check (public_id ~ '^[0-9A-Za-z]{16}$'),
  constraint api_client_name_length check (char_length(name) between 1 and 100),
  constraint api_client_scopes_present check (cardinality(scopes) between 1 and 64),
  constraint api_client_secret_hash_sha256 check (octet_length(secret_hash) = 32),
  constraint api_client_previous_hash_sha256 check (previous_secret_hash is null or octet_length(previous_secret_hash) = 32),
  constraint api_client_previous_hash_expires check ((previous_secret_hash is null) = (previous_secret_expires_at is null)),
  constraint api_client_revoked_by check ((revoked_at is null) = (revoked_by is null))
);
-- The admin list pages by creation time (keyset); the token look-up uses the public id key.
create index api_client_created_idx on api_client (created_at, id);

grant select, insert on api_client to keel_runtime;
grant update (secret_hash, previous_secret_hash, previous_secret_expires_at, rotated_at, revoked_at, revoked_by,
  last_used_at, updated_at) on api_client to keel_runtime;
`);
  }
}
