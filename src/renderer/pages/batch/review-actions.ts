// Review actions shared by the single-row buttons and the bulk ones.
import type { OutlineOption } from '../../../shared/domain';
import { api, call } from '../../lib/api';

export function firstOption(options: readonly OutlineOption[]): OutlineOption | undefined {
  return [...options].sort((a, b) => a.position - b.position)[0];
}

/** Makes sure an outline is chosen (the given option, else the chosen one, else the first) and returns the course id. */
export async function ensureChosen(courseId: string, optionId?: string): Promise<void> {
  const tree = await call(api().coursesGet({ courseId }));
  if (tree.status !== 'draft') throw new Error(`This course is already ${tree.status.replace('_', ' ')}.`);
  const pick = optionId ?? tree.chosenOptionId ?? firstOption(tree.options)?.id;
  if (!pick) throw new Error('This course has no outline options yet; generate them first.');
  if (tree.chosenOptionId !== pick || !tree.outline) await call(api().coursesChooseOption({ courseId, optionId: pick }));
}

export async function approveDraft(courseId: string, by: string, optionId?: string): Promise<void> {
  if (by.trim() === '') throw new Error('Enter the reviewer’s name above first.');
  await ensureChosen(courseId, optionId);
  await call(api().coursesApproveOutline({ courseId, by: by.trim(), note: '' }));
}
