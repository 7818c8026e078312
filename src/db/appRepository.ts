// The app's repository over the single connection; imported by the (lazy) screens that write.
import { db } from './appDb';
import { createRepository } from './repository';

export const repository = createRepository(db);
