/**
 * Make column names usable: blank names become column_<n> (1-based position), repeated names get
 * _2, _3, ... Every change is returned so the caller can report it.
 */
export function uniqueHeader(raw: string[]): { names: string[]; renames: Array<{ index: number; from: string; to: string }> } {
  const names: string[] = [];
  const renames: Array<{ index: number; from: string; to: string }> = [];
  const taken = new Set<string>(raw.map((n) => n.trim()).filter((n) => n !== ''));
  const used = new Set<string>();
  for (let i = 0; i < raw.length; i++) {
    const from = raw[i]!;
    let name = from.trim() === '' ? `column_${i + 1}` : from;
    if (used.has(name)) {
      let k = 2;
      while (used.has(`${name}_${k}`) || taken.has(`${name}_${k}`)) k++;
      name = `${name}_${k}`;
    }
    used.add(name);
    names.push(name);
    if (name !== from) renames.push({ index: i, from, to: name });
  }
  return { names, renames };
}
