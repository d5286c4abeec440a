// Step 2: the outline options side by side. While they stream, each column fills in as the
// model writes; once stored, the saved options are shown and one can be picked (or all
// regenerated).
import { useEffect, useRef } from 'react';
import type { CourseTree } from '../../../shared/domain';
import { InlineError } from '../../components/InlineError';
import { api, call } from '../../lib/api';
import { previewFromPartial } from '../../lib/partial-outline';
import { useAction } from '../../lib/use-action';
import { navigate } from '../../lib/use-route';
import { useOutlineStream } from '../../store/outline-stream';
import { OptionCard } from './OptionCard';

export function OutlineOptions({ course, onChanged }: { course: CourseTree; onChanged: () => Promise<void> }) {
  const stream = useOutlineStream((s) => s.byCourse[course.id]);
  const choose = useAction();
  const running = stream?.running ?? false;
  const wasRunning = useRef(running);

  useEffect(() => {
    if (wasRunning.current && !running) void onChanged();
    wasRunning.current = running;
  }, [running, onChanged]);

  const regenerate = () => void useOutlineStream.getState().generate(course.id, 3);
  const pick = async (optionId: string) => {
    const done = await choose.run(() => call(api().coursesChooseOption({ courseId: course.id, optionId })));
    if (!done) return;
    navigate(['new', course.id]);
    await onChanged();
  };

  const saved = [...course.options].sort((a, b) => a.position - b.position);
  const showStream = running || (saved.length === 0 && stream !== undefined);

  return (
    <section className="outline-options" aria-labelledby="options-title">
      <div className="section-header">
        <div>
          <h2 id="options-title">Pick an outline</h2>
          <p className="muted">
            {running ? 'The model is writing three different takes on your topic…' : 'Three takes on your topic. Pick the closest one; you can edit it next.'}
          </p>
        </div>
        <button type="button" className="btn" onClick={regenerate} disabled={running}>
          {running ? 'Generating…' : saved.length > 0 ? 'Regenerate options' : 'Propose outlines'}
        </button>
      </div>
      <InlineError message={stream?.error ? `The outlines could not be generated: ${stream.error}` : null} />
      <InlineError message={choose.error} />
      {showStream ? (
        <div className="option-grid" aria-busy={running}>
          {Array.from({ length: stream?.count ?? 3 }, (_, index) => {
            const option = stream?.options[index];
            return (
              <OptionCard
                key={index}
                index={index}
                preview={option?.preview ?? previewFromPartial(null)}
                state={option?.error ? 'error' : option?.done ? 'done' : 'streaming'}
                error={option?.error ?? null}
              />
            );
          })}
        </div>
      ) : saved.length === 0 ? (
        <div className="card empty-options">
          <p>No outline options yet.</p>
          <button type="button" className="btn btn-primary" onClick={regenerate}>
            Propose outlines
          </button>
        </div>
      ) : (
        <div className="option-grid">
          {saved.map((option, index) => (
            <OptionCard
              key={option.id}
              index={index}
              preview={previewFromPartial(option.outline)}
              outline={option.outline}
              state="done"
              error={null}
              chosen={course.chosenOptionId === option.id}
              onChoose={choose.pending ? undefined : () => void pick(option.id)}
            />
          ))}
        </div>
      )}
    </section>
  );
}
