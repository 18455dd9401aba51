/** What the Studio idle settings rule knows about one domain, user profile or space. */

/** Where idle settings live: a domain's `DefaultUserSettings`, a profile's `UserSettings`, a space's `SpaceSettings`. */
export type SettingsLevel = 'domain' | 'user-profile' | 'space';

/** The Studio app types that have idle shutdown. */
export const IDLE_APP_TYPES = ['JupyterLab', 'CodeEditor'] as const;

/** `JupyterLab` or `CodeEditor`. */
export type IdleAppType = (typeof IDLE_APP_TYPES)[number];

/** `AppLifecycleManagement.IdleSettings` of one app type at one level, as AWS returns it (absent fields `null`). */
export interface IdleShutdown {
  readonly [key: string]: string | number | null;
  /** `ENABLED` or `DISABLED` (spaces have none: only a timeout). */
  readonly LifecycleManagement: string | null;
  readonly IdleTimeoutInMinutes: number | null;
  readonly MinIdleTimeoutInMinutes: number | null;
  readonly MaxIdleTimeoutInMinutes: number | null;
}

/** One domain, user profile or space. */
export interface StudioSettingsFacts {
  readonly level: SettingsLevel;
  readonly domainId: string;
  readonly domainName: string;
  /** The profile's or space's name; `null` for the domain. */
  readonly name: string | null;
  /** `InService`, `Updating`, ... */
  readonly status: string;
  /**
   * The idle settings at this level per app type: `null` when the level sets none. A space
   * carries only its own app type (`SpaceSettings.AppType`).
   */
  readonly settings: { readonly [T in IdleAppType]?: IdleShutdown | null };
  /** The idle timeout the sweep would set (`idleTimeoutInMinutes` of the config it was read with). */
  readonly targetTimeoutInMinutes: number;
  /** A timeout longer than this counts as no idle shutdown (`longestIdleTimeoutInMinutes`). */
  readonly longestTimeoutInMinutes: number;
}
