import { appendFileSync } from 'node:fs';

// Runs on the loader thread: written synchronously, so the list is complete when the process exits.
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (process.env.TUOMIN_RECORD_MODULES) appendFileSync(process.env.TUOMIN_RECORD_MODULES, `${result.url}\n`);
  return result;
}
