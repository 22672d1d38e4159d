// Ids the glue (register.ts) and the lazy chunk (chatParticipant.ts) share.
export const PARTICIPANT_ID = 'kadi4mat.assistant';
export const APPLY_FIX_COMMAND = 'kadi4mat.assistant.applyFix';
