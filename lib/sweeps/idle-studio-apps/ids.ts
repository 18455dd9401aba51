/** Names of a Studio app and of the resources around it: its ledger id and ARNs. Pure. */
import type { AppOwner } from './facts.js';

/** What names one app: its domain, owner, type and name. */
export interface AppName {
  readonly domainId: string;
  readonly ownerKind: 'user' | 'space';
  readonly ownerName: string;
  readonly appType: string;
  readonly appName: string;
}

/** The finding's resource id: `d-abc/space/lab-1/JupyterLab/default`, `d-abc/user/ana/KernelGateway/datascience-1-0-ml-t3-medium`. */
export function appResourceId(app: AppName): string {
  return [app.domainId, app.ownerKind, app.ownerName, app.appType, app.appName].join('/');
}

/** The app of a resource id (see {@link appResourceId}), or `undefined` when it is not one. */
export function parseAppResourceId(id: string): AppName | undefined {
  const [domainId, ownerKind, ownerName, appType, ...rest] = id.split('/');
  if (!domainId || (ownerKind !== 'user' && ownerKind !== 'space') || !ownerName || !appType || rest.length === 0) return undefined;
  return { domainId, ownerKind, ownerName, appType, appName: rest.join('/') };
}

/** `arn:<partition>:sagemaker:<region>:<account>:` of any SageMaker ARN of the account and region. */
export function arnPrefix(arn: string): string | undefined {
  const parts = arn.split(':');
  return parts.length >= 6 ? `${parts.slice(0, 5).join(':')}:` : undefined;
}

/** The app's ARN (`app/<domain>/<owner>/<app type, lower case>/<app name>`). */
export function appArn(prefix: string, app: AppName): string {
  return `${prefix}app/${app.domainId}/${app.ownerName}/${app.appType.toLowerCase()}/${app.appName}`;
}

/** The ARN of the app's space or user profile, where its owner's tags live. */
export function ownerArn(prefix: string, domainId: string, owner: Pick<AppOwner, 'kind' | 'name'>): string {
  return `${prefix}${owner.kind === 'space' ? 'space' : 'user-profile'}/${domainId}/${owner.name}`;
}
