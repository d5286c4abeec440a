// The overview's source materials: each file with its pages or words and tokens (or why it
// could not be read), a way to read its text, adding and removing files (the wizard's drop
// zone and rows), and the lessons that cite none of them, so a reviewer checks those first.
// Shown when the course has materials or can still take them; while a job writes the course
// the list stays but cannot change (main refuses too; a refusal is shown where it was asked).
import { useCallback, useEffect, useRef, useState } from 'react';
import type { CourseTree } from '../../../shared/domain';
import type { AttachResult, CourseMaterial } from '../../../shared/materials';
import { InlineError } from '../../components/InlineError';
import { MATERIAL_FORMATS_HINT, MaterialDrop, MaterialRow } from '../../components/MaterialPicker';
import { api, call, errorMessage } from '../../lib/api';
import { chosenFiles, droppedFiles, type FileToAttach } from '../../lib/material-files';
import { materialsEditing } from '../../lib/materials-text';
import { MaterialsPrivacy } from '../wizard/MaterialsPrivacy';
import { SourceViewer, type SourceTarget } from './SourceViewer';

/** A file being read, or one that was never stored (missing, too large): shown until removed or the page is left. */
type Extra = { key: string; fileName: string; result: AttachResult | null };

let nextKey = 1;

export function CourseMaterials({ course, jobRunning }: { course: CourseTree; jobRunning: boolean }) {
  const [materials, setMaterials] = useState<CourseMaterial[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [extras, setExtras] = useState<Extra[]>([]);
  const [removing, setRemoving] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [open, setOpen] = useState<SourceTarget | null>(null);
  const addRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const editing = materialsEditing(course.status, jobRunning);

  const load = useCallback(async () => {
    try {
      setMaterials(await call(api().materialsList({ courseId: course.id })));
      setLoadError(null);
    } catch (e) {
      setLoadError(errorMessage(e));
    }
  }, [course.id]);
  useEffect(() => {
    void load();
  }, [load]);

  /** Lists the files as being read, sends them, keeps the answers that stored nothing, and reloads the list. */
  const attach = async (files: FileToAttach[]) => {
    if (files.length === 0) return;
    const keys = files.map(() => `c${nextKey++}`);
    setExtras((list) => [...list, ...files.map((f, i) => ({ key: keys[i]!, fileName: f.fileName, result: null }))]);
    setError(null);
    setStatus(`Reading ${files.length === 1 ? files[0]!.fileName : `${files.length} files`}…`);
    let results: AttachResult[];
    try {
      results = await call(api().materialsAttach({ courseId: course.id, files: files.map((f) => f.input) }));
    } catch (e) {
      // Refused as a whole (the course started generating): nothing was stored.
      setExtras((list) => list.filter((x) => !keys.includes(x.key)));
      setError(errorMessage(e));
      setStatus(errorMessage(e));
      return;
    }
    await load();
    setExtras((list) =>
      list.flatMap((x) => {
        const at = keys.indexOf(x.key);
        if (at < 0) return [x];
        const result = results[at]!;
        return result.material ? [] : [{ ...x, result }];
      }),
    );
    const bad = results.filter((r) => !r.ok);
    setStatus(bad.length === 0 ? `Added ${results.map((r) => r.fileName).join(', ')}.` : `${bad.map((r) => r.fileName).join(', ')} could not be used.`);
  };

  const choose = async () => {
    try {
      const { paths } = await call(api().appChooseFiles({ purpose: 'materials' }));
      await attach(chosenFiles(paths));
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const drop = async (files: File[]) => {
    const { requests, failed } = await droppedFiles(files);
    if (failed.length > 0) setExtras((list) => [...list, ...failed.map((result) => ({ key: `c${nextKey++}`, fileName: result.fileName, result }))]);
    for (const request of requests) await attach(request);
  };

  /** After React drops the row: the remove button now in its place, else the one above, else "Add files…". */
  const refocus = (index: number) =>
    requestAnimationFrame(() => {
      const buttons = listRef.current?.querySelectorAll<HTMLButtonElement>('button.material-remove:not(:disabled)') ?? [];
      (buttons[Math.min(index, buttons.length - 1)] ?? addRef.current)?.focus();
    });

  const remove = async (m: CourseMaterial, index: number) => {
    setRemoving(m.sha256);
    setError(null);
    try {
      await call(api().materialsRemove({ courseId: course.id, sha256: m.sha256 }));
      await load();
      setStatus(`Removed ${m.fileName}.`);
      refocus(index);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setRemoving(null);
    }
  };

  const forget = (key: string, index: number) => {
    setExtras((list) => list.filter((x) => x.key !== key));
    refocus(index);
  };

  if (loadError) {
    return (
      <section className="card">
        <h2>Source materials</h2>
        <p className="inline-error">{loadError}</p>
      </section>
    );
  }
  if (!materials || (materials.length === 0 && extras.length === 0 && !editing.open)) return null;
  const lessons = course.projects.flatMap((p) => p.lessons.map((l) => ({ lesson: l, project: p })));
  const uncited = lessons.filter(({ lesson }) => lesson.sources.length === 0);
  return (
    <section className="card course-materials source-materials" aria-labelledby="course-materials-title" data-testid="course-materials">
      <h2 id="course-materials-title">Source materials</h2>
      {editing.open && (
        <MaterialDrop
          label="Add files…"
          chooseRef={addRef}
          hint={`Drop more files here — ${MATERIAL_FORMATS_HINT}.`}
          onChoose={() => void choose()}
          onDrop={(files) => void drop(files)}
        />
      )}
      {editing.hint && <p className="muted material-note">{editing.hint}</p>}
      <InlineError message={error} />
      {materials.length === 0 && extras.length === 0 ? (
        <p className="muted">No files yet. Lessons are written from the files added here and say which parts they drew on.</p>
      ) : (
        <ul ref={listRef} className="material-list" aria-label="Source materials of this course">
          {materials.map((m, i) => (
            <MaterialRow
              key={m.sha256}
              name={m.fileName}
              material={m}
              error={m.error?.message ?? null}
              removing={!editing.open || removing === m.sha256}
              onOpen={() => setOpen({ sha256: m.sha256, fileName: m.fileName, location: null, note: '' })}
              onRemove={() => void remove(m, i)}
            />
          ))}
          {extras.map((x, i) => (
            <MaterialRow
              key={x.key}
              name={x.fileName}
              reading={x.result === null}
              material={null}
              error={x.result && !x.result.ok ? x.result.error.message : null}
              onRemove={() => forget(x.key, materials.length + i)}
            />
          ))}
        </ul>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      {editing.open && <MaterialsPrivacy />}
      {lessons.length > 0 && materials.length > 0 && (
        <div className="uncited-lessons" data-testid="uncited-lessons">
          <h3>Lessons that cite no material</h3>
          {uncited.length === 0 ? (
            <p className="muted">Every lesson cites at least one of these materials.</p>
          ) : (
            <>
              <p className="muted">Check these first: they were written without pointing at your materials.</p>
              <ul>
                {uncited.map(({ lesson, project }) => (
                  <li key={lesson.id}>
                    <a href={`#/courses/${course.id}?lesson=${lesson.id}`}>{lesson.title}</a> <span className="muted">— {project.title}</span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {open && <SourceViewer courseId={course.id} target={open} onClose={() => setOpen(null)} />}
    </section>
  );
}
