// `node --import ./register.mjs out/main/index.js`: the built main bundle's `import … from
// "electron"` gets the stand-in (electron.mjs) instead of the real module, which only
// exists inside Electron's binary.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
