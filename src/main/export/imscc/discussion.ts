// A reflection task as a Common Cartridge discussion topic (imsdt_xmlv1p1): its title and
// its prompt as HTML from the one renderer.
import type { PlanPage } from '../lms/plan';
import { XML_DECLARATION, xmlText } from '../lms/xml';

export const DISCUSSION_NAMESPACE = 'http://www.imsglobal.org/xsd/imsccv1p1/imsdt_v1p1';

export function discussionXml(page: PlanPage): string {
  return [
    XML_DECLARATION,
    `<topic xmlns="${DISCUSSION_NAMESPACE}">`,
    // xs:normalizedString: the plan's titles are already one line
    `<title>${xmlText(page.title)}</title>`,
    `<text texttype="text/html">${xmlText(page.html)}</text>`,
    '</topic>',
    '',
  ].join('\n');
}
