// The file names of templates as code: the manifest that marks a template folder, and the
// suffix of its template files.
export const MANIFEST_FILE = 'kadi-templates.json';
export const TEMPLATE_SUFFIX = '.kadi-template.json';
