// Version history kept to the last K versions of each lesson and task. Never removed: a
// unit's current version (its highest number; a restore adds a new version, so the highest
// is always what the unit holds) and every version an approval is pinned to.
import type Database from 'better-sqlite3';
import type { Store } from '../db/store';

const ROWS_PER_TRANSACTION = 5_000;

function statements(db: Database.Database) {
  const surplus = `SELECT id FROM (
      SELECT v.id, v.unit_kind, v.unit_id, v.version,
        ROW_NUMBER() OVER (PARTITION BY v.unit_kind, v.unit_id ORDER BY v.version DESC) AS newest
      FROM unit_versions v) r
    WHERE r.newest > :keep
      AND NOT EXISTS (SELECT 1 FROM approval_pins p WHERE p.unit_kind = r.unit_kind AND p.unit_id = r.unit_id AND p.version = r.version)`;
  return {
    count: db.prepare<{ keep: number }, { n: number }>(`SELECT COUNT(*) AS n FROM (${surplus})`),
    ids: db.prepare<{ keep: number }, { id: number }>(surplus),
    delete: db.prepare<[number]>(`DELETE FROM unit_versions WHERE id = ?`),
  };
}

/** Versions beyond the newest `keep` of each unit that are not pinned by an approval. */
export function countSurplusVersions(store: Store, keep: number): number {
  return statements(store.db).count.get({ keep })!.n;
}

export async function deleteSurplusVersions(store: Store, keep: number, between: () => Promise<void> = async () => {}): Promise<number> {
  if (!Number.isInteger(keep) || keep < 1) throw new Error('Keep at least one version of each unit.');
  const s = statements(store.db);
  const ids = s.ids.all({ keep }).map((r) => r.id);
  let deleted = 0;
  for (let i = 0; i < ids.length; i += ROWS_PER_TRANSACTION) {
    const chunk = ids.slice(i, i + ROWS_PER_TRANSACTION);
    // Checked again inside the write: a version pinned or added since the list was read stays.
    deleted += store.write(() => {
      const still = new Set(s.ids.all({ keep }).map((r) => r.id));
      let n = 0;
      for (const id of chunk) if (still.has(id)) n += s.delete.run(id).changes;
      return n;
    });
    await between();
  }
  return deleted;
}
