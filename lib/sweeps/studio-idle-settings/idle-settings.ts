/**
 * Pure: reading and writing `AppLifecycleManagement.IdleSettings` in a JupyterLab or
 * Code Editor app-settings member (`JupyterLabAppSettings`, `CodeEditorAppSettings`) of a
 * domain's `DefaultUserSettings`, a profile's `UserSettings` or a space's `SpaceSettings`.
 *
 * How the levels combine (SageMaker developer guide, idle shutdown): the domain's setting
 * applies to every user; a user profile's own setting overrides it; a space can only choose
 * its timeout (`SpaceIdleSettings`), within the range the domain or profile allows.
 */
import type { IdleAppType, IdleShutdown, SettingsLevel, StudioSettingsFacts } from './facts.js';

/** The app-settings member of each app type. */
export const MEMBER: Readonly<Record<IdleAppType, 'JupyterLabAppSettings' | 'CodeEditorAppSettings'>> = {
  JupyterLab: 'JupyterLabAppSettings',
  CodeEditor: 'CodeEditorAppSettings',
};

/** What is missing at one level for one app type. */
export interface Gap {
  readonly appType: IdleAppType;
  /** `off`: not enabled at the domain; `disabled`: a profile turns it off; `long`: a timeout above the longest accepted. */
  readonly kind: 'off' | 'disabled' | 'long';
  readonly current: IdleShutdown | null;
}

interface Obj {
  readonly [key: string]: unknown;
}
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown) => (typeof v === 'number' ? v : null);

/** The idle settings in an app-settings member, or `null` when it sets none. */
export function readIdleShutdown(member: unknown): IdleShutdown | null {
  const idle = isObj(member) && isObj(member.AppLifecycleManagement) ? member.AppLifecycleManagement.IdleSettings : undefined;
  if (!isObj(idle)) return null;
  return {
    LifecycleManagement: typeof idle.LifecycleManagement === 'string' ? idle.LifecycleManagement : null,
    IdleTimeoutInMinutes: num(idle.IdleTimeoutInMinutes),
    MinIdleTimeoutInMinutes: num(idle.MinIdleTimeoutInMinutes),
    MaxIdleTimeoutInMinutes: num(idle.MaxIdleTimeoutInMinutes),
  };
}

/**
 * What this level lacks: a domain without idle shutdown enabled; a profile that turns it
 * off; any level whose own timeout is longer than `longestTimeoutInMinutes`.
 */
export function gapsOf(facts: Pick<StudioSettingsFacts, 'level' | 'settings' | 'longestTimeoutInMinutes'>): Gap[] {
  const gaps: Gap[] = [];
  for (const [appType, current] of Object.entries(facts.settings) as [IdleAppType, IdleShutdown | null][]) {
    const state = current?.LifecycleManagement ?? null;
    if (facts.level === 'domain' && state !== 'ENABLED') gaps.push({ appType, kind: 'off', current });
    else if (facts.level === 'user-profile' && state === 'DISABLED') gaps.push({ appType, kind: 'disabled', current });
    else if ((current?.IdleTimeoutInMinutes ?? 0) > facts.longestTimeoutInMinutes) gaps.push({ appType, kind: 'long', current });
  }
  return gaps;
}

/**
 * The idle settings to set: enabled with the target timeout (kept within the level's own
 * min/max, which AWS enforces), the min/max kept; a space gets the timeout only.
 */
export function targetIdleShutdown(level: SettingsLevel, current: IdleShutdown | null, targetMinutes: number): IdleShutdown {
  const min = current?.MinIdleTimeoutInMinutes ?? null;
  const max = current?.MaxIdleTimeoutInMinutes ?? null;
  const timeout = Math.min(max ?? Infinity, Math.max(min ?? 0, targetMinutes));
  if (level === 'space') return { LifecycleManagement: null, IdleTimeoutInMinutes: timeout, MinIdleTimeoutInMinutes: null, MaxIdleTimeoutInMinutes: null };
  return { LifecycleManagement: 'ENABLED', IdleTimeoutInMinutes: timeout, MinIdleTimeoutInMinutes: min, MaxIdleTimeoutInMinutes: max };
}

/**
 * The settings that turn this level back to `previous`. Where there were none, idle shutdown
 * is set `DISABLED` (what an absent setting means): UpdateDomain/UpdateUserProfile cannot be
 * relied on to remove a field.
 */
export function restoredIdleShutdown(level: SettingsLevel, previous: IdleShutdown | null): IdleShutdown {
  if (previous) return previous;
  return {
    LifecycleManagement: level === 'space' ? null : 'DISABLED',
    IdleTimeoutInMinutes: null,
    MinIdleTimeoutInMinutes: null,
    MaxIdleTimeoutInMinutes: null,
  };
}

/** The app-settings member with its idle settings replaced (every other field kept as described). */
export function withIdleShutdown(member: unknown, idle: IdleShutdown): Obj {
  const base = isObj(member) ? member : {};
  const lifecycle = isObj(base.AppLifecycleManagement) ? base.AppLifecycleManagement : {};
  const settings = Object.fromEntries(Object.entries(idle).filter(([, v]) => v !== null));
  return { ...base, AppLifecycleManagement: { ...lifecycle, IdleSettings: settings } };
}

/** Whether two idle settings say the same (state and timeouts). */
export function sameIdleShutdown(a: IdleShutdown | null, b: IdleShutdown | null): boolean {
  const keys = ['LifecycleManagement', 'IdleTimeoutInMinutes', 'MinIdleTimeoutInMinutes', 'MaxIdleTimeoutInMinutes'] as const;
  return keys.every((k) => (a?.[k] ?? null) === (b?.[k] ?? null));
}

/** One phrase for a notice: `not set`, `DISABLED`, `ENABLED, 60 min`. */
export function describeIdleShutdown(idle: IdleShutdown | null): string {
  if (!idle || (idle.LifecycleManagement === null && idle.IdleTimeoutInMinutes === null)) return 'not set';
  const parts = [idle.LifecycleManagement, idle.IdleTimeoutInMinutes === null ? null : `${idle.IdleTimeoutInMinutes} min`].filter(Boolean);
  return parts.join(', ');
}
