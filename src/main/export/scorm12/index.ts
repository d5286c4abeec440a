// A course as a SCORM 1.2 package (.zip): one SCO that carries its own navigation (a table
// of contents and Previous/Next through the introduction, lessons, exercises, quizzes and
// reflections), its own script and stylesheet, and the manifest at the zip root. Pure: the
// same tree and options give the same bytes.
import type { CourseTree } from '../../../shared/domain';
import { STYLESHEET } from '../lms/page';
import { buildPlan } from '../lms/plan';
import { sourcePaths } from '../lms/sources';
import { zip } from '../zip';
import { scormManifestXml } from './manifest';
import { PLAYER_FILES, playerPage } from './player-page';
import { PLAYER_SCRIPT } from './player-script';

export interface Scorm12Options {
  /** Percent of graded questions to pass (0–100); default 80. */
  masteryScore?: number;
  /** The course's source files, when the instructor asks for them: under sources/, listed on the SCO, linked from the lessons citing them. */
  materials?: readonly { sha256: string; fileName: string; bytes: Uint8Array }[];
}

export const DEFAULT_MASTERY_SCORE = 80;

export function exportScorm12(course: CourseTree, options: Scorm12Options = {}): Uint8Array {
  const mastery = options.masteryScore ?? DEFAULT_MASTERY_SCORE;
  if (!Number.isInteger(mastery) || mastery < 0 || mastery > 100) throw new RangeError(`The mastery score is a whole percent, 0–100 (got ${mastery})`);
  const materials = options.materials ?? [];
  const sourceFiles = sourcePaths(materials);
  const plan = buildPlan(course, { sources: sourceFiles });
  const sources = [...sourceFiles].map(([sha256, path]) => ({ path, data: materials.find((m) => m.sha256 === sha256)!.bytes }));
  const graded = plan.projects.some((p) => p.activities.some((a) => a.kind === 'quiz' && a.questions.some((q) => q.type !== 'essay')));
  // The SCO links to the source files, so they are files of its resource.
  const files = [PLAYER_FILES.page, PLAYER_FILES.script, PLAYER_FILES.stylesheet, ...sources.map((s) => s.path)];
  const manifest = scormManifestXml({
    identifier: `CS_${course.id.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64)}`,
    title: plan.title,
    launch: PLAYER_FILES.page,
    files,
    masteryScore: graded ? mastery : null,
  });
  return zip([
    { path: 'imsmanifest.xml', data: manifest },
    { path: PLAYER_FILES.page, data: playerPage(plan, mastery) },
    { path: PLAYER_FILES.script, data: PLAYER_SCRIPT },
    { path: PLAYER_FILES.stylesheet, data: STYLESHEET },
    ...sources,
  ]);
}
