import type { z } from 'zod';

/** The option an issue is about, as the error's location (none for the options object as a whole). */
export function optionPath(issue: z.core.$ZodIssue): { path?: string } {
  return issue.path.length ? { path: issue.path.map(String).join('.') } : {};
}

/**
 * What a rule's options got wrong (the first zod issue), as message params for a front end's
 * wording: the issue's code and its figures (bounds, expected type, allowed choices, unknown keys)
 * and zod's English sentence for the rarer codes. Never the input value: an option may be a key.
 */
export function optionsIssue(issue: z.core.$ZodIssue): Record<string, string | number | readonly string[]> {
  const i = issue as unknown as Record<string, unknown>;
  const out: Record<string, string | number | readonly string[]> = { issue: issue.code, english: issue.message };
  for (const k of ['expected', 'origin', 'format'] as const) if (typeof i[k] === 'string') out[k] = i[k] as string;
  for (const k of ['minimum', 'maximum', 'divisor'] as const) if (typeof i[k] === 'number' || typeof i[k] === 'bigint') out[k] = Number(i[k]);
  if (i.inclusive === false) out.exclusive = 1;
  if (Array.isArray(i.values)) out.values = (i.values as unknown[]).map(String);
  if (Array.isArray(i.keys)) out.keys = (i.keys as unknown[]).map(String);
  return out;
}
