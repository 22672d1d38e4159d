// The template flows (new, duplicate, from a file, open by identifier, export, copy to another
// instance): a chunk of their own (dist/lazy/templates.js, esbuild.js LAZY_CHUNKS), loaded on the
// first such command. Only glue reaches it, through import().
export * from './flows';
export { copyToInstanceFlow } from './copyToInstance';
