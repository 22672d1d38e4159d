// Licenses known to the sandbox (names usable in record-template `data.license`).
export interface License {
  name: string;
  title: string;
  url: string;
}

export const LICENSES: readonly License[] = [
  { name: 'Apache-2.0', title: 'Apache License 2.0', url: 'https://opensource.org/licenses/Apache-2.0' },
  { name: 'BSD-3-Clause', title: 'BSD 3-Clause "New" or "Revised" License', url: 'https://opensource.org/licenses/BSD-3-Clause' },
  { name: 'CC-BY-4.0', title: 'Creative Commons Attribution 4.0 International', url: 'https://creativecommons.org/licenses/by/4.0/' },
  { name: 'CC-BY-NC-4.0', title: 'Creative Commons Attribution-NonCommercial 4.0 International', url: 'https://creativecommons.org/licenses/by-nc/4.0/' },
  { name: 'CC-BY-SA-4.0', title: 'Creative Commons Attribution-ShareAlike 4.0 International', url: 'https://creativecommons.org/licenses/by-sa/4.0/' },
  { name: 'CC0-1.0', title: 'Creative Commons Zero v1.0 Universal', url: 'https://creativecommons.org/publicdomain/zero/1.0/' },
  { name: 'GPL-3.0', title: 'GNU General Public License v3.0', url: 'https://opensource.org/licenses/GPL-3.0' },
  { name: 'MIT', title: 'MIT License', url: 'https://opensource.org/licenses/MIT' },
  { name: 'ODC-BY-1.0', title: 'Open Data Commons Attribution License v1.0', url: 'https://opendatacommons.org/licenses/by/1-0/' },
  { name: 'ODbL-1.0', title: 'Open Data Commons Open Database License v1.0', url: 'https://opendatacommons.org/licenses/odbl/1-0/' },
  { name: 'PDDL-1.0', title: 'Open Data Commons Public Domain Dedication and License v1.0', url: 'https://opendatacommons.org/licenses/pddl/1-0/' },
];

const NAMES = new Set(LICENSES.map((l) => l.name));

/** Exact name match, as Kadi looks licenses up by name. */
export function licenseExists(name: string): boolean {
  return NAMES.has(name);
}
