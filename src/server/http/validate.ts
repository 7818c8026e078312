// Parsing request input with the shared zod schemas: a failure becomes VALIDATION_FAILED (or UNKNOWN_FIELD
// when the only problem is fields the schema does not know) with per-field detail.
import type { z } from 'zod';
import { AppError } from './app-error';

export function zodIssuesToError(error: z.ZodError): AppError {
  const fields: Record<string, string> = {};
  let onlyUnknownKeys = true;
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[[...issue.path, key].join('.')] = 'unknown';
      continue;
    }
    onlyUnknownKeys = false;
    const path = issue.path.join('.') || '_';
    // Shared schemas carry i18n keys as messages; zod's own messages become a generic key.
    fields[path] ??= issue.message.startsWith('validation.') ? issue.message : `validation.${issue.code}`;
  }
  return new AppError(onlyUnknownKeys ? 'UNKNOWN_FIELD' : 'VALIDATION_FAILED', fields);
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw zodIssuesToError(result.error);
  return result.data;
}
