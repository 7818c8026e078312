// Types of tests/size/check-size.mjs for the TypeScript code that imports it (the benchmark).
export const INITIAL_JS_BUDGET_KB: number;
export function initialChunks(distDir: string): string[];
export function initialJsKb(distDir?: string): { files: string[]; kb: number };
