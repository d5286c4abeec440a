// Reads a streaming outline option (a best-effort partial JSON object from the model) into
// a shape the preview can show. Anything unexpected is ignored, never trusted.

export interface OutlinePreview {
  title: string;
  description: string;
  projects: { title: string; lessons: string[] }[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export function previewFromPartial(partial: unknown): OutlinePreview {
  const root = obj(partial);
  return {
    title: str(root.title),
    description: str(root.description),
    projects: arr(root.projects)
      .slice(0, 12)
      .map((p) => {
        const project = obj(p);
        return { title: str(project.title), lessons: arr(project.lessons).slice(0, 20).map((l) => str(obj(l).title)) };
      }),
  };
}
