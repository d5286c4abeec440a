// imsmanifest.xml of a SCORM 1.2 package: schema "ADL SCORM" 1.2, one organization with one
// item launching the one SCO (adlcp:scormtype="sco"), the mastery score when the course has
// graded questions, and every file of the package listed on that resource.
import { XML_DECLARATION, xmlAttr, xmlText } from '../lms/xml';

export const IMSCP_NAMESPACE = 'http://www.imsproject.org/xsd/imscp_rootv1p1p2';
export const ADLCP_NAMESPACE = 'http://www.adlnet.org/xsd/adlcp_rootv1p2';

export interface Scorm12Manifest {
  identifier: string;
  title: string;
  launch: string;
  files: readonly string[];
  /** 0–100, or null when nothing in the course is graded. */
  masteryScore: number | null;
}

export function scormManifestXml(m: Scorm12Manifest): string {
  return [
    XML_DECLARATION,
    `<manifest xmlns="${IMSCP_NAMESPACE}" xmlns:adlcp="${ADLCP_NAMESPACE}" identifier="${xmlAttr(m.identifier)}" version="1.0">`,
    '<metadata>',
    '<schema>ADL SCORM</schema>',
    '<schemaversion>1.2</schemaversion>',
    '</metadata>',
    '<organizations default="ORG">',
    '<organization identifier="ORG">',
    `<title>${xmlText(m.title)}</title>`,
    '<item identifier="ITEM_SCO" identifierref="RES_SCO" isvisible="true">',
    `<title>${xmlText(m.title)}</title>`,
    ...(m.masteryScore === null ? [] : [`<adlcp:masteryscore>${m.masteryScore}</adlcp:masteryscore>`]),
    '</item>',
    '</organization>',
    '</organizations>',
    '<resources>',
    `<resource identifier="RES_SCO" type="webcontent" adlcp:scormtype="sco" href="${xmlAttr(m.launch)}">`,
    ...m.files.map((file) => `<file href="${xmlAttr(file)}"/>`),
    '</resource>',
    '</resources>',
    '</manifest>',
    '',
  ].join('\n');
}
