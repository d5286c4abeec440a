// Settings people can change, with the bounds that keep them sensible. Parsed on every
// read and write: a nonsense value is refused with a message, never stored. There is no
// temperature: the API version the SDK speaks (2026-10-21) rejects sampling parameters.
import { z } from 'zod';
import { COURSE_EXPORT_FORMATS } from './course-export';

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

/** A folder path as main received it from the OS folder dialog (main checks it was chosen there). */
export const folderPathSchema = z
  .string()
  .min(1, 'Choose a folder.')
  .max(4096, 'That folder path is too long.')
  .refine((path) => !path.includes('\u0000'), 'That is not a folder path.');

/** A job's auto-export (and Settings' default for new jobs): the folder and at least one format, each once. */
export const autoExportSchema = z
  .object({
    folder: folderPathSchema,
    formats: z
      .array(z.enum(COURSE_EXPORT_FORMATS))
      .min(1, 'Pick at least one format to export.')
      .max(COURSE_EXPORT_FORMATS.length)
      .refine((formats) => new Set(formats).size === formats.length, 'Each format once.'),
  })
  .strict();
