// The server's Content-Security-Policy has no 'unsafe-eval' (src/server/http/security-headers.ts). Zod 4
// compiles object parsers with `new Function` unless configured "jitless"; its probe is caught, but the
// browser still reports it as a CSP violation. Zod reads its global config from globalThis when its module
// first runs, so setting it here — first thing in the shell, before any lazy chunk loads zod — keeps it
// from trying, without putting zod itself into the app shell. (Parsing stays correct, only not JIT-compiled.)
const zodHost = globalThis as { __zod_globalConfig?: Record<string, unknown> };
zodHost.__zod_globalConfig = { ...zodHost.__zod_globalConfig, jitless: true };

export {};
