// The app's single database connection. Tests create their own with openDatabase().
// Writes go through ./appRepository, which is kept out of this module so the app shell (household list)
// does not load zod and the validation code before it can show.
import { openDatabase } from './database';

export const db = openDatabase();
