// imsmanifest.xml of a Common Cartridge 1.1. The CC 1.1 imscp namespace is the default
// namespace on the root element, written first, so it sits within the first 500 bytes that
// Moodle's format detector reads. One organization, rooted-hierarchy, one untitled root
// item; every identifier is an xs:ID made from plan keys, every identifierref points at a
// resource written here, and assessment and discussion resources have one <file>, no href.
import { XML_DECLARATION, xmlAttr, xmlText } from '../lms/xml';

export const CC_NAMESPACE = 'http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1';
export const LOM_MANIFEST_NAMESPACE = 'http://ltsc.ieee.org/xsd/imsccv1p1/LOM/manifest';

export type CcResourceType = 'webcontent' | 'imsqti_xmlv1p2/imscc_xmlv1p1/assessment' | 'imsdt_xmlv1p1';

export interface CcResource {
  identifier: string;
  type: CcResourceType;
  /** The launch file: webcontent pages only. */
  href?: string;
  files: string[];
  dependencies: string[];
}

export interface CcItem {
  identifier: string;
  title: string;
  /** A leaf points at a resource; a folder (a project) holds items. */
  identifierref?: string;
  children?: CcItem[];
}

export interface CcManifest {
  identifier: string;
  title: string;
  description: string;
  language: string | null;
  items: CcItem[];
  resources: CcResource[];
}

export function manifestXml(m: CcManifest): string {
  const lang = m.language ? ` language="${xmlAttr(m.language)}"` : '';
  const general = [
    `<lomimscc:title><lomimscc:string${lang}>${xmlText(m.title)}</lomimscc:string></lomimscc:title>`,
    ...(m.language ? [`<lomimscc:language>${xmlText(m.language)}</lomimscc:language>`] : []),
    ...(m.description ? [`<lomimscc:description><lomimscc:string${lang}>${xmlText(m.description)}</lomimscc:string></lomimscc:description>`] : []),
  ];
  return [
    XML_DECLARATION,
    `<manifest xmlns="${CC_NAMESPACE}" xmlns:lomimscc="${LOM_MANIFEST_NAMESPACE}" identifier="${xmlAttr(m.identifier)}">`,
    '<metadata>',
    '<schema>IMS Common Cartridge</schema>',
    '<schemaversion>1.1.0</schemaversion>',
    '<lomimscc:lom>',
    '<lomimscc:general>',
    ...general,
    '</lomimscc:general>',
    '</lomimscc:lom>',
    '</metadata>',
    '<organizations>',
    '<organization identifier="ORG" structure="rooted-hierarchy">',
    '<item identifier="ROOT">',
    ...m.items.map(itemXml),
    '</item>',
    '</organization>',
    '</organizations>',
    '<resources>',
    ...m.resources.map(resourceXml),
    '</resources>',
    '</manifest>',
    '',
  ].join('\n');
}

function itemXml(item: CcItem): string {
  const ref = item.identifierref ? ` identifierref="${xmlAttr(item.identifierref)}"` : '';
  const children = (item.children ?? []).map(itemXml);
  return [`<item identifier="${xmlAttr(item.identifier)}"${ref}>`, `<title>${xmlText(item.title)}</title>`, ...children, '</item>'].join('\n');
}

function resourceXml(r: CcResource): string {
  const href = r.href ? ` href="${xmlAttr(r.href)}"` : '';
  return [
    `<resource identifier="${xmlAttr(r.identifier)}" type="${r.type}"${href}>`,
    ...r.files.map((file) => `<file href="${xmlAttr(file)}"/>`),
    ...r.dependencies.map((dep) => `<dependency identifierref="${xmlAttr(dep)}"/>`),
    '</resource>',
  ].join('\n');
}
