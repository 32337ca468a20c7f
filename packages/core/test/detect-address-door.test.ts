import { describe, expect, it } from 'vitest';
import { detectValue } from '@tuomin/core';

/** The address span covers building and room numbers written after the door number with dashes. */
function addressText(v: string): string[] {
  return detectValue(v).filter((d) => d.type === 'address').map((d) => v.slice(d.start, d.end));
}

describe('address: building and room after the door number', () => {
  it('12号3-4 and 300号30-6 are one address with their rooms (a partial redaction kept 3-4, one value per shop)', () => {
    expect(addressText('烟台市芝罘区南大街12号3-4')).toEqual(['烟台市芝罘区南大街12号3-4']);
    expect(addressText('山东省烟台市芝罘区幸福路300号30-6，门面房')).toEqual(['山东省烟台市芝罘区幸福路300号30-6']);
    expect(addressText('幸福路300号3-4-501')).toEqual(['幸福路300号3-4-501']);
  });
  it('what is not a building-room group stays outside the span', () => {
    expect(addressText('烟台市芝罘区南大街12号')).toEqual(['烟台市芝罘区南大街12号']);
    expect(addressText('南大街12号12345-6')).toEqual(['南大街12号']);
    expect(addressText('南大街12号3-')).toEqual(['南大街12号']);
  });
});
