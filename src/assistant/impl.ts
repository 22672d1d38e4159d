// The assistant's implementation: its own chunk (dist/lazy/assistant.js, esbuild.js LAZY_CHUNKS),
// loaded on the first tool call or chat request. Only register.ts reaches it, through import().
export { createAssistantTools } from './lmTools';
export { createChatHandler } from './chatParticipant';
