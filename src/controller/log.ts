// The daemon's logger: pino, one JSON object per line, string levels, ISO times. Child loggers
// carry `tier_id`, `tenant_id`, `region` and `revision` wherever they apply. Credentials never
// reach a log line: the keys AWS SDK credentials, STS responses, HTTP headers and the AWS_*
// environment use are redacted at any depth up to four levels.
import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';

export type { Logger } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LoggerOptions {
  /** `--log-level` (default info). */
  readonly level?: LogLevel;
  /** `--log-format`: `json` (default) or `pretty` for people at a terminal. */
  readonly format?: LogFormat;
  /** Where lines go (default stdout). */
  readonly destination?: DestinationStream;
}

/** The fields a log line carries about what it concerns (docs/design.md §9.5). */
export interface LogContext {
  readonly tier_id?: string;
  readonly tenant_id?: string;
  readonly region?: string;
  readonly revision?: string;
}

export const REDACTED = '[Redacted]';

/** Credential keys as the SDK (camelCase) and STS / the credentials file (PascalCase) spell them. */
const SECRET_KEYS = ['accessKeyId', 'secretAccessKey', 'sessionToken', 'AccessKeyId', 'SecretAccessKey', 'SessionToken'];
const SECRET_HEADERS = ['authorization', 'Authorization', '"x-amz-security-token"', '"X-Amz-Security-Token"'];
/** AWS_* variables that are configuration, not secrets: kept readable. */
const PUBLIC_AWS_ENV = new Set(['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL', 'AWS_PROFILE', 'AWS_ROLE_ARN']);

function atAnyDepth(path: string): string[] {
  return [path, `*.${path}`, `*.*.${path}`, `*.*.*.${path}`];
}

export const REDACT_PATHS: readonly string[] = [
  ...SECRET_KEYS.flatMap(atAnyDepth),
  ...SECRET_HEADERS.flatMap((h) => [`headers[${h}]`, `*.headers[${h}]`, `*.*.headers[${h}]`]),
  // Every value of an `env` object whose key starts with AWS_ (see censor below).
  'env.*',
  '*.env.*',
];

/** `env.*` matches all variables; only AWS_* ones that are not plain configuration are hidden. */
function censor(value: unknown, path: string[]): unknown {
  const key = path[path.length - 1] ?? '';
  const parent = path[path.length - 2];
  if (parent === 'env') return key.startsWith('AWS_') && !PUBLIC_AWS_ENV.has(key) ? REDACTED : value;
  return REDACTED;
}

/** pino-pretty, loaded only when `--log-format pretty` asks for it: a JSON-logging service
 * (the container) never pays for it. It is CommonJS, so it loads synchronously. */
function loadPinoPretty(): typeof PinoPretty {
  return createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const destination =
    options.format === 'pretty'
      ? loadPinoPretty()({
          sync: true,
          colorize: Boolean(process.stdout.isTTY) && options.destination === undefined,
          translateTime: 'SYS:HH:MM:ss.l',
          ignore: 'pid,hostname',
          ...(options.destination && { destination: options.destination as NodeJS.WritableStream }),
        })
      : options.destination;
  return pino(
    {
      level: options.level ?? 'info',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACT_PATHS], censor },
    },
    destination,
  );
}

/** A child logger with the context fields that are set. */
export function withContext(logger: Logger, context: LogContext): Logger {
  const fields = Object.fromEntries(Object.entries(context).filter(([, v]) => v !== undefined));
  return logger.child(fields);
}

export function parseLogLevel(text: string): LogLevel {
  if ((LOG_LEVELS as readonly string[]).includes(text)) return text as LogLevel;
  throw new Error(`--log-level '${text}': expected one of ${LOG_LEVELS.join(', ')}`);
}

export function parseLogFormat(text: string): LogFormat {
  if ((LOG_FORMATS as readonly string[]).includes(text)) return text as LogFormat;
  throw new Error(`--log-format '${text}': expected one of ${LOG_FORMATS.join(', ')}`);
}
