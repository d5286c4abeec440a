-- Organisations and who belongs to them. Everything Course Studio publishes belongs to one
-- organisation; membership (and the admin role) is what the row-level security of every
-- other table asks about. Admins manage memberships; nobody sees another organisation.

create table public.organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(btrim(name)) > 0),
  created_at timestamptz not null default now()
);

create table public.organization_members (
  organization_id uuid not null references public.organizations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null default 'member' check (role in ('member', 'admin')),
  created_at timestamptz not null default now(),
  primary key (organization_id, user_id)
);
create index organization_members_by_user on public.organization_members (user_id);

-- Security definer so that policies (including organization_members' own) can ask about
-- membership without recursing into organization_members' row-level security. An empty
-- search_path keeps a caller's objects from shadowing the ones named here.
create function public.is_org_member(org uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.organization_members m
    where m.organization_id = org and m.user_id = auth.uid()
  )
$$;

create function public.is_org_admin(org uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.organization_members m
    where m.organization_id = org and m.user_id = auth.uid() and m.role = 'admin'
  )
$$;

revoke execute on function public.is_org_member(uuid), public.is_org_admin(uuid) from public;
grant execute on function public.is_org_member(uuid), public.is_org_admin(uuid) to authenticated, service_role;

alter table public.organizations enable row level security;
alter table public.organization_members enable row level security;

create policy "members read their organisation"
  on public.organizations for select to authenticated
  using (public.is_org_member(id));

create policy "admins rename their organisation"
  on public.organizations for update to authenticated
  using (public.is_org_admin(id))
  with check (public.is_org_admin(id));

create policy "members see who else belongs"
  on public.organization_members for select to authenticated
  using (user_id = auth.uid() or public.is_org_member(organization_id));

create policy "admins add members"
  on public.organization_members for insert to authenticated
  with check (public.is_org_admin(organization_id));

create policy "admins change roles"
  on public.organization_members for update to authenticated
  using (public.is_org_admin(organization_id))
  with check (public.is_org_admin(organization_id));

create policy "admins remove members"
  on public.organization_members for delete to authenticated
  using (public.is_org_admin(organization_id));

-- Organisations are created with the service role (dashboard or SQL editor), never by the
-- anonymous key; Supabase's default grants to anon are withdrawn explicitly.
revoke all on public.organizations, public.organization_members from anon;
grant select, update on public.organizations to authenticated;
grant select, insert, update, delete on public.organization_members to authenticated;
grant all on public.organizations, public.organization_members to service_role;
