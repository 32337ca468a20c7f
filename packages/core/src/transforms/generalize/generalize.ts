import type { Field } from 'apache-arrow';
import type { Transform } from '../../pipeline/transform.js';
import { agePlan } from './age.js';
import { binsPlan } from './bins.js';
import { parseIsoDay } from '../../kernels/civil-date.js';
import { columnTransform, type ColumnPlan } from './column-transform.js';
import { dateTruncPlan } from './date-trunc.js';
import { divisionPlan } from './division.js';
import { hierarchyPlan } from './hierarchy.js';
import { idGenderPlan, idRegionPlan } from './id-parts.js';
import { invalidCode } from './on-invalid.js';
import { generalizeOptionsSchema, type GeneralizeConfig, type GeneralizeOptions } from './options.js';
import { prefixPlan } from './prefix.js';

/**
 * Generalize columns: numeric bins, date truncation, age (band), ID → region or gender,
 * division code → higher level, prefix, hierarchy level. Options are validated here (zod), so a
 * bad option fails before any data is read.
 *
 *   generalize({ columns: ['birth'], method: 'date', unit: 'month' })
 */
export function generalize(options: GeneralizeOptions & { columns: string[] }): Transform {
  const cfg = generalizeOptionsSchema.parse(options);
  const asOfDay = cfg.method === 'age' ? parseIsoDay(cfg.asOf ?? new Date().toISOString().slice(0, 10)) : 0;
  return columnTransform('generalize', options.columns, (field) => planFor(field, cfg, asOfDay));
}

function planFor(field: Field, cfg: GeneralizeConfig, asOfDay: number): ColumnPlan {
  const rule = 'generalize';
  switch (cfg.method) {
    case 'bins':
      return binsPlan(rule, field, cfg.bins, invalidCode(cfg.onInvalid));
    case 'date':
      return dateTruncPlan(rule, field, cfg.unit, invalidCode(cfg.onInvalid), cfg.tzOffsetMinutes);
    case 'age':
      return agePlan(rule, field, { from: cfg.from, asOfDay, bins: cfg.bins, verifyChecksum: cfg.verifyChecksum, tzOffsetMinutes: cfg.tzOffsetMinutes }, invalidCode(cfg.onInvalid));
    case 'id-region':
      return idRegionPlan(rule, field, cfg.level, invalidCode(cfg.onInvalid), cfg.verifyChecksum);
    case 'id-gender':
      return idGenderPlan(rule, field, cfg.labels, invalidCode(cfg.onInvalid), cfg.verifyChecksum);
    case 'division':
      return divisionPlan(rule, field, cfg.level, invalidCode(cfg.onInvalid));
    case 'prefix':
      return prefixPlan(rule, field, cfg.length);
    case 'hierarchy':
      return hierarchyPlan(rule, field, cfg.hierarchy, cfg.level, invalidCode(cfg.onInvalid));
  }
}
