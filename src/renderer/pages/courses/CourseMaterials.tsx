// The overview's source materials: each file with its pages or words and tokens (or why it
// could not be read), a way to read its text, and the lessons that cite none of them, so a
// reviewer checks those first. Shown only when the course has materials.
import { useEffect, useState } from 'react';
import type { CourseTree } from '../../../shared/domain';
import type { CourseMaterial } from '../../../shared/materials';
import { api, call, errorMessage } from '../../lib/api';
import { materialSize, pagesWithoutTextWarning, tokensText } from '../../lib/materials-text';
import { SourceViewer, type SourceTarget } from './SourceViewer';

export function CourseMaterials({ course }: { course: CourseTree }) {
  const [materials, setMaterials] = useState<CourseMaterial[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<SourceTarget | null>(null);
  useEffect(() => {
    let live = true;
    call(api().materialsList({ courseId: course.id }))
      .then((list) => live && setMaterials(list))
      .catch((e) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [course.id]);

  if (error) {
    return (
      <section className="card">
        <h2>Source materials</h2>
        <p className="inline-error">{error}</p>
      </section>
    );
  }
  if (!materials || materials.length === 0) return null;
  const lessons = course.projects.flatMap((p) => p.lessons.map((l) => ({ lesson: l, project: p })));
  const uncited = lessons.filter(({ lesson }) => lesson.sources.length === 0);
  return (
    <section className="card course-materials" aria-labelledby="course-materials-title" data-testid="course-materials">
      <h2 id="course-materials-title">Source materials</h2>
      <ul className="material-list">
        {materials.map((m) => {
          const warning = pagesWithoutTextWarning(m);
          return (
            <li key={m.sha256} className={`material-row${m.error ? ' has-error' : ''}`}>
              <div className="material-main">
                {m.error ? (
                  <span className="material-name">{m.fileName}</span>
                ) : (
                  <button type="button" className="btn-link material-name" onClick={() => setOpen({ sha256: m.sha256, fileName: m.fileName, location: null, note: '' })}>
                    {m.fileName}
                  </button>
                )}
                {!m.error && (
                  <span className="material-meta">
                    {materialSize(m)} · {tokensText(m.tokens)}
                  </span>
                )}
              </div>
              {m.error && <p className="material-error">{m.error.message}</p>}
              {warning && <p className="material-warning">{warning}</p>}
            </li>
          );
        })}
      </ul>
      {lessons.length > 0 && (
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
