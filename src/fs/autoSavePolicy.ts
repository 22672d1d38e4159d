// Which saves of a `kadi:` document go to the server. No `vscode` import.
//
// Every PATCH that changes something makes a Kadi revision, so VS Code's `files.autoSave:
// afterDelay` would make one per pause in typing (and report every half-typed, invalid JSON
// as a failed save). VS Code offers extensions no way to switch auto-save off for one scheme,
// and an extension cannot veto a save; what it can decide is what a save *does*. So an
// auto-save of a `kadi:` document is kept as a local draft (persisted, never lost, marked in
// the tab and status bar) unless `kadi4mat.autoSave` says otherwise, and an explicit save
// (Ctrl+S, File > Save — VS Code saves even an unmodified editor then) uploads the draft.
//
//   kadi4mat.autoSave  "off" (default)  only explicit saves upload
//                      "onFocusChange"  also auto-saves on focus/window change, and a draft is
//                                       uploaded when its editor loses focus
//                      "afterDelay"     every auto-save uploads (one revision each)

export type AutoSaveSetting = 'off' | 'onFocusChange' | 'afterDelay';

/** `vscode.TextDocumentSaveReason`: 1 Manual, 2 AfterDelay, 3 FocusOut. */
export type SaveReason = 1 | 2 | 3;

export function normalizeAutoSave(value: unknown): AutoSaveSetting {
  return value === 'onFocusChange' || value === 'afterDelay' ? value : 'off';
}

/** `reason` undefined: not a text-editor save (e.g. `workspace.fs.writeFile`) — upload. */
export function uploadOrDraft(reason: SaveReason | undefined, setting: AutoSaveSetting): 'upload' | 'draft' {
  if (reason === undefined || reason === 1) return 'upload';
  if (setting === 'afterDelay') return 'upload';
  if (setting === 'onFocusChange' && reason === 3) return 'upload';
  return 'draft';
}

/** Whether a draft is uploaded when its editor loses focus. */
export function uploadsOnBlur(setting: AutoSaveSetting): boolean {
  return setting !== 'off';
}
