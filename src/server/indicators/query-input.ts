// Query-string parameters of the indicator and report endpoints, parsed with zod like every input.
import { z } from 'zod';
import { isValidIsoDate } from '../../shared/dates';
import { isValidMonth } from '../../shared/months';

export const villageIdParam = z.string().min(1).max(64);
export const isoDateParam = z.string().refine(isValidIsoDate, { message: 'validation.date' });
export const monthParam = z.string().refine(isValidMonth, { message: 'validation.month' });
