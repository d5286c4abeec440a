// Settings people can change, with the bounds that keep them sensible. Parsed on every
// read and write: a nonsense value is refused with a message, never stored. There is no
// temperature: the API version the SDK speaks (2026-10-21) rejects sampling parameters.
import { z } from 'zod';

export const runnerLimitsSchema = z.object({
  jobs: z.number().int().min(1, 'Run at least 1 job at a time.').max(20, 'At most 20 jobs can run at once.'),
  requests: z.number().int().min(1, 'Allow at least 1 request at a time.').max(50, 'At most 50 requests can run at once.'),
});

export const modelSettingsSchema = z.object({
  model: z.string().trim().min(1).max(100),
  maxTokens: z.number().int().min(256).max(64_000),
  baseURL: z.url({ protocol: /^https?$/ }).nullable(),
});
export type ModelSettings = z.infer<typeof modelSettingsSchema>;
