import { z } from 'zod';

/**
 * The row predicate of suppress-rows, usable from YAML:
 *   { column: 处罚类型, equals: 警告 } · { column: x, in: [a, b] } · { column: x, matches: '^\d+$' } ·
 *   { column: x, isNull: true } · { column: n, gte: 18 } · { all: [...] } · { any: [...] } · { not: {...} }
 * A null value matches only isNull: true (and so is matched by not: { column, equals }).
 */
export type Predicate =
  | {
      column: string;
      equals?: string | number | boolean | undefined;
      in?: (string | number)[] | undefined;
      matches?: string | undefined;
      isNull?: boolean | undefined;
      lt?: number | undefined;
      lte?: number | undefined;
      gt?: number | undefined;
      gte?: number | undefined;
    }
  | { all: Predicate[] }
  | { any: Predicate[] }
  | { not: Predicate };

const TESTS = ['equals', 'in', 'matches', 'isNull', 'lt', 'lte', 'gt', 'gte'] as const;

const leafSchema = z
  .strictObject({
    column: z.string().min(1).describe('the column tested'),
    equals: z.union([z.string(), z.number(), z.boolean()]).optional().describe('value equal to this (string, number or boolean)'),
    in: z.array(z.union([z.string(), z.number()])).min(1).optional().describe('value is one of these'),
    matches: z
      .string()
      .refine((s) => { try { new RegExp(s, 'u'); return true; } catch { return false; } }, 'matches must be a valid regular expression')
      .optional()
      .describe('text value matches this regular expression (JavaScript syntax, unicode mode)'),
    isNull: z.boolean().optional().describe('true: value is null; false: value is not null'),
    lt: z.number().optional(),
    lte: z.number().optional(),
    gt: z.number().optional(),
    gte: z.number().optional(),
  })
  .refine((o) => TESTS.filter((t) => o[t] !== undefined).length >= 1, 'a condition needs one test: equals, in, matches, isNull, lt, lte, gt or gte');

export const predicateSchema: z.ZodType<Predicate> = z.lazy(() =>
  z.union([
    leafSchema,
    z.strictObject({ all: z.array(predicateSchema).min(1) }),
    z.strictObject({ any: z.array(predicateSchema).min(1) }),
    z.strictObject({ not: predicateSchema }),
  ]),
) as z.ZodType<Predicate>;

export const suppressRowsRuleOptions = z.strictObject({
  where: predicateSchema.describe('which rows to suppress'),
  action: z.enum(['null', 'drop']).optional().describe("'drop' removes matching rows (default); 'null' nulls the rule's columns in them"),
});

export const suppressRowsOptions = z.strictObject({
  where: predicateSchema,
  action: z.enum(['null', 'drop']).optional(),
  columns: z.array(z.string().min(1)).min(1).optional().describe("with action 'null': the columns to null (default: every column)"),
});
export type SuppressRowsOptions = z.input<typeof suppressRowsOptions>;

export const columnsOnly = z.strictObject({ columns: z.array(z.string().min(1)).min(1) });
export type ColumnsOptions = z.input<typeof columnsOnly>;
/** drop and null rules take no options besides the columns they are attached to. */
export const noRuleOptions = z.strictObject({});
