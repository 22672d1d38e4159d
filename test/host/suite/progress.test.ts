// The progress of command flows in a real workbench: the status bar first, a notification only
// when the work lasts (a quick request would otherwise flash a toast that outlives its result).
import * as assert from 'assert';
import { notificationProgress, NOTIFY_AFTER_MS } from '../../../src/ui/vscodeProgress';

describe('progress (host)', function () {
  this.timeout(20_000);

  it('quick work: its result, no wait for a notification; a failure comes back as it was', async () => {
    const started = Date.now();
    assert.equal(await notificationProgress('Quick…', async () => 42), 42);
    assert.ok(Date.now() - started < NOTIFY_AFTER_MS, 'not held up by the notification delay');
    const boom = new Error('boom');
    await assert.rejects(notificationProgress('Failing…', async () => Promise.reject(boom)), (e) => e === boom);
  });

  it('work that lasts becomes a notification; a cancellable one gets its AbortSignal', async () => {
    let signal: AbortSignal | undefined;
    const value = await notificationProgress(
      'Slow…',
      async (s) => {
        signal = s;
        await new Promise((r) => setTimeout(r, NOTIFY_AFTER_MS + 500));
        return 'done';
      },
      { cancellable: true },
    );
    assert.equal(value, 'done');
    assert.ok(signal instanceof AbortSignal);
    assert.equal(signal.aborted, false);
  });
});
