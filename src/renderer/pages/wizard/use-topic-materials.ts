// The topic form's source materials before the course exists: files chosen in the OS dialog
// or dropped are read in main (materials.attach without a course: stored and "staged"), and
// listed here with their answer; "Propose outlines" hands the staged ones to courses.create.
// A drop in the desktop app gives each file's path (the preload's pathForFile); where there is
// none (a browser) the file's bytes are sent, one file per request.
import { useCallback, useRef, useState } from 'react';
import { MAX_MATERIAL_BYTES, tooLargeMessage, type AttachResult, type MaterialFileInput } from '../../../shared/materials';
import { api, call, errorMessage } from '../../lib/api';

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

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error(`${file.name} could not be read.`));
    reader.readAsDataURL(file);
  });
}

const failed = (fileName: string, message: string, code: 'too_large' | 'unreadable' = 'unreadable'): AttachResult => ({
  fileName,
  ok: false,
  error: { code, message },
  material: null,
});

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
    async (files: { fileName: string; input: MaterialFileInput }[]) => {
      if (files.length === 0) return;
      const keys = files.map(() => `m${nextKey++}`);
      setEntries((list) => [...list, ...files.map((f, i) => ({ key: keys[i]!, fileName: f.fileName, state: 'reading' as const }))]);
      setStatus(`Reading ${files.length === 1 ? files[0]!.fileName : `${files.length} files`}…`);
      try {
        settle(keys, await call(api().materialsAttach({ files: files.map((f) => f.input) })));
      } catch (error) {
        settle(
          keys,
          files.map((f) => failed(f.fileName, errorMessage(error))),
        );
      }
    },
    [settle],
  );

  const choose = useCallback(async () => {
    try {
      const { paths } = await call(api().appChooseFiles({ purpose: 'materials' }));
      await attach(paths.map((path) => ({ fileName: path.split(/[\\/]/).pop() ?? path, input: { path } })));
    } catch (error) {
      setStatus(errorMessage(error));
    }
  }, [attach]);

  const drop = useCallback(
    async (files: readonly File[]) => {
      const withPath: { fileName: string; input: MaterialFileInput }[] = [];
      const withoutPath: File[] = [];
      for (const file of files) {
        const path = api().pathForFile(file);
        if (path) withPath.push({ fileName: file.name, input: { path, name: file.name } });
        else withoutPath.push(file);
      }
      const pending = [attach(withPath)];
      // Bytes go one file per request: a request has a size limit, a file its own.
      for (const file of withoutPath) {
        if (file.size > MAX_MATERIAL_BYTES) {
          const key = `m${nextKey++}`;
          setEntries((list) => [...list, { key, fileName: file.name, state: 'done', result: failed(file.name, tooLargeMessage(file.name, file.size), 'too_large') }]);
          setStatus(`${file.name} could not be used: it is too large.`);
          continue;
        }
        try {
          pending.push(attach([{ fileName: file.name, input: { name: file.name, dataBase64: await readBase64(file) } }]));
        } catch (error) {
          const key = `m${nextKey++}`;
          setEntries((list) => [...list, { key, fileName: file.name, state: 'done', result: failed(file.name, `${file.name} could not be read: ${errorMessage(error)}`) }]);
        }
      }
      await Promise.all(pending);
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
