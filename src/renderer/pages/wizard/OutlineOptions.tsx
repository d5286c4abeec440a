// Step 2: the outline options side by side. While they stream, each column fills in as the
// model writes; once stored, the saved options are shown and one can be picked (or all
// regenerated). Regenerating drops the outline chosen from the old options and picking one
// replaces the outline, so either asks first when it would throw away the person's edits.
import { useEffect, useRef } from 'react';
import type { CourseTree } from '../../../shared/domain';
import { ConfirmButton } from '../../components/ConfirmButton';
import { InlineError } from '../../components/InlineError';
import { api, call } from '../../lib/api';
import { previewFromPartial } from '../../lib/partial-outline';
import { useAction } from '../../lib/use-action';
import { navigate } from '../../lib/use-route';
import { useOutlineDrafts } from '../../store/outline-drafts';
import { useOutlineStream } from '../../store/outline-stream';
import { OptionCard } from './OptionCard';
import { optionsIntro } from './options-text';
import { chooseDropsEdits, regenerateDropsOutline } from './outline-choice';

export function OutlineOptions({ course, onChanged }: { course: CourseTree; onChanged: () => Promise<void> }) {
  const stream = useOutlineStream((s) => s.byCourse[course.id]);
  const hasDraft = useOutlineDrafts((s) => s.byCourse[course.id] !== undefined);
  const choose = useAction();
  const running = stream?.running ?? false;
  const wasRunning = useRef(running);

  useEffect(() => {
    if (wasRunning.current && !running) void onChanged();
    wasRunning.current = running;
  }, [running, onChanged]);

  const regenerate = () => {
    // Main drops the chosen outline once the new options are stored; unsaved edits of it go now.
    useOutlineDrafts.getState().discard(course.id);
    void useOutlineStream.getState().generate(course.id, 3);
  };
  const pick = async (optionId: string) => {
    const done = await choose.run(() => call(api().coursesChooseOption({ courseId: course.id, optionId })));
    if (!done) return;
    useOutlineDrafts.getState().discard(course.id);
    navigate(['new', course.id]);
    await onChanged();
  };

  const saved = [...course.options].sort((a, b) => a.position - b.position);
  const showStream = running || (saved.length === 0 && stream !== undefined);
  const failed = stream && !running && !stream.error ? Object.values(stream.options).filter((o) => o.error).length : 0;
  const intro = optionsIntro({ writing: running ? (stream?.count ?? 3) : null, saved: saved.length, asked: stream?.count ?? saved.length, failed });
  const askFirst = regenerateDropsOutline(course, hasDraft);
  const confirmChoice = chooseDropsEdits(course, hasDraft) ? 'Replace your edited outline?' : undefined;
  const generateButton = (label: string, className: string) =>
    askFirst ? (
      <ConfirmButton label={label} confirmLabel="Drop your outline and regenerate?" onConfirm={regenerate} />
    ) : (
      <button type="button" className={className} onClick={regenerate}>
        {label}
      </button>
    );

  return (
    <section className="outline-options" aria-labelledby="options-title">
      <div className="section-header">
        <div>
          <h2 id="options-title">Pick an outline</h2>
          <p className="muted">{intro}</p>
        </div>
        {running ? (
          <button type="button" className="btn" disabled>
            Generating…
          </button>
        ) : (
          generateButton(saved.length > 0 ? 'Regenerate options' : 'Propose outlines', 'btn')
        )}
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
          {generateButton('Propose outlines', 'btn btn-primary')}
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
              confirmChoice={confirmChoice}
            />
          ))}
        </div>
      )}
    </section>
  );
}
