// How a failed save is worded and classified for VS Code (FileSystemError code) and for our
// own notification (the one action it adds): every failure kind a save can meet.
import * as assert from 'node:assert/strict';
import { KadiError } from '../../src/kadi/errors';
import { FsFailure, saveFailure, saveFailureAction } from '../../src/fs/failure';

const describe_ = (e: unknown) => (e instanceof Error ? e.message : String(e));
const http = (status: number, extra: Partial<ConstructorParameters<typeof KadiError>[0]> = {}) =>
  new KadiError({ kind: 'http', status, method: 'PATCH', path: '/api/v1/templates/1', message: `Kadi4Mat answered ${status}`, ...extra });

describe('failed saves: code, reason, action and wording per failure kind', () => {
  const cases: [string, unknown, FsFailure['code'], FsFailure['reason'], ReturnType<typeof saveFailureAction>, RegExp][] = [
    ['400 with field errors', http(400, { errors: { identifier: ['Identifier is already in use.'] } }), 'Unknown', 'invalid', 'showProblems', /^Kadi4Mat refused it: identifier: Identifier is already in use\./],
    ['401', http(401), 'NoPermissions', 'unauthorized', 'replaceToken', /^Kadi4Mat did not accept the access token\. Replace the token/],
    ['401 missing scope', http(401, { scopes: ['template.update'] }), 'NoPermissions', 'unauthorized', 'replaceToken', /lacks the scope template\.update/],
    ['403', http(403), 'NoPermissions', 'forbidden', 'openInBrowser', /^You are not an editor of this template\. Ask its owner/],
    ['404', http(404), 'FileNotFound', 'gone', undefined, /^The template no longer exists on the server .*"Save As…"/],
    ['409', http(409, { description: 'Identifier in use.' }), 'FileExists', 'conflict', 'showProblems', /^Kadi4Mat reported a conflict \(Kadi4Mat: "Identifier in use\."\)\.$/],
    ['429', http(429, { retryAfter: 7 }), 'Unavailable', 'unavailable', undefined, /^Kadi4Mat is limiting requests; retry in 7 s\.$/],
    ['502', http(502), 'Unavailable', 'unavailable', undefined, /^Kadi4Mat answered 502 Retry later; your changes stay in the editor\.$/],
    ['network', new KadiError({ kind: 'network', status: 0, method: 'PATCH', path: '/x', message: 'Could not connect to kadi.example.org.' }), 'Unavailable', 'unavailable', undefined, /^Could not connect to kadi\.example\.org\. Retry when it is back/],
    ['timeout', new KadiError({ kind: 'timeout', status: 0, method: 'PATCH', path: '/x', message: 'kadi.example.org did not answer within 30 s.' }), 'Unavailable', 'unavailable', undefined, /Retry when it is back/],
  ];
  for (const [name, error, code, reason, action, message] of cases) {
    it(name, () => {
      const f = saveFailure(error, "save 'x'", describe_);
      assert.equal(f.code, code);
      assert.equal(f.reason, reason);
      assert.equal(saveFailureAction(f.reason), action);
      assert.match(f.message, message);
      assert.doesNotMatch(f.message, /Not saved|Could not save|Failed to save/, 'VS Code already says it failed to save');
    });
  }

  it('only Unavailable failures are the ones a retry can fix; a cancelled conflict offers nothing', () => {
    assert.equal(saveFailureAction('serverChanged'), undefined);
    assert.equal(saveFailureAction('readOnly'), undefined);
    assert.equal(saveFailureAction('other'), undefined);
  });
});
