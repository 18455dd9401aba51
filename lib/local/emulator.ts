/**
 * The local AWS emulator: moto's server (lib/local/emulator/launcher.py) run as a child
 * process, for the integration tests, `finops-ai demo` and the benchmark.
 */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { restOperation } from './emulator-rest-operations.js';

/** An SNS message moto has accepted (read from `/moto-api/data.json`). */
export interface PublishedSnsMessage {
  readonly topicArn: string;
  readonly messageId: string;
  readonly subject?: string;
  readonly message: string;
  /** Attributes by name, e.g. `{ owner: { dataType: 'String', value: 'team-a' } }`. */
  readonly messageAttributes: Record<string, { readonly dataType: string; readonly value: string }>;
}

/** A running local AWS emulator (moto). */
export interface LocalEmulator {
  /** Base URL for every AWS client, e.g. `http://127.0.0.1:PORT`. */
  readonly endpoint: string;
  /** Stops the server and waits for the process to exit. Idempotent. */
  stop(): Promise<void>;
  /** POSTs `body` as JSON to `/_emulator/<path>`; throws {@link EmulatorError} with the server's error text on non-2xx. */
  control<T = unknown>(path: string, body?: unknown): Promise<T>;
  /** Drops all emulated state (`POST /moto-api/reset`). */
  reset(): Promise<void>;
  /** Clears moto's request recording and starts recording. */
  startRecording(): Promise<void>;
  stopRecording(): Promise<void>;
  /** Requests recorded since startRecording, counted per "Service.Operation" e.g. "SageMaker.ListEndpoints", "CloudWatch.GetMetricData". */
  recordedCalls(): Promise<Record<string, number>>;
  /** SNS messages published so far (all accounts and regions; in order per topic), from /moto-api/data.json. */
  publishedMessages(): Promise<PublishedSnsMessage[]>;
}

/** A failure of the emulator process or of one of its HTTP APIs. */
export class EmulatorError extends Error {
  override readonly name = 'EmulatorError';
}

/** Service names by SigV4 signing name, for {@link LocalEmulator.recordedCalls}. */
const SERVICES: Record<string, string> = {
  sagemaker: 'SageMaker',
  monitoring: 'CloudWatch',
  dynamodb: 'DynamoDB',
  sns: 'SNS',
  ec2: 'EC2',
  sqs: 'SQS',
  s3: 'S3',
  sts: 'STS',
  organizations: 'Organizations',
  iam: 'IAM',
  lambda: 'Lambda',
  events: 'EventBridge',
  logs: 'CloudWatchLogs',
  pricing: 'Pricing',
  ce: 'CostExplorer',
  cloudtrail: 'CloudTrail',
  tagging: 'ResourceGroupsTaggingAPI',
  states: 'SFN',
  bedrock: 'Bedrock',
  kms: 'KMS',
};
/** Service names by the JSON-protocol X-Amz-Target prefix, when the request is unsigned. */
const TARGETS: Record<string, string> = {
  SageMaker: 'SageMaker',
  GraniteServiceVersion20100801: 'CloudWatch',
  DynamoDB_20120810: 'DynamoDB',
};
const READY_TIMEOUT_MS = 60_000;
const defaultRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Starts moto on a free loopback port and resolves once it serves requests.
 * Gets the interpreter from `scripts/ensure-moto.sh` (which may install moto once).
 * The server also exits when this Node process dies, because its stdin pipe closes.
 */
export async function startLocalEmulator(options: { repoRoot?: string; log?: (line: string) => void } = {}): Promise<LocalEmulator> {
  const root = options.repoRoot ?? defaultRoot;
  const log = options.log ?? (() => {});
  const python = (await run('bash', [join(root, 'scripts/ensure-moto.sh')], log)).trim().split('\n').pop() ?? '';
  if (!python) throw new EmulatorError('scripts/ensure-moto.sh printed no Python interpreter');

  const child = spawn(python, [join(root, 'lib/local/emulator/launcher.py')], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1' },
  });
  let stderr = '';
  lines(child.stderr, (line) => {
    stderr = (stderr + line + '\n').slice(-8_000);
    log(line);
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));

  const endpoint = await new Promise<string>((ok, fail) => {
    const settle = () => {
      clearTimeout(timer);
      child.off('error', onError).off('exit', onExit);
    };
    const failWith = (why: string) => {
      settle();
      child.kill('SIGKILL');
      fail(new EmulatorError(`${why}${stderr ? `\nlauncher stderr:\n${stderr}` : ''}`));
    };
    const onError = (err: Error) => failWith(`cannot run ${python}: ${err.message}`);
    const onExit = (code: number | null, signal: string | null) => failWith(`moto exited before it was ready (code ${code}, signal ${signal})`);
    const timer = setTimeout(() => failWith(`moto did not start within ${READY_TIMEOUT_MS / 1000} s`), READY_TIMEOUT_MS);
    child.on('error', onError).on('exit', onExit);
    lines(child.stdout, (line) => {
      let ready: { endpoint?: unknown } | undefined;
      try {
        ready = JSON.parse(line) as { endpoint?: unknown };
      } catch {
        /* not the ready line */
      }
      if (typeof ready?.endpoint === 'string') {
        settle();
        ok(ready.endpoint);
      } else log(line);
    });
  });
  child.on('error', (err) => log(`moto process error: ${err.message}`));
  child.stdin.on('error', () => {}); // EPIPE once the server is gone
  // Never keep the Node event loop alive just for the emulator.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) (stream as unknown as { unref?: () => void }).unref?.();
  log(`moto listening on ${endpoint} (pid ${child.pid}, ${python})`);

  let stopping: Promise<void> | undefined;
  return {
    ...connectLocalEmulator(endpoint),
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        // Waiting for an unref'd child leaves the event loop empty: Node would exit
        // mid-await (exit code 13, "unsettled top-level await"). Hold it while stopping.
        child.ref();
        child.stdin.end();
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}

/**
 * A handle on an emulator that is already running at `endpoint` (e.g. the one the
 * vitest global setup started); everything but `stop`.
 */
export function connectLocalEmulator(endpoint: string): Omit<LocalEmulator, 'stop'> {
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown): Promise<string> => {
    const init: RequestInit = { method };
    if (body !== undefined) Object.assign(init, { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    const res = await fetch(`${endpoint}${path}`, init);
    const text = await res.text();
    if (!res.ok) {
      let detail = text;
      try {
        detail = (JSON.parse(text) as { error?: string }).error ?? text;
      } catch {
        /* not JSON */
      }
      throw new EmulatorError(`${method} ${path} failed (HTTP ${res.status}): ${detail}`);
    }
    return text;
  };

  return {
    endpoint,
    async control<T>(path: string, body: unknown = {}) {
      return JSON.parse(await call('POST', `/_emulator/${path.replace(/^\/+/, '')}`, body)) as T;
    },
    async reset() {
      await call('POST', '/moto-api/reset');
    },
    async startRecording() {
      await call('POST', '/moto-api/recorder/reset-recording');
      await call('POST', '/moto-api/recorder/start-recording');
    },
    async stopRecording() {
      await call('POST', '/moto-api/recorder/stop-recording');
    },
    async recordedCalls() {
      const counts: Record<string, number> = {};
      for (const line of (await call('GET', '/moto-api/recorder/download-recording')).split('\n')) {
        if (!line.trim()) continue;
        const name = operationName(JSON.parse(line) as RecordedRequest);
        if (name) counts[name] = (counts[name] ?? 0) + 1;
      }
      return counts;
    },
    async publishedMessages() {
      const data = JSON.parse(await call('GET', '/moto-api/data.json')) as { sns?: { Topic?: MotoTopic[] } };
      return (data.sns?.Topic ?? []).flatMap((topic) =>
        topic.sent_notifications.map(([messageId, message, subject, attributes]): PublishedSnsMessage => ({
          topicArn: topic.arn,
          messageId,
          message,
          ...(subject == null ? {} : { subject }),
          messageAttributes: Object.fromEntries(
            Object.entries(attributes ?? {}).map(([key, a]) => [
              key,
              { dataType: a.Type ?? a.DataType ?? 'String', value: a.Value ?? a.StringValue ?? a.BinaryValue ?? '' },
            ]),
          ),
        })),
      );
    },
  };
}

/** One line of moto's recording (`/moto-api/recorder/download-recording`). */
interface RecordedRequest {
  headers: Record<string, string>;
  method: string;
  url: string;
  body: string | null;
  body_encoded: boolean;
}

interface MotoAttribute {
  Type?: string;
  DataType?: string;
  Value?: string;
  StringValue?: string;
  BinaryValue?: string;
}
interface MotoTopic {
  arn: string;
  sent_notifications: [string, string, string | null, Record<string, MotoAttribute> | null, string | null][];
}

/**
 * "Service.Operation" for a recorded request: the service from the SigV4 credential
 * scope (or the X-Amz-Target prefix); the operation from X-Amz-Target (AWS JSON:
 * SageMaker, CloudWatch, DynamoDB), a Smithy RPC v2 path (`/service/S/operation/Op`)
 * or the `Action` form field (query protocol: SNS, EC2). Emulator-internal calls are skipped.
 */
function operationName(req: RecordedRequest): string | undefined {
  const url = new URL(req.url);
  if (url.pathname.startsWith('/moto-api/')) return undefined;
  const header = (name: string) => Object.entries(req.headers).find(([k]) => k.toLowerCase() === name)?.[1];
  const scope = /Credential=[^/]+\/\d+\/[^/]+\/([^/]+)\//.exec(header('authorization') ?? '')?.[1];
  const target = header('x-amz-target');
  const rpc = /\/service\/([^/]+)\/operation\/([^/]+)$/.exec(url.pathname);
  let operation = target?.split('.').pop() ?? rpc?.[2] ?? restOperation(scope, req.method, url.pathname);
  if (!operation) {
    let body = req.body ?? '';
    if (req.body_encoded) {
      const raw = Buffer.from(body, 'base64');
      body = (raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw).toString('utf8');
    }
    operation = url.searchParams.get('Action') ?? new URLSearchParams(body).get('Action') ?? undefined;
  }
  const prefix = target?.split('.')[0] ?? rpc?.[1] ?? '';
  const service = (scope && (SERVICES[scope] ?? scope)) ?? TARGETS[prefix] ?? (prefix || 'Unknown');
  return `${service}.${operation ?? `${req.method} ${url.pathname}`}`;
}

/** Runs a command, streaming its stderr lines to `log`; resolves with stdout. */
function run(command: string, args: string[], log: (line: string) => void): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    lines(child.stderr, (line) => {
      stderr = (stderr + line + '\n').slice(-8_000);
      log(line);
    });
    child.once('error', (err) => fail(new EmulatorError(`cannot run ${command}: ${err.message}`)));
    child.once('close', (code) => (code === 0 ? ok(stdout) : fail(new EmulatorError(`${args.join(' ')} failed (exit ${code}):\n${stderr}`))));
  });
}

/** Calls `onLine` for every complete line of a stream. */
function lines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): void {
  let buffered = '';
  stream.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      onLine(buffered.slice(0, newline).replace(/\r$/, ''));
      buffered = buffered.slice(newline + 1);
    }
  });
}
