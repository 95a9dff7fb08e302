-- The peer's tables, in a database of its own beside Tern's. An endpoint is a URL and its
-- signing secret; each event is stored before its jobs are queued, and each attempt to deliver
-- one to an endpoint is recorded with its outcome.
create table endpoints (
  id bigint generated always as identity primary key,
  url text not null,
  secret text not null,
  enabled boolean not null default true
);

create table events (
  id uuid primary key,
  type text not null,
  payload jsonb not null,
  created_at timestamptz not null default now()
);

create table attempts (
  id bigint generated always as identity primary key,
  event_id uuid not null,
  endpoint_id bigint not null,
  attempt integer not null,
  status integer,
  error text,
  duration_ms integer not null,
  created_at timestamptz not null default now()
);

-- An event's delivery history, the one lookup a sender like this serves.
create index attempts_event_idx on attempts (event_id);
