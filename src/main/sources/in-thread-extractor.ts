// Reads materials in the calling thread: for tools and tests that have no event loop to keep
// answering. The app uses the worker (extractor.ts).
import { extractMaterial } from './extract';
import type { Extractor } from './extractor';

export const inThreadExtractor: Extractor = (bytes, fileName, format, options) => extractMaterial(bytes, fileName, format, options);
