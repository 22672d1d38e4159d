// Names of generated documents (exports, record metadata, samples): `tensile-test.schema.json`,
// then `tensile-test-2.schema.json`, … while a name is taken (an open editor, a file on disk).
// No `vscode` import.

/** `base` + `suffix` (e.g. "tensile-test", ".record.json"), numbered from 2 until `taken` says no. */
export async function freeName(base: string, suffix: string, taken: (name: string) => boolean | Promise<boolean>, max = 99): Promise<string> {
  const clean = base.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '-').trim() || 'untitled';
  for (let i = 1; i <= max; i++) {
    const name = i === 1 ? `${clean}${suffix}` : `${clean}-${i}${suffix}`;
    if (!(await taken(name))) return name;
  }
  return `${clean}-${Date.now()}${suffix}`;
}
