// The course page's Export menu: IMS Common Cartridge and SCORM 1.2 packages for an LMS,
// Markdown and JSON to read or re-import. The menu stays open after an export and says
// which file was saved and how big it is; focus stays on the format pressed. The course's
// source files go into a package only when "Include source files" is ticked (never by
// default; Markdown and JSON list the sources without the files).
import { useRef, useState } from 'react';
import { formatByteSize, type CourseExportFormat } from '../../../shared/course-export';
import { ActionButton } from '../../components/ActionButton';
import { api, call } from '../../lib/api';
import { downloadExport } from '../../lib/download';
import type { ActionState } from '../../lib/use-action';

const FORMATS: { format: CourseExportFormat; label: string; hint: string }[] = [
  { format: 'imscc', label: 'IMS Common Cartridge (.imscc)', hint: 'Moodle, Canvas, Blackboard' },
  { format: 'scorm12', label: 'SCORM 1.2 (.zip)', hint: 'any SCORM player' },
  { format: 'markdown', label: 'Markdown (.md)', hint: 'to read or paste' },
  { format: 'json', label: 'JSON (.json)', hint: 'the whole course tree' },
];

export function ExportMenu({ courseId, exporting }: { courseId: string; exporting: ActionState }) {
  const [saved, setSaved] = useState<{ filename: string; size: string } | null>(null);
  const [includeMaterials, setIncludeMaterials] = useState(false);
  const menu = useRef<HTMLDetailsElement>(null);

  const exportAs = (format: CourseExportFormat) =>
    void exporting.run(async () => {
      setSaved(null);
      const isPackage = format === 'imscc' || format === 'scorm12';
      const file = await call(api().coursesExport({ courseId, format, ...(includeMaterials && isPackage ? { includeMaterials: true } : {}) }));
      downloadExport(file);
      setSaved({ filename: file.filename, size: formatByteSize(file.byteLength) });
    });

  return (
    <details
      className="export-menu"
      ref={menu}
      onKeyDown={(e) => {
        // Escape closes the menu and gives focus back to its button, as a menu does.
        if (e.key === 'Escape' && menu.current?.open) {
          e.stopPropagation();
          menu.current.open = false;
          menu.current.querySelector('summary')?.focus();
        }
      }}
    >
      <summary className="btn">Export</summary>
      <div className="export-menu-panel" role="group" aria-label="Export formats">
        {FORMATS.map(({ format, label, hint }) => (
          <ActionButton key={format} className="btn export-format" busy={exporting.pending} onClick={() => exportAs(format)}>
            {label} <span className="muted">{hint}</span>
          </ActionButton>
        ))}
        <label className="inline-field export-materials">
          <input type="checkbox" checked={includeMaterials} onChange={(e) => setIncludeMaterials(e.target.checked)} />
          <span>
            Include source files <span className="muted">in IMS CC and SCORM packages only</span>
          </span>
        </label>
        <p className="export-saved muted" role="status">
          {saved && (
            <>
              Saved <strong className="export-filename">{saved.filename}</strong> · <span className="export-size">{saved.size}</span>
            </>
          )}
        </p>
      </div>
    </details>
  );
}
