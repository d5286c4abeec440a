// Module resolution hook (runs in Node's loader thread): "electron" → the stand-in.
import { URL } from 'node:url';

const STANDIN = new URL('./electron.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: STANDIN, shortCircuit: true };
  return nextResolve(specifier, context);
}
