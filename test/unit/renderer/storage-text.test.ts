// Settings → Storage's words: sizes and what a cleanup will remove or removed.
import { expect, it } from 'vitest';
import { cleanupSentence, formatBytes } from '../../../src/renderer/pages/settings/storage-text';

it('formats sizes the way a person reads them', () => {
  expect(formatBytes(512)).toBe('512 B');
  expect(formatBytes(8192)).toBe('8.0 KB');
  expect(formatBytes(218_365_952)).toBe('208 MB');
  expect(formatBytes(3 * 1024 ** 4)).toBe('3.0 TB');
});

it('says what a cleanup will remove, or removed, in one sentence', () => {
  const none = { dryRun: true, logLines: 0, logJobs: 0, versions: 0, courses: 0, callsRolledUp: 0 };
  expect(cleanupSentence(none)).toBe('Nothing to remove.');
  expect(cleanupSentence({ ...none, dryRun: false })).toBe('Nothing was removed.');
  expect(cleanupSentence({ ...none, logLines: 1, logJobs: 1 })).toBe('Will remove 1 log line of 1 job.');
  expect(cleanupSentence({ ...none, dryRun: false, logLines: 12_040, logJobs: 12, versions: 3, courses: 1, callsRolledUp: 40 })).toBe(
    'Removed 12,040 log lines of 12 jobs, 3 old versions, 1 deleted course (40 call records kept as totals).',
  );
});
