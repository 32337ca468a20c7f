import type { RuleContext, RuleDefinition } from '../rule.js';
import { pseudonymizeRuleOptions, type PseudonymizeRuleOptions } from './options.js';
import { pseudonymize } from './transform.js';
import { fpeRuleOptions, type FpeRuleOptions } from './fpe/options.js';
import { fpe } from './fpe/fpe.js';

export const pseudonymizeRules: RuleDefinition[] = [
  {
    type: 'pseudonymize',
    summary: 'Keyed, deterministic pseudonyms (AES-CMAC by default; SM4-CMAC, HMAC-SHA256/SM3; xxh64 is not pseudonymization), hex or base32.',
    options: pseudonymizeRuleOptions,
    example: { method: 'aes-cmac', key: { env: 'TUOMIN_KEY' }, scopeLevel: 'release', output: 'hex', length: 20 },
    create(columns, options: PseudonymizeRuleOptions, ctx) {
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
  },
  {
    type: 'fpe',
    summary: 'Format-preserving, reversible pseudonyms (FF1-AES) for cn.id, cn.uscc, cn.mobile, cn.plate; outputs pass the format checks.',
    options: fpeRuleOptions,
    example: { format: 'cn.id', key: { file: 'keys/fpe.key' }, keepRegion: 'county' },
    create(columns, options: FpeRuleOptions, ctx) {
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
  },
];

/**
 * A release made for one recipient gets pseudonyms of its own by default, so two recipients'
 * copies cannot be joined on them and a leaked copy points at its recipient (Art. 15, 23).
 */
function defaultScopeLevel(ctx: RuleContext): 'recipient' | 'dataset' {
  return ctx.scope.recipient !== undefined ? 'recipient' : 'dataset';
}
