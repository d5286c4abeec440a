// Version history of lessons and tasks, as main stores it and the course editor shows it.
// A version's body is the unit's content as it was then, read back leniently: a version
// keeps text that today's checks might refuse, so the renderer gets it as plain text.

export const UNIT_KINDS = ['lesson', 'task'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export const VERSION_REASONS = ['generated', 'regenerated', 'edited', 'synced', 'restored', 'migrated'] as const;
export type VersionReason = (typeof VERSION_REASONS)[number];

export type AuthorKind = 'person' | 'model' | 'sync' | 'app';

export interface LessonVersionBody {
  unitKind: 'lesson';
  title: string;
  content: string;
  objectives: string[];
}

export interface TaskVersionBody {
  unitKind: 'task';
  kind: string;
  prompt: string;
  answerKey: string | null;
  /** The quiz questions as stored (JSON text), or null. Shown as text in a diff. */
  questionsJson: string | null;
}

export type VersionBody = LessonVersionBody | TaskVersionBody;

export interface UnitVersion {
  unitKind: UnitKind;
  unitId: string;
  version: number;
  reason: VersionReason;
  authorKind: AuthorKind;
  /** The reviewer's name, the model's name, or what the sync pulled from. */
  author: string;
  /** For a restore: the version number it brought back. */
  restoredFrom: number | null;
  createdAt: string;
  body: VersionBody;
}

/** One unit whose content differs from what the course's approval covered. */
export interface ChangedUnit {
  unitKind: UnitKind;
  unitId: string;
  /** The lesson's title, or the task's lesson title and position, for the list. */
  label: string;
  change: 'edited' | 'added' | 'removed';
  approvedVersion: number | null;
  currentVersion: number | null;
}

export interface ApprovalDrift {
  /** The course has an approval with pins to compare against. */
  approved: boolean;
  changed: ChangedUnit[];
}
