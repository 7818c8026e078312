// A pull page is checked with the shared zod schemas before anything is written: the phone's database
// only ever holds records that its own forms would accept (architecture.md, practice 1).
import { pullResponseSchema, type PullResponse } from '../shared/protocol';
import { ApiFailure } from './api';

export function parsePullResponse(raw: unknown): PullResponse {
  const parsed = pullResponseSchema.safeParse(raw);
  if (!parsed.success) throw new ApiFailure(200, 'BAD_RESPONSE');
  return parsed.data as PullResponse;
}
