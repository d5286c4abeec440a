// Schema validation with Debian's xmllint (libxml2-utils), against the IMS CC 1.1 and SCORM
// 1.2 schemas copied unchanged into test/fixtures/lms-schemas/. Tests that need it skip
// (and say so) where xmllint is not installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCHEMAS = new URL('../../fixtures/lms-schemas/', import.meta.url).pathname;

export const SCHEMA = {
  ccManifest: join(SCHEMAS, 'cc11/cc11-manifest.xsd'),
  qti: join(SCHEMAS, 'cc11/ccv1p1_qtiasiv1p2p1_v1p0.xsd'),
  discussion: join(SCHEMAS, 'cc11/ccv1p1_imsdt_v1p1.xsd'),
  scormManifest: join(SCHEMAS, 'scorm12/scorm12-manifest.xsd'),
} as const;

export const hasXmllint = (() => {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** xmllint's complaints about `xml` under `schema`, or [] when it validates. */
export function schemaErrors(schema: string, xml: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'xmllint-'));
  try {
    const file = join(dir, 'doc.xml');
    writeFileSync(file, xml);
    const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', schema, file], { encoding: 'utf8' });
    if (run.status === 0) return [];
    // ims_xml.xsd (SCORM 1.2) makes libxml2 print a harmless namespace warning (see the schemas' README).
    return run.stderr.split('\n').filter((line) => line.trim() !== '' && !/ims_xml\.xsd|^filename=ims_xml|^\s*\^$/.test(line));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
