// The topic form's source materials before the course exists: files chosen in the OS dialog
// or dropped are read in main (materials.attach without a course: stored and "staged"), and
// listed here with their answer; "Propose outlines" hands the staged ones to courses.create.
// A drop is split into requests as lib/material-files says (paths, or bytes one file each).
import { useCallback, useRef, useState } from 'react';
import type { AttachResult } from '../../../shared/materials';
import { api, call, errorMessage } from '../../lib/api';
import { chosenFiles, droppedFiles, failedAttach, type FileToAttach } from '../../lib/material-files';

export type MaterialEntry = { key: string; fileName: string; state: 'reading' } | { key: string; fileName: string; state: 'done'; result: AttachResult };

export interface TopicMaterials {
  entries: MaterialEntry[];
  reading: boolean;
  /** A sentence for the status region: what just happened. */
  status: string;
  choose(): Promise<void>;
  drop(files: readonly File[]): Promise<void>;
  remove(key: string): void;
  /** What courses.create links: each stored material once, under the name shown. */
  staged(): { sha256: string; name: string }[];
}

let nextKey = 1;

export function useTopicMaterials(): TopicMaterials {
  const [entries, setEntries] = useState<MaterialEntry[]>([]);
  const [status, setStatus] = useState('');
  const current = useRef(entries);
  current.current = entries;

  const settle = useCallback((keys: string[], results: AttachResult[]) => {
    setEntries((list) => list.map((e) => (keys.includes(e.key) ? { key: e.key, fileName: e.fileName, state: 'done', result: results[keys.indexOf(e.key)]! } : e)));
    const good = results.filter((r) => r.ok).length;
    const bad = results.length - good;
    setStatus(
      bad === 0
        ? `Added ${results.map((r) => r.fileName).join(', ')}.`
        : `${good > 0 ? `Added ${good}; ` : ''}${bad} could not be used: ${results
            .filter((r) => !r.ok)
            .map((r) => r.fileName)
            .join(', ')}.`,
    );
  }, []);

  /** Lists the files as being read, sends them, and puts each answer in its place. */
  const attach = useCallback(
    async (files: FileToAttach[]) => {
      if (files.length === 0) return;
      const keys = files.map(() => `m${nextKey++}`);
      setEntries((list) => [...list, ...files.map((f, i) => ({ key: keys[i]!, fileName: f.fileName, state: 'reading' as const }))]);
      setStatus(`Reading ${files.length === 1 ? files[0]!.fileName : `${files.length} files`}…`);
      try {
        settle(keys, await call(api().materialsAttach({ files: files.map((f) => f.input) })));
      } catch (error) {
        settle(
          keys,
          files.map((f) => failedAttach(f.fileName, errorMessage(error))),
        );
      }
    },
    [settle],
  );

  const choose = useCallback(async () => {
    try {
      const { paths } = await call(api().appChooseFiles({ purpose: 'materials' }));
      await attach(chosenFiles(paths));
    } catch (error) {
      setStatus(errorMessage(error));
    }
  }, [attach]);

  const drop = useCallback(
    async (files: readonly File[]) => {
      const { requests, failed } = await droppedFiles(files);
      if (failed.length > 0) {
        setEntries((list) => [...list, ...failed.map((result) => ({ key: `m${nextKey++}`, fileName: result.fileName, state: 'done' as const, result }))]);
        setStatus(`${failed.map((r) => r.fileName).join(', ')} could not be used.`);
      }
      await Promise.all(requests.map((request) => attach(request)));
    },
    [attach],
  );

  const remove = useCallback((key: string) => {
    const entry = current.current.find((e) => e.key === key);
    setEntries((list) => list.filter((e) => e.key !== key));
    if (entry) setStatus(`Removed ${entry.fileName}.`);
  }, []);

  const staged = useCallback(() => {
    const seen = new Set<string>();
    const out: { sha256: string; name: string }[] = [];
    for (const e of current.current) {
      if (e.state !== 'done' || !e.result.material || seen.has(e.result.material.sha256)) continue;
      seen.add(e.result.material.sha256);
      out.push({ sha256: e.result.material.sha256, name: e.result.fileName });
    }
    return out;
  }, []);

  return { entries, reading: entries.some((e) => e.state === 'reading'), status, choose, drop, remove, staged };
}
