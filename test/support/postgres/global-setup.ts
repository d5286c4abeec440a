// vitest globalSetup of the "sync" project: one throwaway PostgreSQL for all sync tests,
// handed to them with provide/inject, stopped and deleted when the run ends. Tests share
// the database, so each one works in organisations and users of its own.
import type { TestProject } from 'vitest/node';
import { startTestPostgres, type TestPostgres } from './cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

let server: TestPostgres | null = null;

export async function setup(project: TestProject): Promise<void> {
  server = await startTestPostgres({ log: (line) => console.log(`[postgres] ${line}`) });
  project.provide('postgresUrl', server.url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
  server = null;
}
