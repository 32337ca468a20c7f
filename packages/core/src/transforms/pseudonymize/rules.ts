import type { RuleContext, RuleDefinition } from '../rule.js';
import { withKernels } from '../rule-schema.js';
import type { PseudonymizeRuleOptions } from './options.js';
import { pseudonymize } from './transform.js';
import type { FpeRuleOptions } from './fpe/options.js';
import { fpe } from './fpe/fpe.js';
import { pseudonymizeRuleSchemas } from './schema.js';

export const pseudonymizeRules: RuleDefinition[] = withKernels(pseudonymizeRuleSchemas, {
  pseudonymize(columns, options: PseudonymizeRuleOptions, ctx) {
    // xxh64 may run unkeyed; every keyed method resolves its key through the publish layer.
    const key = options.method === 'xxh64' && !options.key ? undefined : ctx.resolveKey(options.key);
    return pseudonymize({
      columns,
      method: options.method,
      key,
      scope: ctx.scope,
      scopeLevel: options.scopeLevel ?? defaultScopeLevel(ctx),
      output: options.output,
      length: options.length,
      prefix: options.prefix,
    });
  },
  fpe(columns, options: FpeRuleOptions, ctx) {
    return fpe({
      columns,
      format: options.format,
      key: ctx.resolveKey(options.key),
      scope: ctx.scope,
      scopeLevel: options.scopeLevel ?? defaultScopeLevel(ctx),
      keepRegion: options.keepRegion,
      birthDate: options.birthDate,
      onInvalid: options.onInvalid,
    });
  },
});

/**
 * A release made for one recipient gets pseudonyms of its own by default, so two recipients'
 * copies cannot be joined on them and a leaked copy points at its recipient (Art. 15, 23).
 */
function defaultScopeLevel(ctx: RuleContext): 'recipient' | 'dataset' {
  return ctx.scope.recipient !== undefined ? 'recipient' : 'dataset';
}
