/**
 * The Studio idle settings rule. Pure: facts in, verdict out; no AWS calls.
 *
 * A domain whose default user settings do not enable idle shutdown for JupyterLab or Code
 * Editor, a user profile that turns it off, and any level whose own idle timeout is longer
 * than `longestIdleTimeoutInMinutes` are findings: `recommend` by default, an action (set
 * the recommended settings after the grace period) with `setIdleSettings` in apply mode.
 *
 * What idle shutdown saves depends on how long apps would have stayed idle, which no
 * setting tells: the saving is unknown here (the idle-studio-apps sweep prices the apps
 * running idle now).
 */
import { savingsFrom } from '../../core/finding.js';
import type { Assessment, Candidate, ResourceMemory } from '../../core/sweep.js';
import type { StudioIdleSettingsConfig } from './config.js';
import type { IdleAppType, StudioSettingsFacts } from './facts.js';
import { describeIdleShutdown, gapsOf, targetIdleShutdown, type Gap } from './idle-settings.js';

/** Why no dollar figure: stated in every finding's savings. */
export const UNKNOWN_SAVING = 'idle shutdown saves the hours apps would otherwise stay idle, which no setting tells (idle-studio-apps prices idle apps)';

const LABEL: Readonly<Record<IdleAppType, string>> = { JupyterLab: 'JupyterLab', CodeEditor: 'Code Editor' };

/** "domain lab (d-lab)", "user profile ana of domain lab", "space team-lab of domain lab". */
export function levelName(facts: Pick<StudioSettingsFacts, 'level' | 'domainId' | 'domainName' | 'name'>): string {
  if (facts.level === 'domain') return `domain ${facts.domainName} (${facts.domainId})`;
  return `${facts.level === 'space' ? 'space' : 'user profile'} ${facts.name} of domain ${facts.domainName}`;
}

/**
 * When the owner restored this level's previous settings (`finops-ai restore`), as the
 * ledger remembers it: the restore itself, or the recommendation open since. `null`: never.
 */
export function restoredAt(memory: Pick<ResourceMemory, 'latest'> | undefined): string | null {
  const latest = memory?.latest;
  if (!latest) return null;
  if (latest.status === 'restored') return latest.updatedAt;
  return latest.status === 'flagged' && typeof latest.evidence.restoredAt === 'string' ? latest.evidence.restoredAt : null;
}

/**
 * Decides whether one level lacks idle shutdown, and how the finding reads. A level whose
 * owner restored its previous settings is only recommended from then on, even with
 * `setIdleSettings`, while that recommendation stays open: the sweep never sets again
 * what its owner undid.
 *
 * @example
 * assessStudioIdleSettings(domainCandidate, { setIdleSettings: false })
 * // => { waste: true, act: false, reason: 'idle shutdown is not enabled for JupyterLab, Code Editor in the default user settings of domain lab (d-lab): ...' }
 */
export function assessStudioIdleSettings(
  candidate: Candidate<StudioSettingsFacts>,
  config: Pick<StudioIdleSettingsConfig, 'setIdleSettings'>,
  memory?: Pick<ResourceMemory, 'latest'>,
): Assessment {
  const { facts } = candidate;
  const where = levelName(facts);
  if (facts.status !== 'InService')
    return { waste: false, inconclusive: true, reason: `${where} is ${facts.status}; its settings are looked at again once it is InService` };
  const gaps = gapsOf(facts);
  if (gaps.length === 0) return { waste: false, reason: `idle shutdown is set for ${where}` };

  const target = facts.targetTimeoutInMinutes;
  const recommended = facts.level === 'space' ? `IdleTimeoutInMinutes ${target}` : `LifecycleManagement ENABLED, IdleTimeoutInMinutes ${target}`;
  const evidence: Record<string, string | number | boolean | null> = {
    level: facts.level,
    domainId: facts.domainId,
    domainName: facts.domainName,
    name: facts.name,
    recommended,
    longestTimeoutInMinutes: facts.longestTimeoutInMinutes,
    setIdleSettings: config.setIdleSettings,
  };
  const restored = restoredAt(memory);
  if (restored) evidence.restoredAt = restored;
  for (const gap of gaps) {
    evidence[`${gap.appType}Current`] = describeIdleShutdown(gap.current);
    evidence[`${gap.appType}Target`] = describeIdleShutdown(targetIdleShutdown(facts.level, gap.current, target));
  }
  return {
    waste: true,
    act: config.setIdleSettings && !restored,
    reason: `${gapText(gaps, facts, where)}: their apps keep running idle until someone stops them; recommended: ${recommended}${restored ? `; only recommended since its previous settings were restored (${restored})` : ''}`,
    evidence,
    savings: savingsFrom([], [UNKNOWN_SAVING]),
  };
}

function gapText(gaps: readonly Gap[], facts: StudioSettingsFacts, where: string): string {
  const apps = (kind: Gap['kind']) =>
    gaps
      .filter((g) => g.kind === kind)
      .map((g) => LABEL[g.appType])
      .join(', ');
  const parts: string[] = [];
  if (apps('off')) parts.push(`idle shutdown is not enabled for ${apps('off')} in the default user settings of ${where}`);
  if (apps('disabled')) parts.push(`${where} turns idle shutdown off for ${apps('disabled')} (LifecycleManagement DISABLED overrides its domain)`);
  for (const g of gaps.filter((x) => x.kind === 'long')) {
    parts.push(`${where} sets a ${LABEL[g.appType]} idle timeout of ${g.current!.IdleTimeoutInMinutes} min, longer than ${facts.longestTimeoutInMinutes} min`);
  }
  return parts.join('; ');
}
