-- Row-level security for the course tree. Members of an organisation read its courses;
-- only a course's author and the organisation's admins create, change or delete it (and
-- everything under it); nobody reaches another organisation's rows. Children inherit the
-- course's rule through can_write_course, and composite foreign keys pin each child to its
-- course's organisation, so a lesson can never be filed under another organisation.

create function public.can_write_course(course uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.courses c
    where c.id = course
      and (
        (c.created_by = auth.uid() and public.is_org_member(c.organization_id))
        or public.is_org_admin(c.organization_id)
      )
  )
$$;
revoke execute on function public.can_write_course(uuid) from public;
grant execute on function public.can_write_course(uuid) to authenticated, service_role;

alter table public.courses enable row level security;
alter table public.projects enable row level security;
alter table public.lessons enable row level security;
alter table public.tasks enable row level security;
alter table public.generation_jobs enable row level security;

create policy "members read their organisation's courses"
  on public.courses for select to authenticated
  using (public.is_org_member(organization_id));
create policy "members create courses as themselves"
  on public.courses for insert to authenticated
  with check (created_by = auth.uid() and public.is_org_member(organization_id));
create policy "authors and admins change courses"
  on public.courses for update to authenticated
  using ((created_by = auth.uid() and public.is_org_member(organization_id)) or public.is_org_admin(organization_id))
  with check ((created_by = auth.uid() and public.is_org_member(organization_id)) or public.is_org_admin(organization_id));
create policy "authors and admins delete courses"
  on public.courses for delete to authenticated
  using ((created_by = auth.uid() and public.is_org_member(organization_id)) or public.is_org_admin(organization_id));

-- The same four rules for each table below a course.
do $$
declare
  t text;
begin
  foreach t in array array['projects', 'lessons', 'tasks', 'generation_jobs'] loop
    execute format(
      'create policy "members read their organisation''s %1$s" on public.%1$I for select to authenticated
         using (public.is_org_member(organization_id))', t);
    execute format(
      'create policy "course writers add %1$s" on public.%1$I for insert to authenticated
         with check (created_by = auth.uid() and public.can_write_course(course_id))', t);
    execute format(
      'create policy "course writers change %1$s" on public.%1$I for update to authenticated
         using (public.can_write_course(course_id)) with check (public.can_write_course(course_id))', t);
    execute format(
      'create policy "course writers delete %1$s" on public.%1$I for delete to authenticated
         using (public.can_write_course(course_id))', t);
  end loop;
end
$$;

revoke all on public.courses, public.projects, public.lessons, public.tasks, public.generation_jobs from anon;
grant select, insert, update, delete on public.courses, public.projects, public.lessons, public.tasks, public.generation_jobs to authenticated;
grant all on public.courses, public.projects, public.lessons, public.tasks, public.generation_jobs to service_role;
