// A built app's folder for the server to serve (distDir), with only the files a test needs.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A new folder holding `files` (relative path → content); the caller removes it. */
export function fakeDist(files: Record<string, string>): string {
  const dist = mkdtempSync(join(tmpdir(), 'cds-dist-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dist, path)), { recursive: true });
    writeFileSync(join(dist, path), content);
  }
  return dist;
}
