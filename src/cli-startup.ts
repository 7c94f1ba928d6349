import { z } from 'zod';

/**
 * Imported first by the CLI, before any schema is built: a command parses its values once.
 * zod's schemas compile a fast path for their first parse when they are built, unless told
 * not to; for a single parse the compiling costs more than it saves (~15 ms of a render).
 */
z.config({ jitless: true });
