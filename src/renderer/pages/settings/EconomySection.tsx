// Economy mode and the budget (issue 14): whether new jobs go through the Message Batches API
// at half price unless chosen otherwise, and the spending caps per day and per queued batch
// of courses (empty: none). Checked on Save, then as the person fixes them; main checks again and its messages land here too.
import { useEffect, useState } from 'react';
import type { SettingsView } from '../../../shared/ipc-contract';
import { ActionButton } from '../../components/ActionButton';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/InlineError';
import { api, call } from '../../lib/api';
import { budgetDraftFrom, budgetUnchanged, checkBudgetDraft, type BudgetDraft } from '../../lib/budget-form';
import { focusLater } from '../../lib/focus';
import { useAction } from '../../lib/use-action';
import { useSettings } from '../../store/settings';
import { toast } from '../../store/toasts';

export function EconomySection({ settings }: { settings: SettingsView }) {
  const savedEconomy = settings.defaultEconomy ?? false;
  const [economy, setEconomy] = useState(savedEconomy);
  const [draft, setDraft] = useState<BudgetDraft>(() => budgetDraftFrom(settings.budget));
  const [dirty, setDirty] = useState(false);
  // Field messages show once the person tried to save, then live as they fix them: not while
  // typing the first digit, nor on leaving a field (a message appearing then would move the
  // Save button away from under the pointer between press and release).
  const [checked, setChecked] = useState(false);
  const save = useAction();
  const replace = useSettings((s) => s.replace);
  const { values, errors } = checkBudgetDraft(draft);

  useEffect(() => {
    if (dirty) return;
    setEconomy(settings.defaultEconomy ?? false);
    setDraft(budgetDraftFrom(settings.budget));
  }, [settings, dirty]);

  const set = (key: keyof BudgetDraft, value: string) => {
    setDraft((d) => ({ ...d, [key]: value }));
    setDirty(true);
  };
  const errorFor = (key: keyof BudgetDraft) => (checked ? errors[key] : undefined) ?? save.fieldErrors[`budget.${key}`];
  const unchanged = economy === savedEconomy && budgetUnchanged(values, settings.budget);

  return (
    <section className="card settings-section" aria-labelledby="economy-title">
      <h2 id="economy-title">Economy and budget</h2>
      <form
        className="prefs-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setChecked(true);
          if (!values) {
            // The first field that needs fixing takes focus, so its message is read with it.
            focusLater(errors.dailyUsd ? 'budget-daily' : 'budget-batch');
            return;
          }
          void save.run(async () => {
            replace(await call(api().settingsUpdate({ defaultEconomy: economy, budget: values })));
            setDirty(false);
            setChecked(false);
            toast({ tone: 'success', title: 'Economy and budget saved' });
          });
        }}
      >
        <label className="check">
          <input
            type="checkbox"
            checked={economy}
            onChange={(e) => {
              setEconomy(e.target.checked);
              setDirty(true);
            }}
            aria-describedby="economy-default-hint"
          />
          Queue new jobs in economy mode by default
        </label>
        <p className="field-hint" id="economy-default-hint">
          Economy sends a job&apos;s calls through Anthropic&apos;s Message Batches API: about half the price, answers within 24 h and usually under an hour. For
          overnight runs, not for drafting. You can still choose per course when you queue it.
        </p>
        <fieldset className="budget-fields">
          <legend>Budget</legend>
          <p className="field-hint">When spending would go over a cap, the queue pauses itself and says why; nothing is lost. Leave a field empty for no cap.</p>
          <div className="form-grid">
            <Field label="Daily cap ($)" hint="All model calls in a calendar day." error={errorFor('dailyUsd')}>
              <input
                type="text"
                inputMode="decimal"
                data-focus-key="budget-daily"
                value={draft.dailyUsd}
                placeholder="No cap"
                onChange={(e) => set('dailyUsd', e.target.value)}
              />
            </Field>
            <Field label="Per-batch cap ($)" hint="Each group of courses queued together (batch review, the CLI's queue)." error={errorFor('batchUsd')}>
              <input
                type="text"
                inputMode="decimal"
                data-focus-key="budget-batch"
                value={draft.batchUsd}
                placeholder="No cap"
                onChange={(e) => set('batchUsd', e.target.value)}
              />
            </Field>
          </div>
        </fieldset>
        <InlineError message={Object.keys(save.fieldErrors).some((k) => k.startsWith('budget.')) ? null : save.error} />
        <div className="form-actions">
          <ActionButton type="submit" className="btn btn-primary" data-focus-key="economy-save" busy={save.pending} unavailable={!dirty || unchanged}>
            Save economy and budget
          </ActionButton>
          {dirty && (
            <button
              type="button"
              className="btn btn-ghost"
              onClick={() => {
                setDirty(false);
                setChecked(false);
                setEconomy(savedEconomy);
                setDraft(budgetDraftFrom(settings.budget));
                save.clear();
                focusLater('economy-save');
              }}
            >
              Discard changes
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
