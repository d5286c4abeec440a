// `course-studio estimate`: what a topics file would cost to outline and generate, standard
// and economy, from this database's history. Makes no model call and needs no API key; a
// database that does not exist yet is not created (no history: rough defaults).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readModelRouting, readModelSettings } from '../core/app-settings';
import { cliRouting } from './model-routing';
import { Store } from '../db/store';
import { estimateTopics } from '../estimate/estimate';
import { detectTopicFormat, formatTopicError, parseTopics } from '../import/topics';
import type { EstimateArgs } from './args';
import { CliError } from './errors';
import { estimateLines } from './estimate-text';
import type { CliIo } from './io';
import { openStore } from './open-store';
import { plural } from './text';
import { readTopicsFile } from './topics-file';

export async function estimateCommand(args: EstimateArgs, io: CliIo): Promise<number> {
  const text = readTopicsFile(args.topics, io.cwd);
  const format = args.format ?? detectTopicFormat(text, args.topics);
  const { rows, errors } = parseTopics(text, format);
  for (const error of errors) io.stderr.write(`${args.topics} ${formatTopicError(error)} (skipped)\n`);
  if (rows.length === 0) throw new CliError(`No topics to estimate in ${args.topics}.`);
  const chosen = cliRouting(args, io.env);
  const store = existsSync(resolve(io.cwd, args.db)) ? openStore(args.db, io.cwd, { create: false }) : Store.open(':memory:');
  try {
    const model = chosen.claudeModel ?? readModelSettings(store).model;
    // Steps on a local model are counted at $0.
    const estimate = estimateTopics(store, rows.map((r) => r.topic), model, args.options, chosen.routing ?? readModelRouting(store));
    if (args.json) {
      io.stdout.write(`${JSON.stringify({ ...estimate, economy: args.economy, usd: args.economy ? estimate.economyUsd : estimate.standardUsd }, null, 2)}\n`);
    } else {
      const what = `${plural(rows.length, 'topic')} (${plural(args.options, 'outline option')} each, then generation)`;
      io.stdout.write(`${estimateLines(estimate, what, args.economy).join('\n')}\n`);
    }
    return 0;
  } finally {
    store.close();
  }
}
