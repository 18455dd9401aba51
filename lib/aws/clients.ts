/**
 * One place that builds AWS SDK v3 clients: one client per service and region,
 * the standard credential chain, `AWS_ENDPOINT_URL` honoured (the SDK reads it), and
 * the SDK's adaptive retry mode so throttling backs off instead of failing a sweep.
 */

/** Options shared by every client. */
export interface AwsClientOptions {
  /**
   * Attempts per call, first included, with exponential backoff and jitter (SDK adaptive mode).
   * @default 6
   */
  readonly maxAttempts?: number;
  /**
   * Endpoint override for every service (e.g. the local emulator).
   * @default - the SDK's resolution: `AWS_ENDPOINT_URL*` environment variables, then AWS.
   */
  readonly endpoint?: string;
  /** Extra client configuration (credentials, request handler, ...), merged last. */
  readonly extra?: Readonly<Record<string, unknown>>;
  /** Called with each client once created (e.g. a bench adding a middleware that counts requests). */
  readonly configure?: (client: unknown) => void;
}

/** Static credentials, e.g. STS AssumeRole's. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** The subset of the client constructor config this factory sets. */
interface BaseClientConfig {
  region: string;
  maxAttempts: number;
  retryMode: 'adaptive';
  endpoint?: string;
}

/** Constructor of any SDK v3 client. */
export type ClientConstructor<C> = new (config: BaseClientConfig) => C;

/** Caches SDK clients per service and region. */
export class AwsClients {
  readonly #options: AwsClientOptions;
  readonly #cache = new Map<ClientConstructor<unknown>, Map<string, unknown>>();

  constructor(options: AwsClientOptions = {}) {
    this.#options = options;
  }

  /**
   * Clients with the same options that sign with `credentials` (e.g. a member
   * account's role, assumed by the hub), cached apart from these.
   *
   * @example
   * const member = clients.withCredentials({ accessKeyId, secretAccessKey, sessionToken });
   */
  withCredentials(credentials: AwsCredentials): AwsClients {
    return new AwsClients({ ...this.#options, extra: { ...this.#options.extra, credentials } });
  }

  /**
   * The client of `ctor` for `region`, created once.
   *
   * @example
   * const sagemaker = clients.get(SageMakerClient, 'us-east-1');
   */
  get<C>(ctor: ClientConstructor<C>, region: string): C {
    let byRegion = this.#cache.get(ctor);
    if (!byRegion) {
      byRegion = new Map();
      this.#cache.set(ctor, byRegion);
    }
    let client = byRegion.get(region) as C | undefined;
    if (!client) {
      const config: BaseClientConfig = {
        region,
        maxAttempts: this.#options.maxAttempts ?? 6,
        retryMode: 'adaptive',
        ...(this.#options.endpoint ? { endpoint: this.#options.endpoint } : {}),
        ...this.#options.extra,
      };
      client = new ctor(config);
      this.#options.configure?.(client);
      byRegion.set(region, client);
    }
    return client;
  }
}
