// A course as an IMS Common Cartridge 1.1 package (.imscc): the introduction page first,
// then one titled folder per project (a section in Moodle, a module in Canvas) holding each
// lesson's page and its activities — exercises as pages, the quiz as a QTI assessment,
// reflections as discussion topics. Pure: the same tree gives the same bytes.
import type { CourseTree } from '../../../shared/domain';
import { htmlDocument, STYLESHEET } from '../lms/page';
import { buildPlan, type PlanPage } from '../lms/plan';
import { sourcePaths } from '../lms/sources';
import { zip, type ZipEntry } from '../zip';
import { escapeHtml } from '../html';
import { discussionXml } from './discussion';
import { manifestXml, type CcItem, type CcResource } from './manifest';
import { assessmentXml } from './qti';


const STYLE_FILE = 'pages/course.css';
const STYLE_RESOURCE = 'R_style';

export interface ImsccOptions {
  /** The course's source files, when the instructor asks for them: web resources under sources/, linked from the lessons citing them. */
  materials?: readonly { sha256: string; fileName: string; bytes: Uint8Array }[];
}

export function exportImscc(course: CourseTree, options: ImsccOptions = {}): Uint8Array {
  const materials = options.materials ?? [];
  const sourceFiles = sourcePaths(materials);
  const plan = buildPlan(course, { sources: sourceFiles, linkPrefix: '../' });
  const files: ZipEntry[] = [{ path: STYLE_FILE, data: STYLESHEET }];
  const resources: CcResource[] = [{ identifier: STYLE_RESOURCE, type: 'webcontent', files: [STYLE_FILE], dependencies: [] }];
  // Each source file is a web resource of its own (no item: it is not a page of the course),
  // which the lesson pages that link to it depend on.
  const sourceResources = new Map<string, string>();
  [...sourceFiles].forEach(([sha256, path], i) => {
    const identifier = `R_source${i + 1}`;
    files.push({ path, data: materials.find((m) => m.sha256 === sha256)!.bytes });
    resources.push({ identifier, type: 'webcontent', href: path, files: [path], dependencies: [] });
    sourceResources.set(sha256, identifier);
  });

  const page = (p: PlanPage): CcItem => {
    const path = `pages/${p.key}.html`;
    const body = `<h1>${escapeHtml(p.heading)}</h1>\n${p.html}`;
    files.push({ path, data: htmlDocument({ title: p.title, language: plan.language, stylesheet: 'course.css', body }) });
    const cited = (p.cites ?? []).flatMap((sha256) => sourceResources.get(sha256) ?? []);
    resources.push({ identifier: `R_${p.key}`, type: 'webcontent', href: path, files: [path], dependencies: [STYLE_RESOURCE, ...cited] });
    return { identifier: `I_${p.key}`, title: p.title, identifierref: `R_${p.key}` };
  };

  const items: CcItem[] = [page(plan.intro)];
  for (const project of plan.projects) {
    const children = project.activities.map((activity): CcItem => {
      if (activity.kind === 'quiz') {
        const path = `${activity.key}/assessment.xml`;
        files.push({ path, data: assessmentXml(activity) });
        resources.push({ identifier: `R_${activity.key}`, type: 'imsqti_xmlv1p2/imscc_xmlv1p1/assessment', files: [path], dependencies: [] });
        return { identifier: `I_${activity.key}`, title: activity.title, identifierref: `R_${activity.key}` };
      }
      if (activity.kind === 'reflection') {
        const path = `${activity.key}/topic.xml`;
        files.push({ path, data: discussionXml(activity) });
        resources.push({ identifier: `R_${activity.key}`, type: 'imsdt_xmlv1p1', files: [path], dependencies: [] });
        return { identifier: `I_${activity.key}`, title: activity.title, identifierref: `R_${activity.key}` };
      }
      return page(activity);
    });
    items.push({ identifier: `I_${project.key}`, title: project.title, children });
  }

  const manifest = manifestXml({
    identifier: `CS_${course.id.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64)}`,
    title: plan.title,
    description: plan.description,
    language: plan.language,
    items,
    resources,
  });
  return zip([{ path: 'imsmanifest.xml', data: manifest }, ...files]);
}
