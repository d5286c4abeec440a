// Drops supabase-js's "Node.js 20 and below are deprecated" console warning, which it
// prints on being imported, once in every process. The gate starts dozens of processes that
// import it (a browser bridge per e2e test, test workers, CLI runs), so the log carried
// dozens of copies and real failures were hard to find; scripts/e2e.mjs prints the notice
// once instead. Loaded before anything else: preloaded (NODE_OPTIONS=--import=…) into the
// e2e processes and those tests start, and as vitest's setup file (vitest puts its own
// console in place first). Only that message is dropped, and only once: the filter takes
// itself out when it has seen it; every other warning goes through.
const NOTICE = /^⚠️\s+Node\.js \d+ and below are deprecated and will no longer be supported in future versions of @supabase\/supabase-js/;

const warn = console.warn;
console.warn = function quietSupabaseNode20(...args) {
  if (typeof args[0] === 'string' && NOTICE.test(args[0])) {
    console.warn = warn;
    return;
  }
  return warn.apply(this, args);
};
