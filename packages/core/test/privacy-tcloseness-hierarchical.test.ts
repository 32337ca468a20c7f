import { describe, expect, it } from 'vitest';
import { distanceTree, PairCounts, parseHierarchy, tCloseness, TuominError, ValueDict } from '../src/internal.js';

// a, b → X; c, d → Y; top *. Height H = 2.
const hierarchy = parseHierarchy('a;X;*\nb;X;*\nc;Y;*\nd;Y;*\n', ';', 'h.csv');

/** Pair counts of classes given as lists of values; returns pairs, sizes and the dictionary. */
function classes(...cls: string[][]) {
  const dict = new ValueDict();
  for (const v of ['a', 'b', 'c', 'd']) dict.codeOfString(v);
  const pairs = new PairCounts();
  cls.forEach((values, c) => { for (const v of values) pairs.add(c, dict.codeOfString(v), 1); });
  return { dict, pairs, sizes: cls.map((v) => v.length) };
}

describe('t-closeness with hierarchical ground distance', () => {
  it('matches the EMD worked by hand', () => {
    // Class 0 = {a, a}, class 1 = {b, c, d, b, c, d}: the whole table holds each value twice.
    const { dict, pairs, sizes } = classes(['a', 'a'], ['b', 'c', 'd', 'b', 'c', 'd']);
    const tree = distanceTree(dict, hierarchy, 's');
    expect(tree.height).toBe(2);
    const r = tCloseness('s', pairs, sizes, 2, dict, 0.5, 'hierarchical', tree);
    // Global q = (2, 2, 2, 2)/8 = ¼ each. Class 0: p = (1, 0, 0, 0). Inside X, ¼ moves from a to b
    // at cost ½; ½ moves from X to Y at cost 1: EMD = ⅛ + ½ = 0.625.
    // Class 1: p = (0, ⅓, ⅓, ⅓). Inside X, b's surplus 1/12 moves to a at cost ½; X still lacks
    // 1/6, which comes from Y at cost 1: EMD = 1/24 + 1/6 = 0.2083….
    expect(r.maxDistance).toBeCloseTo(0.625, 12);
    expect(r.flags[0]).toBe(1);
    expect(r.flags[1]).toBe(0);
    const r2 = tCloseness('s', pairs, sizes, 2, dict, 0.2, 'hierarchical', tree);
    expect(r2.flags[1]).toBe(1);
    expect(tCloseness('s', pairs, sizes, 2, dict, 0.21, 'hierarchical', tree).flags[1]).toBe(0);
  });

  it('with a flat hierarchy (value → *) equals the equal-distance EMD', () => {
    const flat = parseHierarchy('a;*\nb;*\nc;*\nd;*\n', ';', 'flat.csv');
    const { dict, pairs, sizes } = classes(['a', 'a', 'b'], ['c', 'd', 'd', 'a'], ['b', 'c']);
    const h = tCloseness('s', pairs, sizes, 3, dict, 1, 'hierarchical', distanceTree(dict, flat, 's'));
    const e = tCloseness('s', pairs, sizes, 3, dict, 1, 'equal');
    expect(h.maxDistance).toBeCloseTo(e.maxDistance, 12);
  });

  it('refuses the hierarchical mode without a tree, and a one-level hierarchy', () => {
    const { dict, pairs, sizes } = classes(['a']);
    expect(() => tCloseness('s', pairs, sizes, 1, dict, 0.2, 'hierarchical')).toThrow(TuominError);
    expect(() => distanceTree(dict, parseHierarchy('a\nb\nc\nd\n', ';'), 's')).toThrow(/at least two levels/);
  });
});
