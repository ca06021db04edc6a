import { strict as assert } from 'node:assert';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { createLogger, parseLogFormat, parseLogLevel, withContext, type LoggerOptions } from '../../../src/controller/log.js';

/** A logger writing into memory; `lines()` returns what was written, one string per line. */
function capture(options: Omit<LoggerOptions, 'destination'> = {}) {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = createLogger({ ...options, destination });
  return { logger, lines: () => chunks.join('').split('\n').filter((l) => l !== '') };
}

// Fake values shaped like credentials; never real ones.
const FAKE = { accessKeyId: 'AKIAFAKEFAKEFAKE0000', secretAccessKey: 'fake-secret-0000', sessionToken: 'fake-token-0000' };

test('one JSON object per line with a string level, an ISO time and the message', () => {
  const { logger, lines } = capture();
  logger.info({ event: 'pass' }, 'tier converged');
  const [line, ...rest] = lines();
  assert.equal(rest.length, 0);
  const entry = JSON.parse(line!) as Record<string, unknown>;
  assert.equal(entry.level, 'info');
  assert.equal(entry.msg, 'tier converged');
  assert.equal(entry.event, 'pass');
  assert.match(String(entry.time), /^\d{4}-\d\d-\d\dT/);
});

test('child loggers carry tier_id, tenant_id, region and revision, leaving out unset ones', () => {
  const { logger, lines } = capture();
  withContext(withContext(logger, { tier_id: 'tier-1', revision: 'main@abc', region: undefined }), {
    tenant_id: 'acme',
    region: 'us-east-1',
  }).info('created target group');
  const entry = JSON.parse(lines()[0]!) as Record<string, unknown>;
  assert.equal(entry.tier_id, 'tier-1');
  assert.equal(entry.tenant_id, 'acme');
  assert.equal(entry.region, 'us-east-1');
  assert.equal(entry.revision, 'main@abc');
});

test('credentials are redacted wherever they sit in a logged object', () => {
  const { logger, lines } = capture();
  logger.info({
    ...FAKE,
    credentials: FAKE,
    assumed: { Credentials: { AccessKeyId: 'ASIAFAKE', SecretAccessKey: 'fake-secret-1111', SessionToken: 'fake-token-1111', Expiration: 'x' } },
    request: { headers: { authorization: 'AWS4-HMAC-SHA256 Credential=fake', 'x-amz-security-token': 'fake-token-2222', host: 'ecs' } },
  });
  const text = lines()[0]!;
  for (const secret of ['fake-secret', 'fake-token', 'AKIAFAKE', 'ASIAFAKE', 'Credential=fake']) {
    assert.equal(text.includes(secret), false, `${secret} leaked: ${text}`);
  }
  const entry = JSON.parse(text);
  assert.equal(entry.secretAccessKey, '[Redacted]');
  assert.equal(entry.credentials.sessionToken, '[Redacted]');
  assert.equal(entry.assumed.Credentials.SecretAccessKey, '[Redacted]');
  assert.equal(entry.assumed.Credentials.Expiration, 'x', 'other fields stay');
  assert.equal(entry.request.headers.authorization, '[Redacted]');
  assert.equal(entry.request.headers['x-amz-security-token'], '[Redacted]');
  assert.equal(entry.request.headers.host, 'ecs');
});

test('AWS_* secrets in a logged environment are redacted, plain configuration is kept', () => {
  const { logger, lines } = capture();
  logger.info({
    env: { AWS_SECRET_ACCESS_KEY: 'fake-secret-3333', AWS_SESSION_TOKEN: 'fake-token-3333', AWS_REGION: 'eu-west-1', HOME: '/home/x' },
  });
  const { env } = JSON.parse(lines()[0]!);
  assert.deepEqual(env, { AWS_SECRET_ACCESS_KEY: '[Redacted]', AWS_SESSION_TOKEN: '[Redacted]', AWS_REGION: 'eu-west-1', HOME: '/home/x' });
});

test('credentials bound into a child logger are redacted too', () => {
  const { logger, lines } = capture();
  logger.child({ credentials: FAKE }).info('assumed role');
  assert.equal(lines()[0]!.includes('fake-secret'), false, lines()[0]);
});

test('the log level filters lower levels', () => {
  const { logger, lines } = capture({ level: 'warn' });
  logger.info('hidden');
  logger.warn('shown');
  assert.deepEqual(lines().map((l) => JSON.parse(l).msg), ['shown']);
});

test('the pretty format prints readable lines with the context, still redacted', () => {
  const { logger, lines } = capture({ format: 'pretty' });
  withContext(logger, { tier_id: 'tier-1' }).info({ credentials: FAKE }, 'tier converged');
  const text = lines().join('\n');
  assert.match(text, /INFO.*tier converged/);
  assert.match(text, /tier_id: "tier-1"/);
  assert.equal(text.includes('fake-secret'), false);
  assert.throws(() => JSON.parse(lines()[0]!));
});

test('bad --log-level and --log-format values name the flag and the choices', () => {
  assert.equal(parseLogLevel('debug'), 'debug');
  assert.equal(parseLogFormat('pretty'), 'pretty');
  assert.throws(() => parseLogLevel('verbose'), /--log-level 'verbose': expected one of fatal, error, warn, info, debug, trace, silent/);
  assert.throws(() => parseLogFormat('xml'), /--log-format 'xml': expected one of json, pretty/);
});
