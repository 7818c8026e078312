// Query-string parameters of the indicator and report endpoints, parsed with zod like every input.
import { z } from 'zod';
import { isPlausibleIsoDate } from '../../shared/dates';
import { isValidMonth } from '../../shared/months';

export const villageIdParam = z.string().min(1).max(64);
// From 1900: a query for year 0010 made the indicators' age arithmetic write dates PostgreSQL refuses.
export const isoDateParam = z.string().refine(isPlausibleIsoDate, { message: 'validation.date' });
export const monthParam = z.string().refine(isValidMonth, { message: 'validation.month' });
