/**
 * Seeds SageMaker Studio on the local emulator (domains, user profiles, spaces, apps and
 * their users' `CreatePresignedDomainUrl` opens), for the demo, the integration tests and
 * the benchmark. Backdating apps goes through the emulator's control surface (`studio/apps`).
 */
import {
  CreateAppCommand,
  CreateDomainCommand,
  CreateSpaceCommand,
  CreateUserProfileCommand,
  SageMakerClient,
  type SpaceSettings,
  type UserSettings,
} from '@aws-sdk/client-sagemaker';
import { mapWithConcurrency } from '../aws/concurrency.js';
import type { EmulatorControl } from './seed-endpoints.js';

type TagMap = Readonly<Record<string, string>>;

/** A domain; its id on the emulator is `d-<name>`. */
export interface SeedStudioDomain {
  readonly name: string;
  readonly tags?: TagMap;
  /** @default - an execution role only: no idle settings */
  readonly defaultUserSettings?: UserSettings;
}

/** A user profile of a domain. */
export interface SeedStudioProfile {
  readonly domain: string;
  readonly name: string;
  readonly tags?: TagMap;
  readonly userSettings?: UserSettings;
}

/** A JupyterLab or Code Editor space. */
export interface SeedStudioSpace {
  readonly domain: string;
  readonly name: string;
  readonly appType: 'JupyterLab' | 'CodeEditor';
  /** Owner profile; a private space when given. @default - shared, no owner */
  readonly owner?: string;
  readonly tags?: TagMap;
  /** The space's own idle timeout. @default - none */
  readonly idleTimeoutInMinutes?: number;
}

/** An app in a space (JupyterLab, Code Editor) or of a user profile (KernelGateway, JupyterServer). */
export interface SeedStudioApp {
  readonly domain: string;
  readonly space?: string;
  readonly profile?: string;
  readonly appType: 'JupyterLab' | 'CodeEditor' | 'KernelGateway' | 'JupyterServer';
  /** @default 'default' */
  readonly appName?: string;
  /** @default 'ml.t3.medium' ('system' for a JupyterServer) */
  readonly instanceType?: string;
  /** Hours before `now` it was created. @default 48 */
  readonly createdHoursAgo?: number;
  /** Hours before `now` of its `LastUserActivityTimestamp`. @default - none */
  readonly activeHoursAgo?: number;
  readonly status?: string;
}

/** A user opening Studio (`CreatePresignedDomainUrl`), `hoursAgo` before `now`. */
export interface SeedStudioOpen {
  readonly domain: string;
  readonly profile: string;
  readonly space?: string;
  readonly hoursAgo: number;
}

/** Everything to seed. */
export interface SeedStudio {
  readonly domains: readonly SeedStudioDomain[];
  readonly profiles?: readonly SeedStudioProfile[];
  readonly spaces?: readonly SeedStudioSpace[];
  readonly apps?: readonly SeedStudioApp[];
  readonly opens?: readonly SeedStudioOpen[];
}

const HOUR = 3_600_000;
const tagList = (tags: TagMap | undefined) => Object.entries(tags ?? {}).map(([Key, Value]) => ({ Key, Value }));

/** The emulator's id of a seeded domain. */
export const studioDomainId = (name: string) => `d-${name}`;

/** Creates the estate through the SageMaker API, then backdates the apps and seeds the opens. */
export async function seedStudio(options: {
  readonly endpoint: string;
  readonly region: string;
  readonly control: EmulatorControl;
  readonly now: Date;
  readonly estate: SeedStudio;
  /** Parallel API calls. @default 8 */
  readonly concurrency?: number;
}): Promise<void> {
  const { estate, now, region } = options;
  const sagemaker = new SageMakerClient({ region, endpoint: options.endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  const limit = options.concurrency ?? 8;
  try {
    for (const d of estate.domains) {
      await sagemaker.send(
        new CreateDomainCommand({
          DomainName: d.name,
          AuthMode: 'IAM',
          DefaultUserSettings: d.defaultUserSettings ?? { ExecutionRole: 'arn:aws:iam::123456789012:role/studio' },
          SubnetIds: ['subnet-0studio'],
          VpcId: 'vpc-0studio',
          Tags: tagList(d.tags),
        }),
      );
    }
    await mapWithConcurrency(estate.profiles ?? [], limit, (p) =>
      sagemaker.send(
        new CreateUserProfileCommand({
          DomainId: studioDomainId(p.domain),
          UserProfileName: p.name,
          Tags: tagList(p.tags),
          ...(p.userSettings ? { UserSettings: p.userSettings } : {}),
        }),
      ),
    );
    await mapWithConcurrency(estate.spaces ?? [], limit, (s) => {
      const settings: SpaceSettings = { AppType: s.appType };
      if (s.idleTimeoutInMinutes !== undefined) {
        const member = { AppLifecycleManagement: { IdleSettings: { IdleTimeoutInMinutes: s.idleTimeoutInMinutes } } };
        Object.assign(settings, s.appType === 'JupyterLab' ? { JupyterLabAppSettings: member } : { CodeEditorAppSettings: member });
      }
      return sagemaker.send(
        new CreateSpaceCommand({
          DomainId: studioDomainId(s.domain),
          SpaceName: s.name,
          Tags: tagList(s.tags),
          SpaceSettings: settings,
          ...(s.owner
            ? { OwnershipSettings: { OwnerUserProfileName: s.owner }, SpaceSharingSettings: { SharingType: 'Private' } }
            : { SpaceSharingSettings: { SharingType: 'Shared' } }),
        }),
      );
    });
    const apps = estate.apps ?? [];
    await mapWithConcurrency(apps, limit, (a) =>
      sagemaker.send(
        new CreateAppCommand({
          DomainId: studioDomainId(a.domain),
          AppType: a.appType,
          AppName: a.appName ?? 'default',
          ...(a.space ? { SpaceName: a.space } : { UserProfileName: a.profile! }),
          ResourceSpec: { InstanceType: (a.instanceType ?? (a.appType === 'JupyterServer' ? 'system' : 'ml.t3.medium')) as never },
        }),
      ),
    );
    for (let i = 0; i < apps.length; i += 500) {
      await options.control('studio/apps', {
        region,
        apps: apps.slice(i, i + 500).map((a) => ({
          domainId: studioDomainId(a.domain),
          ...(a.space ? { spaceName: a.space } : { userProfileName: a.profile }),
          appType: a.appType,
          appName: a.appName ?? 'default',
          creationTime: new Date(now.getTime() - (a.createdHoursAgo ?? 48) * HOUR).toISOString(),
          ...(a.activeHoursAgo === undefined ? {} : { lastUserActivityTimestamp: new Date(now.getTime() - a.activeHoursAgo * HOUR).toISOString() }),
          ...(a.status ? { status: a.status } : {}),
        })),
      });
    }
    const opens = (estate.opens ?? []).map((o) => ({
      eventName: 'CreatePresignedDomainUrl',
      eventTime: new Date(now.getTime() - o.hoursAgo * HOUR).toISOString(),
      username: o.profile,
      requestParameters: {
        domainId: studioDomainId(o.domain),
        userProfileName: o.profile,
        ...(o.space ? { spaceName: o.space } : {}),
        sessionExpirationDurationInSeconds: 43200,
      },
    }));
    if (opens.length) await options.control('cloudtrail/events', { region, events: opens });
  } finally {
    sagemaker.destroy();
  }
}
