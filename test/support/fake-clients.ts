/**
 * A {@link ClientFactory} of real SDK clients whose `send` answers from a handler in
 * the test (by command name), never the network: for APIs the emulator does not
 * serve. The clients are real instances, so the SDK's paginators accept them.
 */
import type { ClientFactory } from '../../lib/core/sweep.js';

/** Answers one command: `name` is the command's class name, e.g. `ListTagsForResourceCommand`. */
export type FakeHandler = (name: string, input: Record<string, unknown>) => unknown;

/** Clients whose calls go to `handler`; `calls` records each (`Service.Command` names without `Command`). */
export class FakeClients implements ClientFactory {
  readonly calls: { readonly name: string; readonly input: Record<string, unknown> }[] = [];
  readonly #cache = new Map<unknown, unknown>();

  constructor(private readonly handler: FakeHandler) {}

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any SDK v3 client constructor
  get<C>(ctor: new (config: any) => C, region: string): C {
    let client = this.#cache.get(ctor) as C | undefined;
    if (!client) {
      client = new ctor({ region, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
      (client as { send: unknown }).send = async (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
        const name = command.constructor.name;
        this.calls.push({ name: name.replace(/Command$/, ''), input: command.input });
        return this.handler(name, command.input);
      };
      this.#cache.set(ctor, client);
    }
    return client;
  }
}
