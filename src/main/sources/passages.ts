// The passages a course's materials offer for ranking: every chunk of every material the
// course links and could read, with its text, in the course's order of materials.
import type { SourceLocation } from '../../shared/materials';
import type { Store } from '../db/store';

export interface Passage {
  material: string;
  fileName: string;
  /** The material's place in the course, then the chunk's in the material: the reading order. */
  materialPosition: number;
  chunk: number;
  start: number;
  end: number;
  location: SourceLocation;
  tokens: number;
  text: string;
}

export function coursePassages(store: Store, courseId: string): Passage[] {
  const passages: Passage[] = [];
  for (const material of store.materials.forCourse(courseId)) {
    if (material.error) continue;
    const content = store.materials.content(material.sha256);
    if (!content) continue;
    for (const chunk of store.materials.chunks(material.sha256)) {
      passages.push({
        material: material.sha256,
        fileName: material.fileName,
        materialPosition: material.position,
        chunk: chunk.position,
        start: chunk.start,
        end: chunk.end,
        location: chunk.location,
        tokens: chunk.tokens,
        text: content.text.slice(chunk.start, chunk.end),
      });
    }
  }
  return passages;
}

export const readingOrder = (a: Passage, b: Passage): number => a.materialPosition - b.materialPosition || a.chunk - b.chunk;
