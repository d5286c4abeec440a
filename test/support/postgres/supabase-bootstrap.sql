-- The pieces of a Supabase database that supabase/migrations relies on, for a throwaway
-- PostgreSQL in tests: the API roles, and an auth schema whose auth.uid() reads the
-- caller's JWT claims the way Supabase's does. (Supabase projects already have these.)

create role anon nologin noinherit;
create role authenticated nologin noinherit;
create role service_role nologin noinherit bypassrls;

create schema auth;
grant usage on schema auth to anon, authenticated, service_role;

create table auth.users (
  id uuid primary key default gen_random_uuid(),
  email text not null unique,
  -- scrypt, written by the test auth server (test/support/postgrest/auth.ts).
  encrypted_password text not null,
  raw_app_meta_data jsonb not null default '{}',
  raw_user_meta_data jsonb not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- Refresh tokens of the test auth server; revoking them is how tests end a session.
create table auth.refresh_tokens (
  token text primary key,
  user_id uuid not null references auth.users (id) on delete cascade,
  revoked boolean not null default false,
  created_at timestamptz not null default now()
);

create function auth.jwt() returns jsonb
language sql stable
as $$ select coalesce(nullif(current_setting('request.jwt.claims', true), ''), '{}')::jsonb $$;

create function auth.uid() returns uuid
language sql stable
as $$ select nullif(auth.jwt() ->> 'sub', '')::uuid $$;

create function auth.role() returns text
language sql stable
as $$ select nullif(auth.jwt() ->> 'role', '') $$;

grant execute on function auth.jwt(), auth.uid(), auth.role() to anon, authenticated, service_role;
