// The counting, fault-injecting, quota-enforcing proxy between the AWS SDK clients and moto.
// Each request: recognise → rate limit → injected faults → ALB quotas → forward to moto → count.
import { targetHealthAnswer, type TargetHealthFault } from './target-health.js';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccountBook } from './account.js';
import { AwsBehaviours } from './aws-behaviours.js';
import type { DrainingOptions } from './ecs-draining.js';
import { pageDescribeAlarms } from './alarm-pages.js';
import { CONTROL_PREFIX, control } from './control-api.js';
import { failDeployments } from './deployment-failures.js';
import type { DeploymentFailure } from './deployment-failures.js';
import type { ProxyControls } from './controls.js';
import { callerFacts } from './caller.js';
import { CallCounters } from './counters.js';
import { FaultPlan } from './faults.js';
import { errorCodeOf, forward, type ForwardedResponse } from './forward.js';
import { KeyedQueue } from './keyed-queue.js';
import { LostAnswerPlan, type LostAnswerRule } from './lost-answers.js';
import { planPage } from './page-sizes.js';
import { slicePage } from './page-slices.js';
import { PendingChanges } from './route53-pending.js';
import { recognise } from './operation.js';
import { answerXml, dnsQuestion, recordSetsPath, resolveAnswer, type DnsQuestion } from './test-dns-answer.js';
import { monotonicClock, RateLimiter, type Clock } from './rate-limit.js';
import { isQuotaChecked, QuotaEnforcer, quotaScope } from './quotas.js';
import { AppliedServiceQuotas } from './service-quotas.js';
import { formParams, jsonBody } from './request-fields.js';
import type { FaultRule, Outcome, QuotaLimits, RateLimitRule, RawRequest, RecognisedRequest } from './types.js';
import { faultError, serverError, throttleError, wireError, type WireError, type WireResponse } from './wire-errors.js';

export interface ProxyOptions {
  /** moto's base URL, e.g. http://127.0.0.1:5000 */
  readonly target: string;
  /** Seed of the fault decisions; the same seed and traffic replay the same faults. */
  readonly seed?: number;
  /** Port to listen on (127.0.0.1 only); 0 (the default) picks a free one. */
  readonly port?: number;
  readonly clock?: Clock;
  readonly faults?: readonly FaultRule[];
  /** Calls moto acts on whose answers are then lost (lost-answers.ts); none by default. */
  readonly lostAnswers?: readonly LostAnswerRule[];
  readonly rateLimits?: readonly RateLimitRule[];
  readonly quotas?: Partial<QuotaLimits>;
  /** GetChange answers PENDING this many times per change before INSYNC (route53-pending.ts); 0 by default. */
  readonly route53PendingPolls?: number;
  /** Whose page sizes list calls answer with: AWS's (the default; page-sizes.ts) or moto's. */
  readonly pageSizes?: 'aws' | 'moto';
  /** How many calls the log keeps (default 10,000). */
  readonly logLimit?: number;
  /** ECS services drain before their cluster can go, as in AWS (off by default). */
  readonly draining?: DrainingOptions;
}

export interface LocalProxy extends ProxyControls {
  readonly url: string;
  readonly port: number;
  readonly seed: number;
  stop(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, answer: WireResponse): void {
  response.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
  response.end(answer.body);
}

export async function startProxy(options: ProxyOptions): Promise<LocalProxy> {
  const target = new URL(options.target);
  const seed = options.seed ?? 1;
  const counters = new CallCounters(options.logLimit);
  const accounts = new AccountBook();
  const faults = new FaultPlan(seed);
  const lostAnswers = new LostAnswerPlan(seed);
  const pendingChanges = new PendingChanges();
  const limiter = new RateLimiter(options.clock ?? monotonicClock);
  const quotas = new QuotaEnforcer(target.origin);
  const serviceQuotas = new AppliedServiceQuotas();
  const dynamoWrites = new KeyedQueue();
  const behaviours = new AwsBehaviours(target.origin, options.clock ?? monotonicClock, seed);
  let deploymentFailures: readonly DeploymentFailure[] = [];
  let targetHealthFaults: readonly TargetHealthFault[] = [];
  let requestIds = 0;
  // Modelled latency (a call that hangs for minutes) must not keep the process alive once the
  // proxy stops: its timers are dropped with the connections they hold.
  const delays = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        delays.delete(timer);
        resolve();
      }, ms);
      delays.add(timer);
    });

  const controls: ProxyControls = {
    counters: () => counters.counters(),
    count: (filter) => counters.count(filter),
    calls: (filter) => counters.calls(filter),
    resetCounters: () => counters.reset(),
    setFaults: (rules) => faults.set(rules),
    clearFaults: () => faults.set([]),
    setLostAnswers: (rules) => lostAnswers.set(rules),
    setRoute53PendingPolls: (polls) => pendingChanges.set(polls),
    setRateLimits: (rules) => limiter.set(rules),
    setQuotas: (limits) => quotas.setLimits(limits),
    quotas: () => quotas.currentLimits(),
    setServiceQuotas: (rules) => serviceQuotas.set(rules),
    setDraining: (draining) => behaviours.setDraining(draining),
    setDeploymentFailures: (failures) => {
      deploymentFailures = failures;
    },
    setTargetHealth: (faults) => {
      targetHealthFaults = faults;
    },
    reset: () => {
      behaviours.setDraining(options.draining);
      deploymentFailures = [];
      targetHealthFaults = [];
      counters.reset();
      faults.set(options.faults ?? []);
      lostAnswers.set(options.lostAnswers ?? []);
      pendingChanges.set(options.route53PendingPolls ?? 0);
      limiter.set(options.rateLimits ?? []);
      quotas.reset(options.quotas ?? {});
      serviceQuotas.set([]);
      accounts.clear();
    },
  };
  controls.reset();

  interface Answered {
    readonly answer: WireResponse;
    readonly outcome: Outcome;
    readonly errorCode?: string | undefined;
    /** The answer is lost by resetting the connection instead of sending it. */
    readonly drop?: boolean;
  }

  async function refuseOrForward(raw: RawRequest, body: Buffer, call: RecognisedRequest, account: string): Promise<Answered> {
    const refuse = (error: WireError, outcome: Outcome) => ({
      answer: wireError(call.service, error, `tiered-proxy-${++requestIds}`),
      outcome,
      errorCode: error.code,
    });
    const who = { service: call.service, operation: call.operation, account };
    if (limiter.check(who)) return refuse(throttleError(call.service), 'rate-limited');
    const decision = faults.decide(who);
    if (decision.delayMs > 0) await sleep(decision.delayMs);
    const injected = decision.error && faultError(decision.error.kind, call.service);
    if (injected) return refuse(injected, 'fault');

    const pass = async (): Promise<Answered> => {
      const page = options.pageSizes === 'moto' ? { request: raw } : planPage(call, raw);
      if ('refusal' in page) return refuse(page.refusal, 'error');
      const response = await forward(target, page.request, page.request === raw ? body : Buffer.from(page.request.body));
      const lost = lostAnswers.decide({ ...who, mutating: call.mutating, url: raw.url, body: raw.body });
      if (lost !== undefined) {
        const error = serverError(call.service);
        return { answer: wireError(call.service, error, `tiered-proxy-${++requestIds}`), outcome: 'answer-lost', errorCode: error.code, drop: lost === 'drop' };
      }
      const whole = response.body.toString('utf8');
      const paged = page.slice !== undefined && response.status < 300 ? slicePage(whole, page.slice) : whole;
      const text = response.status < 300 ? pendingChanges.answer(call, raw, paged) : paged;
      if (call.service === 'sts' && call.operation === 'AssumeRole' && response.status < 300) {
        accounts.learnFromAssumeRole(formParams(raw).get('RoleArn'), text);
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined && name !== 'transfer-encoding' && name !== 'connection') headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      const ok = response.status < 400;
      const shaped =
        !ok ? text
        : call.service === 'cloudwatch' && call.operation === 'DescribeAlarms' ? pageDescribeAlarms(jsonBody(raw), text)
        : call.service === 'ecs' && call.operation === 'DescribeServices' ? failDeployments(text, deploymentFailures)
        : call.service === 'elbv2' && call.operation === 'DescribeTargetHealth' ? targetHealthAnswer(text, formParams(raw).get('TargetGroupArn') ?? '', targetHealthFaults)
        : text;
      return { answer: { status: response.status, headers, body: shaped }, outcome: ok ? 'ok' : 'error', errorCode: ok ? undefined : errorCodeOf(text) };
    };

    const read = async (path: string) => {
      const r = await forward(target, { ...raw, method: 'GET', url: path, body: '' }, Buffer.alloc(0));
      return { status: r.status, body: r.body.toString('utf8') };
    };
    if (call.service === 'servicequotas') {
      const own = serviceQuotas.answer(call, raw, account);
      if (own !== undefined) return { answer: own, outcome: 'ok' };
      const passed = await pass();
      const stood = passed.outcome === 'error' ? serviceQuotas.answer(call, raw, account, { status: passed.answer.status, body: passed.answer.body }) : undefined;
      return stood !== undefined ? { answer: stood, outcome: 'ok' } : passed;
    }
    const answered = behaviours.handle({ call, raw, account, pass, refuse, read });
    if (answered !== undefined) return answered;
    // Real DynamoDB applies the writes to one item one at a time, so a condition is checked
    // against the latest write; moto does not lock, and two conditional writes racing on one
    // item can both pass. Writes to one table are serialised here, as the lease table needs.
    if (call.service === 'route53' && call.operation === 'TestDNSAnswer') {
      const question = dnsQuestion(raw.url);
      if (question === undefined) return refuse({ status: 400, code: 'InvalidInput', message: 'hostedzoneid, recordname and recordtype are required' }, 'error');
      let failed: ForwardedResponse | undefined;
      const list = async (q: DnsQuestion) => {
        const listing = await forward(target, { ...raw, url: recordSetsPath(q), body: '' }, Buffer.alloc(0));
        if (listing.status >= 400) failed ??= listing;
        return listing.status >= 400 ? '' : listing.body.toString('utf8');
      };
      const values = await resolveAnswer(question, list);
      if (failed !== undefined) return { answer: { status: failed.status, headers: { 'content-type': 'text/xml' }, body: failed.body.toString('utf8') }, outcome: 'error', errorCode: errorCodeOf(failed.body.toString('utf8')) };
      return { answer: { status: 200, headers: { 'content-type': 'text/xml' }, body: answerXml(question, values) }, outcome: 'ok' };
    }
    if (call.service === 'dynamodb' && call.mutating) {
      return dynamoWrites.run(`${account}/${JSON.stringify(jsonBody(raw)['TableName'] ?? '')}`, pass);
    }
    if (call.service !== 'elbv2' || !isQuotaChecked(call.operation)) return pass();
    const params = formParams(raw);
    const scope = quotaScope(call.operation, params) ?? 'no-load-balancer';
    return quotas.serialise(scope, async () => {
      const refusal = await quotas.refusal(call.operation, params, call.accessKeyId, call.region);
      return refusal ? refuse(refusal, 'quota-refused') : pass();
    });
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    const body = await readBody(request);
    const raw: RawRequest = { method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers, body: body.toString('utf8') };
    if (raw.url.startsWith(CONTROL_PREFIX)) {
      const answer = control(controls, raw.method, raw.url, raw.body);
      send(response, { status: answer.status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(answer.body) });
      return;
    }
    const call = recognise(raw);
    const account = accounts.accountOf(call.accessKeyId);
    const { answer, outcome, errorCode, drop } = await refuseOrForward(raw, body, call, account);
    counters.record({
      service: call.service,
      operation: call.operation,
      account,
      status: drop === true ? 0 : answer.status,
      outcome,
      mutating: call.mutating,
      ...(errorCode !== undefined ? { errorCode } : {}),
      ...(call.resource !== undefined ? { resource: call.resource } : {}),
      receivedAt,
      ...callerFacts(raw.headers),
    });
    if (drop === true) request.socket.destroy();
    else send(response, answer);
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // moto unreachable or a bug in the proxy: answer 502 rather than hang the SDK.
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end(`tiered proxy: ${(error as Error).message}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`cannot listen on 127.0.0.1:${options.port}: port ${options.port} is already in use (another tiered local?). Pick another with --port ${(options.port ?? 0) + 1}, or leave --port out for any free port.`)
          : err,
      ),
    );
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    ...controls,
    url: `http://127.0.0.1:${port}`,
    port,
    seed,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of delays) clearTimeout(timer);
        delays.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
