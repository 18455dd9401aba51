/**
 * `finops-ai serve-links`: the owner-action endpoint on a local HTTP server (node:http),
 * the same handler the Lambda runs behind its function URL, against the deployment of
 * the environment (on the emulator: what `init-local` printed). It listens on a
 * loopback address only.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { AwsClients } from '../aws/clients.js';
import { systemClock, type Clock } from '../core/clock.js';
import { UsageError } from '../core/errors.js';
import type { LoggerLike } from '../core/sweep.js';
import type { AnyFinOpsConfig } from '../config/config-schema.js';
import { linkEndpointFromEnv } from '../links/endpoint-from-env.js';
import { formOf, MAX_FORM_BYTES } from '../links/function-url.js';
import { handleLinkRequest, PAGE_HEADERS, type LinkRequest } from '../links/handle-request.js';
import type { SweepLabels } from '../links/sweep-labels.js';

/** Options of {@link serveLinks}. */
export interface ServeLinksOptions {
  readonly config: AnyFinOpsConfig;
  readonly sweepLabels: SweepLabels;
  /** `0`: any free port. */
  readonly port: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** @default - new clients with the config's `aws.maxAttempts` (AWS_ENDPOINT_URL honoured) */
  readonly clients?: AwsClients;
  /** @default systemClock */
  readonly clock?: Clock;
  /** One line per request (never the token). @default - none */
  readonly log?: LoggerLike;
}

/** A running local endpoint. */
export interface LinksServer {
  /** The base URL links must be under, e.g. `http://127.0.0.1:8787/`. */
  readonly url: string;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);
const silent: LoggerLike = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Starts the endpoint; resolves once it listens.
 *
 * @throws UsageError for a host that is not loopback
 * @throws MissingEnvironmentError `FINOPS_LEDGER_TABLE` or `FINOPS_LINKS_KEY_ID` missing
 */
export async function serveLinks(options: ServeLinksOptions): Promise<LinksServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new UsageError(`--host must be a loopback address (127.0.0.1, ::1, localhost); got ${host}`);
  const env = options.env ?? process.env;
  const home = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? options.config.regions?.[0] ?? 'us-east-1';
  const endpoint = linkEndpointFromEnv({
    config: options.config,
    sweepLabels: options.sweepLabels,
    env,
    clients: options.clients ?? new AwsClients({ maxAttempts: options.config.aws.maxAttempts }),
    home,
    clock: options.clock ?? systemClock,
    log: options.log ?? silent,
  });
  const server: Server = createServer((req, res) => {
    void (async () => {
      const request = await requestOf(req);
      const response = request ? await handleLinkRequest(request, endpoint) : { status: 413, headers: PAGE_HEADERS, body: 'Request body too large' };
      res.writeHead(response.status, response.headers);
      res.end(response.body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500, PAGE_HEADERS);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The request, or `null` when its body is larger than a form can be. */
async function requestOf(req: IncomingMessage): Promise<LinkRequest | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const body = chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : undefined;
  return { method: (req.method ?? 'GET').toUpperCase(), path: url.pathname, query: url.searchParams, form: formOf(req.headers['content-type'], body) };
}
