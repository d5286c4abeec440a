#!/usr/bin/env bash
# Starts a throwaway PostgreSQL (installing Debian's package first when missing and run as
# root), with the Supabase roles and auth schema and supabase/migrations applied; prints
# TEST_POSTGRES_URL, runs the given command with it set, then stops and deletes the cluster.
#   scripts/postgres-test.sh                 keep it running until Ctrl-C
#   scripts/postgres-test.sh npx vitest run test/integration/sync
# `npm test` does not need this: vitest's sync project starts the same server itself
# (test/support/postgres/global-setup.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
exec npx tsx test/support/postgres/cli.ts "$@"
