/** What the idle Studio app rule knows about one app, as its inventory reads it. */
import type { StudioAppType } from './config.js';

/** Who an app belongs to: a user profile (Studio Classic apps) or a space (JupyterLab, Code Editor). */
export interface AppOwner {
  readonly kind: 'user' | 'space';
  readonly name: string;
  /** A space's owner profile (`OwnershipSettings`), `null` when not known or a profile's app. */
  readonly ownerProfile: string | null;
  /** A space's `SharingType` (`Private`, `Shared`), `null` when not known or a profile's app. */
  readonly sharing: string | null;
}

/** The CloudTrail signal: the latest `CreatePresignedDomainUrl` that counts for the app. */
export type OpenedSignal =
  | {
      readonly known: true;
      /** ISO-8601 time of the latest counting event at or after `searchedFrom`, or `null`: none. */
      readonly lastAt: string | null;
      /** Whose opens counted, e.g. `user profile ana` or `space lab-1, or its owner ana`. */
      readonly matched: string;
      /** Start of the CloudTrail lookup (ISO-8601); older events were not read. */
      readonly searchedFrom: string;
    }
  | { readonly known: false; readonly reason: string };

/** An app's `ResourceSpec`, as `CreateApp` takes it back on restore. */
export interface AppResourceSpec {
  readonly [key: string]: string;
}

/** One Studio app. */
export interface StudioAppFacts {
  readonly domainId: string;
  readonly owner: AppOwner;
  readonly appType: StudioAppType;
  readonly appName: string;
  /** `Pending`, `InService`, `Deleting`, `Deleted` or `Failed`. */
  readonly status: string;
  readonly creationTime: string;
  /** `ResourceSpec.InstanceType` (`system` for a Studio Classic JupyterServer), `null` when not given. */
  readonly instanceType: string | null;
  readonly resourceSpec: AppResourceSpec;
  readonly opened: OpenedSignal;
  /** `DescribeApp` `LastUserActivityTimestamp` (ISO-8601); `null`: none, or not described. */
  readonly lastUserActivityAt: string | null;
  /** Whether `DescribeApp` was called (only for apps the signals may call idle). */
  readonly described: boolean;
}
