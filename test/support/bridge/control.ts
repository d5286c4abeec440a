// Test-control endpoints, only in the bridge: steer the fake model, reset or damage the
// data, read the database, call commands directly (to seed many jobs fast). Every request
// needs the control token (header x-bridge-control-token), which the page never sees.
//
//   GET  /__control/state                      data folder, fake URL, startup error, open pages
//   POST /__control/reset        {corruptDatabase?, apiKey?: string|null}
//   POST /__control/dispatch     {command, input?}            → CommandResult
//   POST /__control/db           {sql, params?}              → {rows}  (read-only statements only)
//   POST /__control/legacy-quizzes {courseId}                → {changed}: the course's quizzes as a version
//                                                             before typed questions wrote them (one question, an answer key)
//   POST /__control/secret       {key: string|null}          set or clear the stored API key
//   GET  /__control/opened-urls                               URLs app.openExternal opened
//   POST /__control/wait-idle    {timeoutMs?}                until the runner has nothing to do
//   POST /__control/dialog/folder {folder: string|null}      the folder dialog's next answer (null: closed without a choice);
//                                                             unset, it answers with a new temp folder
//   GET  /__control/dialog/folders                            the folders it answered with, in order
//   POST /__control/dialog/files {paths: string[]}           the file dialog's next answer, once ([]: closed without a choice);
//                                                             unset, it answers [] (closed)
//   GET  /__control/dialog/files                              {opened: purposes it was opened for, in order}
//   POST /__control/lesson-sources {lessonId, sources}        writes a lesson's sources ({material, location, note}[]) as
//                                                             generation would (for views that need them without the model citing)
//   POST /__control/fake/latency   {ms}
//   POST /__control/fake/offline   {offline}
//   POST /__control/fake/api-keys  {keys: string[]|null}     keys the fake accepts (null: any)
//   POST /__control/fake/fault     {kind, retryAfterSec?, tool?, times?}   one-shot faults, optionally for one unit
//   POST /__control/fake/fault-rates {rates, seed?}
//   POST /__control/fake/content   {tool, set?: {field: value}, input?} | {clear: true}
//   POST /__control/fake/hold      {tool?, midStream?}       → {id}: keep those calls pending (no tool: every call;
//                                                             midStream: a streamed answer stops halfway instead)
//   POST /__control/fake/release   {id?}                     let hold `id` (no id: every hold) go
//   POST /__control/fake/held      {id?}                     → {held}: calls hold `id` (no id: all) keeps waiting now
// `tool` names the unit (submit_outline, submit_lessons, submit_tasks, submit_course_summary)
// in either structured output mode (see requested-unit.ts).
//   GET  /__control/fake/requests                             what the fake received (no bodies; toolName = the unit, in either mode)
// Message Batches (economy mode; see fake-anthropic/batches.ts):
//   POST /__control/fake/batch-settings {processingMs?, cancelMs?}   batches created afterwards
//   POST /__control/fake/batch-hold     {point, afterLines?}  hold batch requests at 'create' (before the fake reads it),
//                                                             'created' (the batch exists, its id not yet sent back) or
//                                                             'results' (after `afterLines` lines of a results file)
//   POST /__control/fake/batch-release  {point?}              let them go (no point: every batch hold)
//   POST /__control/fake/batch-held     {point, count?, timeoutMs?} → {held}: waits until `count` requests reached the hold
//   GET  /__control/fake/batches                              the batches the fake has: {id, status, requests}
import Database from 'better-sqlite3';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { z } from 'zod';
import { DATABASE_FILE } from '../../../src/main/app-core';
import { FAULT_KINDS, extractTopic, extractVariant, generateFromSchema } from '../fake-anthropic';
import { sourceLocationSchema } from '../../../src/shared/materials';
import { CONTROL_TOKEN_HEADER } from './protocol';
import { requestedUnit } from './requested-unit';
import { tokensEqual } from './sender-check';
import type { BridgeInternals } from './server';

const toolName = (body: any): string | null => requestedUnit(body)?.tool ?? null;

/** Sets `field` to `value` on every object (at any depth) that has it. */
export function setFields(value: unknown, fields: Record<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((v) => setFields(v, fields));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = Object.hasOwn(fields, key) ? fields[key] : setFields(v, fields);
  return out;
}

const schemas = {
  reset: z.object({ corruptDatabase: z.boolean().optional(), apiKey: z.string().nullable().optional() }).strict(),
  dispatch: z.object({ command: z.string(), input: z.unknown().optional() }).strict(),
  db: z.object({ sql: z.string().min(1), params: z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).optional() }).strict(),
  legacyQuizzes: z.object({ courseId: z.string().min(1) }).strict(),
  ageJobs: z.object({ days: z.number().int().min(1).max(3650) }).strict(),
  secret: z.object({ key: z.string().nullable() }).strict(),
  waitIdle: z.object({ timeoutMs: z.number().int().positive().max(120_000).optional() }).strict(),
  folder: z.object({ folder: z.string().min(1).nullable() }).strict(),
  files: z.object({ paths: z.array(z.string().min(1)).max(100) }).strict(),
  lessonSources: z
    .object({
      lessonId: z.string().min(1),
      sources: z.array(z.object({ material: z.string().regex(/^[0-9a-f]{64}$/), location: sourceLocationSchema, note: z.string() }).strict()).max(50),
    })
    .strict(),
  latency: z.object({ ms: z.number().min(0).max(600_000) }).strict(),
  offline: z.object({ offline: z.boolean() }).strict(),
  apiKeys: z.object({ keys: z.array(z.string()).nullable() }).strict(),
  fault: z
    .object({
      kind: z.enum(FAULT_KINDS),
      retryAfterSec: z.number().min(0).optional(),
      tool: z.string().optional(),
      times: z.number().int().min(1).max(100).optional(),
    })
    .strict(),
  hold: z.object({ tool: z.string().optional(), midStream: z.boolean().optional() }).strict(),
  holdId: z.object({ id: z.number().int().positive().optional() }).strict(),
  batchSettings: z.object({ processingMs: z.number().min(0).max(86_400_000).optional(), cancelMs: z.number().min(0).max(600_000).optional() }).strict(),
  batchHold: z.object({ point: z.enum(['create', 'created', 'results']), afterLines: z.number().int().min(0).optional() }).strict(),
  batchRelease: z.object({ point: z.enum(['create', 'created', 'results']).optional() }).strict(),
  batchHeld: z
    .object({ point: z.enum(['create', 'created', 'results']), count: z.number().int().min(1).optional(), timeoutMs: z.number().int().positive().max(120_000).optional() })
    .strict(),
  // Partial: zod 4's z.record with an enum key asks for every kind.
  faultRates: z.object({ rates: z.partialRecord(z.enum(FAULT_KINDS), z.number().min(0).max(1)), seed: z.number().optional() }).strict(),
  content: z.union([
    z.object({ clear: z.literal(true) }).strict(),
    z.object({ tool: z.string(), set: z.record(z.string(), z.unknown()).optional(), input: z.unknown().optional() }).strict(),
  ]),
};

async function readJson(req: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text.trim() === '' ? {} : JSON.parse(text);
}

function queryDatabase(dataDir: string, sql: string, params: unknown[] | Record<string, unknown> | undefined) {
  // A separate read-only connection: tests look at the rows the app wrote without being
  // able to change them behind the app's back.
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    const statement = db.prepare(sql);
    if (!statement.reader) throw new Error('Only statements that return rows (SELECT…) are allowed.');
    return params === undefined ? statement.all() : Array.isArray(params) ? statement.all(...params) : statement.all(params);
  } finally {
    db.close();
  }
}

/** What a database from before migration 8 holds for each quiz: one free-text question and its answer key. */
function makeQuizzesLegacy(dataDir: string, courseId: string): number {
  const db = new Database(join(dataDir, DATABASE_FILE), { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    return db
      .prepare(
        `UPDATE tasks SET questions_json = NULL, prompt = 'Explain in your own words what this lesson taught.', answer_key = 'A good answer names the main idea and one example.'
          WHERE kind = 'quiz' AND lesson_id IN (SELECT l.id FROM lessons l JOIN projects p ON p.id = l.project_id WHERE p.course_id = ?)`,
      )
      .run(courseId).changes;
  } finally {
    db.close();
  }
}

/** Makes every finished job (and its log lines) finish `days` ago: old enough for Settings → Storage's log cleanup. */
function ageFinishedJobs(dataDir: string, days: number): number {
  const db = new Database(join(dataDir, DATABASE_FILE), { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const at = new Date(Date.now() - days * 86_400_000).toISOString();
    return db.transaction(() => {
      const finished = `SELECT id FROM jobs WHERE status IN ('completed', 'failed', 'cancelled')`;
      db.prepare(`UPDATE job_logs SET ts = ? WHERE job_id IN (${finished})`).run(at);
      return db.prepare(`UPDATE jobs SET completed_at = ? WHERE id IN (${finished})`).run(at).changes;
    })();
  } finally {
    db.close();
  }
}

export async function handleControl(
  req: IncomingMessage,
  res: ServerResponse,
  pathname: string,
  deps: { token: string; internals: BridgeInternals },
): Promise<void> {
  const reply = (status: number, value: unknown) => {
    const body = JSON.stringify(value);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'cache-control': 'no-store' });
    res.end(body);
  };
  const header = req.headers[CONTROL_TOKEN_HEADER];
  if (typeof header !== 'string' || !tokensEqual(header, deps.token)) return reply(403, { error: 'missing or wrong control token' });
  const { internals } = deps;
  const { fake } = internals;
  try {
    const body = await readJson(req);
    const route = `${req.method} ${pathname.slice('/__control'.length)}`;
    switch (route) {
      case 'GET /state':
        return reply(200, {
          dataDir: internals.dataDir,
          fakeUrl: fake.url,
          startupError: internals.startupError(),
          connections: internals.connections(),
        });
      case 'POST /reset':
        await internals.reset(schemas.reset.parse(body));
        return reply(200, { ok: true, startupError: internals.startupError() });
      case 'POST /dispatch': {
        const { command, input } = schemas.dispatch.parse(body);
        return reply(200, await internals.dispatch(command, input));
      }
      case 'POST /db': {
        const { sql, params } = schemas.db.parse(body);
        return reply(200, { rows: queryDatabase(internals.dataDir, sql, params) });
      }
      case 'POST /legacy-quizzes': {
        const { courseId } = schemas.legacyQuizzes.parse(body);
        return reply(200, { changed: makeQuizzesLegacy(internals.dataDir, courseId) });
      }
      case 'POST /age-jobs': {
        const { days } = schemas.ageJobs.parse(body);
        return reply(200, { changed: ageFinishedJobs(internals.dataDir, days) });
      }
      case 'POST /secret': {
        const { key } = schemas.secret.parse(body);
        if (key === null) internals.secrets.clear();
        else internals.secrets.set(key);
        return reply(200, { ok: true });
      }
      case 'GET /opened-urls':
        return reply(200, { urls: internals.openedUrls });
      case 'POST /wait-idle': {
        const { timeoutMs = 60_000 } = schemas.waitIdle.parse(body);
        const core = internals.core();
        if (!core) return reply(409, { error: 'the core is not running' });
        let timer: NodeJS.Timeout | undefined;
        const idle = await Promise.race([
          core.runner.waitUntilIdle().then(() => true),
          new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
        ]);
        clearTimeout(timer);
        return reply(idle ? 200 : 408, { idle });
      }
      case 'POST /dialog/folder':
        internals.nextFolder = schemas.folder.parse(body);
        return reply(200, { ok: true });
      case 'POST /dialog/files':
        internals.nextFiles = schemas.files.parse(body).paths;
        return reply(200, { ok: true });
      case 'GET /dialog/files':
        return reply(200, { opened: internals.filesDialogOpened });
      case 'POST /lesson-sources': {
        const { lessonId, sources } = schemas.lessonSources.parse(body);
        const core = internals.core();
        if (!core) return reply(409, { error: 'the core is not running' });
        core.store.write(() => core.store.materials.setLessonSources(lessonId, sources));
        return reply(200, { ok: true });
      }
      case 'GET /dialog/folders':
        return reply(200, { folders: internals.chosenFolders });
      case 'POST /fake/latency':
        fake.setLatency(schemas.latency.parse(body).ms);
        return reply(200, { ok: true });
      case 'POST /fake/offline':
        fake.setOffline(schemas.offline.parse(body).offline);
        return reply(200, { ok: true });
      case 'POST /fake/api-keys':
        fake.setApiKeys(schemas.apiKeys.parse(body).keys);
        return reply(200, { ok: true });
      case 'POST /fake/fault': {
        const { kind, retryAfterSec, tool, times = 1 } = schemas.fault.parse(body);
        for (let i = 0; i < times; i++) {
          fake.enqueueFault({ kind, ...(retryAfterSec !== undefined ? { retryAfterSec } : {}) }, tool ? (b) => toolName(b) === tool : undefined);
        }
        return reply(200, { ok: true });
      }
      case 'POST /fake/fault-rates': {
        const { rates, seed } = schemas.faultRates.parse(body);
        fake.setFaultRates(rates, seed);
        return reply(200, { ok: true });
      }
      case 'POST /fake/content': {
        const rule = schemas.content.parse(body);
        if ('clear' in rule) {
          fake.setContentOverride(null);
          return reply(200, { ok: true });
        }
        fake.setContentOverride((b: any) => {
          const unit = requestedUnit(b);
          if (unit?.tool !== rule.tool) return undefined;
          if (rule.input !== undefined) return rule.input;
          const generated = generateFromSchema(unit.schema, extractTopic(b), extractVariant(b));
          return rule.set ? setFields(generated, rule.set) : generated;
        });
        return reply(200, { ok: true });
      }
      case 'POST /fake/hold': {
        const { tool, midStream } = schemas.hold.parse(body);
        return reply(200, { id: fake.hold(tool ? (b) => toolName(b) === tool : null, { midStream: midStream === true }) });
      }
      case 'POST /fake/release':
        fake.release(schemas.holdId.parse(body).id);
        return reply(200, { ok: true });
      case 'POST /fake/held':
        return reply(200, { held: fake.held(schemas.holdId.parse(body).id) });
      case 'POST /fake/batch-settings':
        fake.setBatchProcessing(schemas.batchSettings.parse(body));
        return reply(200, { ok: true });
      case 'POST /fake/batch-hold': {
        const { point, afterLines } = schemas.batchHold.parse(body);
        fake.holdBatch(point, afterLines === undefined ? {} : { afterLines });
        return reply(200, { ok: true });
      }
      case 'POST /fake/batch-release':
        fake.releaseBatchHold(schemas.batchRelease.parse(body).point);
        return reply(200, { ok: true });
      case 'POST /fake/batch-held': {
        const { point, count = 1, timeoutMs = 30_000 } = schemas.batchHeld.parse(body);
        let timer: NodeJS.Timeout | undefined;
        const held = await Promise.race([
          fake.untilBatchHeld(point, count).then(() => true),
          new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
        ]);
        clearTimeout(timer);
        return reply(held ? 200 : 408, { held });
      }
      case 'GET /fake/batches':
        return reply(200, { batches: fake.batches().map((b) => ({ id: b.id, status: b.processingStatus, requests: b.requests.length })) });
      case 'GET /fake/requests':
        return reply(200, {
          requests: fake.requests.map((r) => ({ id: r.id, toolName: toolName(r.body), status: r.status, outcome: r.outcome, fault: r.fault })),
        });
      default:
        return reply(404, { error: `unknown control route: ${route}` });
    }
  } catch (error) {
    const message = error instanceof z.ZodError ? z.prettifyError(error) : error instanceof Error ? error.message : String(error);
    return reply(400, { error: message });
  }
}
