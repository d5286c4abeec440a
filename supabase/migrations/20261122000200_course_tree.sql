-- The published course tree, keyed by the UUIDs the desktop app generates, so a push that
-- is repeated (after a dropped connection, say) updates the same rows instead of adding
-- copies. Every row carries its organisation, its author, a version and updated_at.
--
-- Versions are bumped by triggers, never by clients. The course's version also moves when
-- anything in its tree is edited outside a desktop push, so "the course changed since I last
-- synced it" is one comparison on one row. A desktop push identifies itself with push_id:
-- writing the course row with a new push_id opens a push (only if its base_version is still
-- the course's version: compare-and-swap), the push's own child writes carry the same
-- push_id and are refused once the push is no longer open, and clearing push_open with that
-- push_id commits it. Any other write clears push_id and closes the push, which is how the
-- desktop tells its own unfinished push from someone else's edit, and why it can never
-- overwrite an edit made while it was pushing. (A delete while a push is open is attributed
-- to that push: deletes carry no push_id, and only pushes delete children.)

create table public.courses (
  id uuid primary key,
  organization_id uuid not null references public.organizations (id) on delete cascade,
  -- Not a foreign key to auth.users: a course outlives its author's account.
  created_by uuid not null default auth.uid(),
  title text not null,
  description text not null default '',
  status text not null,
  topic jsonb not null,
  outline jsonb,
  summary jsonb,
  published_at timestamptz,
  push_id uuid,
  push_open boolean not null default false,
  -- The version the latest push started from. Not folded into `version`: in an upsert the
  -- row proposed for insert has been through the insert triggers already, which set version.
  base_version integer,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (id, organization_id)
);
create index courses_by_organization on public.courses (organization_id);

create table public.projects (
  id uuid primary key,
  course_id uuid not null,
  organization_id uuid not null,
  created_by uuid not null default auth.uid(),
  position integer not null check (position >= 0),
  title text not null,
  description text not null default '',
  push_id uuid,
  version integer not null default 1,
  updated_at timestamptz not null default now(),
  unique (id, course_id),
  foreign key (course_id, organization_id) references public.courses (id, organization_id) on delete cascade
);
create index projects_by_course on public.projects (course_id);

create table public.lessons (
  id uuid primary key,
  project_id uuid not null,
  course_id uuid not null,
  organization_id uuid not null,
  created_by uuid not null default auth.uid(),
  position integer not null check (position >= 0),
  title text not null,
  content text not null,
  objectives jsonb not null default '[]',
  push_id uuid,
  version integer not null default 1,
  updated_at timestamptz not null default now(),
  unique (id, course_id),
  foreign key (project_id, course_id) references public.projects (id, course_id) on delete cascade,
  foreign key (course_id, organization_id) references public.courses (id, organization_id) on delete cascade
);
create index lessons_by_course on public.lessons (course_id);
create index lessons_by_project on public.lessons (project_id);

create table public.tasks (
  id uuid primary key,
  lesson_id uuid not null,
  course_id uuid not null,
  organization_id uuid not null,
  created_by uuid not null default auth.uid(),
  position integer not null check (position >= 0),
  kind text not null check (kind in ('exercise', 'quiz', 'reflection')),
  prompt text not null,
  answer_key text,
  push_id uuid,
  version integer not null default 1,
  updated_at timestamptz not null default now(),
  foreign key (lesson_id, course_id) references public.lessons (id, course_id) on delete cascade,
  foreign key (course_id, organization_id) references public.courses (id, organization_id) on delete cascade
);
create index tasks_by_course on public.tasks (course_id);
create index tasks_by_lesson on public.tasks (lesson_id);

-- The desktop's job summary for the course: what generating it took. Written only by pushes.
create table public.generation_jobs (
  id uuid primary key,
  course_id uuid not null,
  organization_id uuid not null,
  created_by uuid not null default auth.uid(),
  status text not null,
  items_completed integer not null default 0,
  items_total integer not null default 0,
  retry_count integer not null default 0,
  calls integer not null default 0,
  input_tokens bigint not null default 0,
  output_tokens bigint not null default 0,
  cache_read_tokens bigint not null default 0,
  cache_write_tokens bigint not null default 0,
  cost_usd numeric(14, 6) not null default 0,
  queued_at timestamptz,
  started_at timestamptz,
  completed_at timestamptz,
  version integer not null default 1,
  updated_at timestamptz not null default now(),
  foreign key (course_id, organization_id) references public.courses (id, organization_id) on delete cascade
);
create index generation_jobs_by_course on public.generation_jobs (course_id);

-- Versions only move forward, one per write; authorship and the organisation never change.
create function public.stamp_row_version() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    new.version := 1;
  else
    if new.organization_id is distinct from old.organization_id then
      raise exception 'A row cannot move to another organisation.' using errcode = '42501';
    end if;
    new.created_by := old.created_by;
    new.version := old.version + 1;
  end if;
  new.updated_at := now();
  return new;
end
$$;

create function public.track_course_push() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    new.push_open := new.push_id is not null;
  elsif new.push_id is not null and new.push_id is distinct from old.push_id then
    if new.base_version is distinct from old.version then
      raise exception 'The course changed on the backend since it was read (version % now, % expected).', old.version, new.base_version
        using errcode = '40001';
    end if;
    new.push_open := true;
  elsif old.push_open and not new.push_open and new.push_id = old.push_id then
    null; -- the open push commits
  else
    new.push_id := null;
    new.push_open := false;
  end if;
  return new;
end
$$;

-- A child write that does not set a new push_id is an edit from elsewhere. One that does
-- belongs to a push, and is refused unless that push still holds the course open.
-- Security definer: the course row is read whatever the writer's policies show.
create function public.track_child_push() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op = 'UPDATE' and new.push_id is not distinct from old.push_id then
    new.push_id := null;
  elsif new.push_id is not null and not exists (
    select 1 from public.courses c where c.id = new.course_id and c.push_open and c.push_id = new.push_id
  ) then
    raise exception 'The course changed on the backend during this push.' using errcode = '40001';
  end if;
  return new;
end
$$;

-- Security definer: the course row must move even when the editor may write the child but
-- the course's own policies would hide it (they do not today; this keeps it that way).
create function public.mark_course_edited() returns trigger
language plpgsql security definer set search_path = ''
as $$
declare
  target uuid;
  row_push uuid;
  course_push uuid;
  course_open boolean;
begin
  if tg_op = 'DELETE' then
    target := old.course_id;
    row_push := null;
  else
    target := new.course_id;
    row_push := new.push_id;
  end if;
  select c.push_id, c.push_open into course_push, course_open from public.courses c where c.id = target;
  if not found then
    return null; -- the course itself is being deleted (cascade)
  end if;
  if course_open and (tg_op = 'DELETE' or row_push = course_push) then
    return null; -- part of the open push
  end if;
  update public.courses set push_id = null where id = target;
  return null;
end
$$;

create trigger a_track_push before insert or update on public.courses
  for each row execute function public.track_course_push();
create trigger b_stamp_version before insert or update on public.courses
  for each row execute function public.stamp_row_version();

create trigger a_track_push before insert or update on public.projects
  for each row execute function public.track_child_push();
create trigger b_stamp_version before insert or update on public.projects
  for each row execute function public.stamp_row_version();
create trigger c_mark_course_edited after insert or update or delete on public.projects
  for each row execute function public.mark_course_edited();

create trigger a_track_push before insert or update on public.lessons
  for each row execute function public.track_child_push();
create trigger b_stamp_version before insert or update on public.lessons
  for each row execute function public.stamp_row_version();
create trigger c_mark_course_edited after insert or update or delete on public.lessons
  for each row execute function public.mark_course_edited();

create trigger a_track_push before insert or update on public.tasks
  for each row execute function public.track_child_push();
create trigger b_stamp_version before insert or update on public.tasks
  for each row execute function public.stamp_row_version();
create trigger c_mark_course_edited after insert or update or delete on public.tasks
  for each row execute function public.mark_course_edited();

create trigger b_stamp_version before insert or update on public.generation_jobs
  for each row execute function public.stamp_row_version();

revoke execute on function public.mark_course_edited(), public.track_child_push() from public;
