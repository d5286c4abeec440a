// Runs work items a few at a time (the main process has its own request limit; this keeps
// the renderer from flooding it with hundreds of commands at once). Never rejects: each
// item's failure is the item's business.
export async function runLimited<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>, signal?: { cancelled: boolean }): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length && !signal?.cancelled) {
      const index = next++;
      try {
        await work(items[index]!, index);
      } catch {
        // `work` reports its own failures; one bad item must not stop the others.
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
