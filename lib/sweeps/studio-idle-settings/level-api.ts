/**
 * Reading and writing the settings of one level: `DescribeDomain`/`UpdateDomain`
 * (`DefaultUserSettings`), `DescribeUserProfile`/`UpdateUserProfile` (`UserSettings`),
 * `DescribeSpace`/`UpdateSpace` (`SpaceSettings`). An update sends only the app-settings
 * members it changes, each whole.
 */
import {
  DescribeDomainCommand,
  DescribeSpaceCommand,
  DescribeUserProfileCommand,
  SageMakerClient,
  UpdateDomainCommand,
  UpdateSpaceCommand,
  UpdateUserProfileCommand,
} from '@aws-sdk/client-sagemaker';
import { isNotFound } from '../../aws/sagemaker.js';
import type { SettingsLevel } from './facts.js';

/** One level's status and settings object (members by name). */
export interface LevelSettings {
  readonly status: string;
  readonly members: { readonly [member: string]: unknown };
}

/** Which level: the domain, or one of its profiles or spaces. */
export interface LevelRef {
  readonly level: SettingsLevel;
  readonly domainId: string;
  readonly name: string | null;
}

/** The level's settings, or `null` when it does not exist. */
export async function readLevel(sagemaker: SageMakerClient, ref: LevelRef): Promise<LevelSettings | null> {
  try {
    if (ref.level === 'domain') {
      const d = await sagemaker.send(new DescribeDomainCommand({ DomainId: ref.domainId }));
      return { status: d.Status ?? 'Unknown', members: { ...d.DefaultUserSettings } };
    }
    if (ref.level === 'user-profile') {
      const p = await sagemaker.send(new DescribeUserProfileCommand({ DomainId: ref.domainId, UserProfileName: ref.name! }));
      return { status: p.Status ?? 'Unknown', members: { ...p.UserSettings } };
    }
    const s = await sagemaker.send(new DescribeSpaceCommand({ DomainId: ref.domainId, SpaceName: ref.name! }));
    return { status: s.Status ?? 'Unknown', members: { ...s.SpaceSettings } };
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** Writes the given members (each whole) to the level's settings. */
export async function writeLevel(sagemaker: SageMakerClient, ref: LevelRef, members: { readonly [member: string]: unknown }): Promise<void> {
  if (ref.level === 'domain') await sagemaker.send(new UpdateDomainCommand({ DomainId: ref.domainId, DefaultUserSettings: members }));
  else if (ref.level === 'user-profile')
    await sagemaker.send(new UpdateUserProfileCommand({ DomainId: ref.domainId, UserProfileName: ref.name!, UserSettings: members }));
  else await sagemaker.send(new UpdateSpaceCommand({ DomainId: ref.domainId, SpaceName: ref.name!, SpaceSettings: members }));
}
