// Templates as code in VS Code, the work: the Source Control provider of a template folder and
// "Pull Templates to Folder…". A chunk of its own (dist/lazy/scm.js, esbuild.js LAZY_CHUNKS):
// register.ts watches for kadi-templates.json at activation and loads this when it finds one or
// a command runs.
export { FolderScm } from './folderScm';
export { pullFilterOf, pullToFolder } from './pullToFolder';
