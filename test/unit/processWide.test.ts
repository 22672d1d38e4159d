// The shipped extension is several bundles, each with its own copy of the modules it uses
// (esbuild.js LAZY_CHUNKS): what must be one per process is, whichever copy asks.
import * as assert from 'node:assert/strict';
import { brandClass, processWide } from '../../src/ui/processWide';

describe('process-wide state across copies of a module', () => {
  it('processWide gives every copy the same object, made once', () => {
    let made = 0;
    const a = processWide('test.shared', () => ({ n: ++made }));
    const b = processWide('test.shared', () => ({ n: ++made }));
    assert.equal(a, b);
    assert.equal(made, 1);
  });

  it('a branded class recognises instances of another copy of it; subclasses check as usual', () => {
    // Two copies of "the same" class, as two bundles have them.
    class CopyA extends Error {}
    class CopyB extends Error {}
    brandClass(CopyA, 'TestError');
    brandClass(CopyB, 'TestError');
    class Sub extends CopyA {}
    assert.ok(new CopyB() instanceof CopyA);
    assert.ok(new CopyA() instanceof CopyB);
    assert.ok(new Sub() instanceof CopyA);
    assert.ok(!(new Error() instanceof CopyA));
    assert.ok(!(new CopyA() instanceof Sub));
    assert.ok(new Sub() instanceof Sub);
  });
});
