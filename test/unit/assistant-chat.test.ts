// The @kadi4mat chat orchestration (src/assistant/chat) with a scripted model: drafts are
// validated by our engine, Kadi4Mat's messages go back to the model, rounds are bounded, and
// what comes out is valid or carries its remaining problems.
import * as assert from 'node:assert/strict';
import { extractJson, type ChatMessage, type ChatModel } from '../../src/assistant/chat/model';
import { draftRecord, draftTemplate, explainTemplate, fixTemplate, MAX_ROUNDS } from '../../src/assistant/chat/orchestrate';
import { EXAMPLE } from '../../src/assistant/tools/rules';

/** Answers from a script, recording every request it got. */
function scripted(...answers: string[]): ChatModel & { requests: ChatMessage[][] } {
  const requests: ChatMessage[][] = [];
  return {
    requests,
    async send(messages) {
      requests.push(messages.map((m) => ({ ...m })));
      const a = answers.shift();
      if (a === undefined) throw new Error('the script ran out');
      return a;
    },
  };
}
const fenced = (v: unknown) => `Here it is:\n\`\`\`json\n${typeof v === 'string' ? v : JSON.stringify(v, null, 2)}\n\`\`\`\nDone.`;
const valid = JSON.parse(EXAMPLE);
const invalid = { ...valid, data: [...valid.data, { key: 'flag', type: 'bool', value: null, unit: 'mm' }] };

describe('assistant chat orchestration', () => {
  it('extractJson: the last fenced block, else the outermost object; nothing for prose', () => {
    assert.equal(extractJson('```json\n{"a":1}\n```\ntext\n```json\n{"b":2}\n```'), '{"b":2}\n');
    assert.equal(extractJson('Sure: {"a": {"b": 1}} ok'), '{"a": {"b": 1}}\n');
    assert.equal(extractJson('no json here'), undefined);
    assert.equal(extractJson('```json\n{broken\n```'), undefined);
  });

  it('/new: the rules go in the prompt; an invalid draft goes back with Kadi4Mat\'s messages; a valid one ends it', async () => {
    const model = scripted(fenced(invalid), fenced(valid));
    const progress: string[] = [];
    const r = await draftTemplate(model, 'a tensile test', { progress: (m) => progress.push(m) });
    assert.equal(r.rounds, 2);
    assert.deepEqual(r.problems, []);
    assert.deepEqual(JSON.parse(r.text!), valid);
    assert.match(model.requests[0][0].content, /Extra types:\n- str — Text/);
    assert.match(model.requests[0][0].content, /a tensile test/);
    const followUp = model.requests[1].at(-1)!;
    assert.equal(followUp.role, 'user');
    assert.match(followUp.content, /"path": "data\[6\]\.unit"/);
    assert.match(followUp.content, /Cannot be used together with boolean\./);
    assert.deepEqual(progress, ['Round 1: Kadi4Mat would refuse it (1 error(s)); asking the model to fix them…', 'Round 2: valid.']);
  });

  it('/new: stops after the bounded rounds and returns the remaining problems; prose without JSON is asked again', async () => {
    const model = scripted('I cannot do JSON.', fenced(invalid), fenced(invalid), fenced(valid));
    const r = await draftTemplate(model, 'x');
    assert.equal(model.requests.length, MAX_ROUNDS);
    assert.equal(r.rounds, MAX_ROUNDS);
    assert.equal(r.problems.filter((p) => p.severity === 'error').length, 1);
    assert.match(model.requests[1].at(-1)!.content, /contains no JSON object/);
  });

  it('/fix: a valid document needs no model; an invalid one is fixed with its type kept', async () => {
    const none = scripted();
    const ok = await fixTemplate(none, EXAMPLE, { type: 'extras' });
    assert.equal(ok.rounds, 0);
    assert.equal(none.requests.length, 0);
    const model = scripted(fenced({ ...valid, type: 'record', data: {} }), fenced(valid));
    const r = await fixTemplate(model, JSON.stringify(invalid, null, 2), { type: 'extras' });
    assert.equal(r.before.filter((p) => p.severity === 'error').length, 1);
    assert.match(model.requests[1].at(-1)!.content, /"code"|type/);
    assert.equal(r.rounds, 2, 'changing the type is refused like Kadi4Mat would');
    assert.deepEqual(JSON.parse(r.text!), valid);
  });

  it('/explain: the document and our findings go to the model; its answer comes back', async () => {
    const model = scripted('It records tensile tests.');
    assert.equal(await explainTemplate(model, JSON.stringify(invalid), 'what is flag?'), 'It records tensile tests.');
    assert.match(model.requests[0][0].content, /what is flag\?/);
    assert.match(model.requests[0][0].content, /Cannot be used together with boolean/);
  });

  it('/record: metadata checked against the template\'s JSON Schema', async () => {
    const model = scripted(fenced({ specimen: 'S1', force: -3 }), fenced({ specimen: 'S1', force: 12.5, machine: 'Z100' }));
    const r = await draftRecord(model, { type: 'extras', data: valid.data }, 'specimen S1');
    assert.match(model.requests[0][0].content, /"force"/);
    assert.match(model.requests[1].at(-1)!.content, /"path": "force"/);
    assert.equal(r.rounds, 2);
    assert.equal(r.problems.filter((p) => p.severity === 'error').length, 0);
  });
});
