// Materials attached in the wizard before their course exists: stored and read, but linked to
// no course yet, so a release (start-up tidy, emptying the bin) would take them. They are
// kept here, in memory, until the course is created or a few hours have passed — a topic form
// left open overnight attaches its files again. Another process (the CLI) does not see this
// list; its releases run only after a purge, and the files it would remove are re-attachable.
export const STAGED_FOR_MS = 6 * 60 * 60 * 1000;

export class StagedMaterials {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly nowMs: () => number = Date.now,
    private readonly keepMs = STAGED_FOR_MS,
  ) {}

  add(hash: string): void {
    this.until.set(hash, this.nowMs() + this.keepMs);
  }

  /** The hashes still staged: what a release must keep. */
  live(): Set<string> {
    const now = this.nowMs();
    for (const [hash, until] of this.until) if (until <= now) this.until.delete(hash);
    return new Set(this.until.keys());
  }
}
