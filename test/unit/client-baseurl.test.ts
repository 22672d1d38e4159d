// Pure parts of the client: address normalisation, query strings, redaction, Retry-After, options.
import * as assert from 'node:assert/strict';
import { KadiClient, buildQuery, isKadiError, normalizeBaseUrl, redact, flattenErrors } from '../../src/kadi/client';
import { parseRetryAfter } from '../../src/kadi/http';

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(isKadiError(e), `expected KadiError, got ${String(e)}`);
    assert.equal(e.kind, 'config');
    assert.equal(e.status, 0);
    return e.message;
  }
  assert.fail('expected a config error');
}

describe('normalizeBaseUrl', () => {
  const cases: [string, string, string][] = [
    ['kadi.example.edu', 'https://kadi.example.edu', 'https://kadi.example.edu'],
    ['  https://kadi.example.edu/  ', 'https://kadi.example.edu', 'https://kadi.example.edu'],
    ['https://kadi.example.edu/api', 'https://kadi.example.edu', 'https://kadi.example.edu'],
    ['https://kadi.example.edu/api/', 'https://kadi.example.edu', 'https://kadi.example.edu'],
    ['https://kadi.example.edu/api/v1', 'https://kadi.example.edu', 'https://kadi.example.edu'],
    ['https://kadi.example.edu/api/v1//', 'https://kadi.example.edu', 'https://kadi.example.edu'],
    ['HTTPS://Kadi.Example.EDU:8443/kadi/api/v2', 'https://kadi.example.edu:8443', 'https://kadi.example.edu:8443/kadi'],
    ['https://kadi.example.edu:443/', 'https://kadi.example.edu', 'https://kadi.example.edu'],
    ['http://127.0.0.1:5000', 'http://127.0.0.1:5000', 'http://127.0.0.1:5000'],
    ['http://127.4.5.6:5000/api/v1', 'http://127.4.5.6:5000', 'http://127.4.5.6:5000'],
    ['http://localhost:5000/', 'http://localhost:5000', 'http://localhost:5000'],
    ['http://[::1]:5000', 'http://[::1]:5000', 'http://[::1]:5000'],
    ['localhost:5000', 'https://localhost:5000', 'https://localhost:5000'],
    ['https://kadi.example.edu/apiary', 'https://kadi.example.edu', 'https://kadi.example.edu/apiary'],
  ];
  for (const [input, origin, webRoot] of cases) {
    it(`${JSON.stringify(input)} → ${webRoot}`, () => {
      assert.deepEqual(normalizeBaseUrl(input), { origin, webRoot });
    });
  }

  it('rejects empty input, other schemes, credentials, query and fragment', () => {
    assert.match(configError(() => normalizeBaseUrl('   ')), /Enter the address/);
    assert.match(configError(() => normalizeBaseUrl('ftp://kadi.example.edu')), /"ftp:" addresses are not supported/);
    assert.match(configError(() => normalizeBaseUrl('javascript:alert(1)')), /"javascript:" addresses are not supported/);
    assert.match(configError(() => normalizeBaseUrl('file:///etc/passwd')), /not supported/);
    assert.match(configError(() => normalizeBaseUrl('https://bob:pw@kadi.example.edu')), /must not contain a user name or password/);
    assert.match(configError(() => normalizeBaseUrl('https://pat_x@kadi.example.edu')), /user name or password/);
    assert.match(configError(() => normalizeBaseUrl('https://kadi.example.edu/?token=x')), /query/);
    assert.match(configError(() => normalizeBaseUrl('https://kadi.example.edu/#top')), /fragment/);
    assert.match(configError(() => normalizeBaseUrl('https://kadi.example.edu/?')), /query/);
    assert.match(configError(() => normalizeBaseUrl('https://exa mple.edu')), /not a valid address/);
  });

  it('allows http:// only for loopback unless allowInsecureHttp', () => {
    assert.match(configError(() => normalizeBaseUrl('http://kadi.example.edu')), /Refusing plain http:\/\/ for kadi\.example\.edu/);
    assert.match(configError(() => normalizeBaseUrl('http://128.0.0.1')), /Refusing plain http/);
    assert.match(configError(() => normalizeBaseUrl('http://localhost.example.edu')), /Refusing plain http/);
    assert.deepEqual(normalizeBaseUrl('http://kadi.example.edu/api', { allowInsecureHttp: true }), {
      origin: 'http://kadi.example.edu',
      webRoot: 'http://kadi.example.edu',
    });
  });
});

describe('KadiClient options', () => {
  it('derives origin and apiRoot', () => {
    const c = new KadiClient({ baseUrl: 'kadi.example.edu/kadi/api/v1/', token: 'pat_x' });
    assert.equal(c.origin, 'https://kadi.example.edu');
    assert.equal(c.apiRoot, 'https://kadi.example.edu/kadi/api/v1');
    assert.equal(new KadiClient({ baseUrl: 'kadi.example.edu', token: 'pat_x', apiVersion: '' }).apiRoot, 'https://kadi.example.edu/api');
    assert.equal(new KadiClient({ baseUrl: 'kadi.example.edu', token: 'pat_x', apiVersion: 'v2' }).apiRoot, 'https://kadi.example.edu/api/v2');
  });

  it('rejects a bad API version, an empty token and a token with line breaks', () => {
    assert.match(configError(() => new KadiClient({ baseUrl: 'kadi.example.edu', token: 'pat_x', apiVersion: '1' })), /Invalid API version/);
    assert.match(configError(() => new KadiClient({ baseUrl: 'kadi.example.edu', token: '  ' })), /No access token/);
    const msg = configError(() => new KadiClient({ baseUrl: 'kadi.example.edu', token: 'pat_abc\r\nX-Evil: 1' }));
    assert.ok(!msg.includes('pat_abc'));
  });
});

describe('buildQuery', () => {
  it('repeats array params, drops undefined/null, encodes values', () => {
    assert.equal(buildQuery({}), '');
    assert.equal(buildQuery({ a: undefined, b: null }), '');
    assert.equal(buildQuery({ user: [1, 2], q: 'a b&c', f: false, n: 0 }), '?user=1&user=2&q=a+b%26c&f=false&n=0');
    const filter = JSON.stringify({ extras: { 'x y': {} } });
    assert.equal(new URLSearchParams(buildQuery({ filter }).slice(1)).get('filter'), filter);
  });
});

describe('redact', () => {
  it('hides pat_/oat_ tokens, Bearer credentials and the literal secret', () => {
    assert.equal(redact('use pat_AbC-12.3_x now'), 'use pat_[redacted] now');
    assert.equal(redact('OAT_zz9 and oat_q'), 'OAT_[redacted] and oat_[redacted]');
    assert.equal(redact('Authorization: Bearer abc.def'), 'Authorization: Bearer [redacted]');
    assert.equal(redact('x plainsecret y', 'plainsecret'), 'x [redacted] y');
    assert.equal(redact('compatible pattern'), 'compatible pattern', 'words merely containing "pat" stay');
  });
});

describe('flattenErrors', () => {
  it('joins nested paths and keeps top-level _schema plain', () => {
    assert.deepEqual(flattenErrors({ _schema: ['Invalid input type.'], data: { '1': { value: { '0': { key: ['Duplicate value.'] } } } } }), [
      'Invalid input type.',
      'data.1.value.0.key: Duplicate value.',
    ]);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    assert.equal(parseRetryAfter(null), undefined);
    assert.equal(parseRetryAfter('17'), 17);
    assert.equal(parseRetryAfter('soon'), undefined);
    const now = Date.parse('2024-03-01T10:00:00Z');
    assert.equal(parseRetryAfter('Fri, 01 Mar 2024 10:00:30 GMT', now), 30);
    assert.equal(parseRetryAfter('Fri, 01 Mar 2024 09:00:00 GMT', now), 0);
  });
});
