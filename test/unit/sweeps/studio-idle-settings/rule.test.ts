/** The Studio idle settings rule and its settings helpers, as a table of cases. No network. */
import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../../../lib/core/sweep.js';
import { settingsRestoreData } from '../../../../lib/sweeps/studio-idle-settings/actions.js';
import type { IdleShutdown, StudioSettingsFacts } from '../../../../lib/sweeps/studio-idle-settings/facts.js';
import {
  describeIdleShutdown,
  gapsOf,
  readIdleShutdown,
  restoredIdleShutdown,
  targetIdleShutdown,
  withIdleShutdown,
} from '../../../../lib/sweeps/studio-idle-settings/idle-settings.js';
import { assessStudioIdleSettings, UNKNOWN_SAVING } from '../../../../lib/sweeps/studio-idle-settings/rule.js';

const idle = (
  LifecycleManagement: string | null,
  IdleTimeoutInMinutes: number | null = null,
  min: number | null = null,
  max: number | null = null,
): IdleShutdown => ({
  LifecycleManagement,
  IdleTimeoutInMinutes,
  MinIdleTimeoutInMinutes: min,
  MaxIdleTimeoutInMinutes: max,
});

function candidate(over: Partial<StudioSettingsFacts>): Candidate<StudioSettingsFacts> {
  const facts: StudioSettingsFacts = {
    level: 'domain',
    domainId: 'd-lab',
    domainName: 'lab',
    name: null,
    status: 'InService',
    settings: { JupyterLab: null, CodeEditor: null },
    targetTimeoutInMinutes: 60,
    longestTimeoutInMinutes: 1440,
    ...over,
  };
  return {
    ref: { resourceType: 'sagemaker:domain', resourceId: 'd-lab', arn: 'arn:aws:sagemaker:us-east-1:1:domain/d-lab', region: 'us-east-1' },
    tags: {},
    facts,
  };
}
const assess = (over: Partial<StudioSettingsFacts>, setIdleSettings = false) => assessStudioIdleSettings(candidate(over), { setIdleSettings });

describe('assessStudioIdleSettings', () => {
  it('a domain without idle settings: a recommendation (report-only) with the settings to set, saving unknown', () => {
    expect(assess({})).toEqual({
      waste: true,
      act: false,
      reason:
        'idle shutdown is not enabled for JupyterLab, Code Editor in the default user settings of domain lab (d-lab): their apps keep running idle until someone stops them; recommended: LifecycleManagement ENABLED, IdleTimeoutInMinutes 60',
      evidence: {
        level: 'domain',
        domainId: 'd-lab',
        domainName: 'lab',
        name: null,
        recommended: 'LifecycleManagement ENABLED, IdleTimeoutInMinutes 60',
        longestTimeoutInMinutes: 1440,
        setIdleSettings: false,
        JupyterLabCurrent: 'not set',
        JupyterLabTarget: 'ENABLED, 60 min',
        CodeEditorCurrent: 'not set',
        CodeEditorTarget: 'ENABLED, 60 min',
      },
      savings: { hourlyUsd: null, monthlyUsd: null, components: [], unknown: [UNKNOWN_SAVING] },
    });
  });

  it.each([
    ['DISABLED at the domain', { JupyterLab: idle('DISABLED'), CodeEditor: idle('ENABLED', 120) }, true, /not enabled for JupyterLab in the default/],
    [
      'ENABLED at the domain, timeouts within the longest',
      { JupyterLab: idle('ENABLED', 60), CodeEditor: idle('ENABLED', 1440) },
      false,
      /^idle shutdown is set for domain lab/,
    ],
    [
      'ENABLED with a week-long timeout',
      { JupyterLab: idle('ENABLED', 10080), CodeEditor: idle('ENABLED', 60) },
      true,
      /sets a JupyterLab idle timeout of 10080 min, longer than 1440 min/,
    ],
  ] as const)('domain %s', (_case, settings, waste, reason) => {
    const verdict = assess({ settings });
    expect(verdict.waste).toBe(waste);
    expect(verdict.reason).toMatch(reason);
  });

  it.each([
    ['without its own settings (it inherits the domain)', { JupyterLab: null, CodeEditor: null }, false],
    ['turning idle shutdown off', { JupyterLab: idle('DISABLED'), CodeEditor: null }, true],
    ['enabling it', { JupyterLab: idle('ENABLED', 90), CodeEditor: idle('ENABLED') }, false],
    ['with a timeout above the longest', { JupyterLab: null, CodeEditor: idle(null, 4320) }, true],
  ] as const)('a user profile %s', (_case, settings, waste) => {
    const verdict = assess({ level: 'user-profile', name: 'ana', settings });
    expect(verdict.waste).toBe(waste);
    if (waste && settings.JupyterLab)
      expect(verdict.reason).toMatch(
        /^user profile ana of domain lab turns idle shutdown off for JupyterLab \(LifecycleManagement DISABLED overrides its domain\)/,
      );
  });

  it('a space: only a timeout longer than the longest; the recommendation is a timeout', () => {
    expect(assess({ level: 'space', name: 'team-lab', settings: { JupyterLab: idle(null, 120) } }).waste).toBe(false);
    expect(assess({ level: 'space', name: 'team-lab', settings: { JupyterLab: null } }).waste).toBe(false);
    const long = assess({ level: 'space', name: 'team-lab', settings: { CodeEditor: idle(null, 2880) } });
    expect(long).toMatchObject({
      waste: true,
      reason:
        'space team-lab of domain lab sets a Code Editor idle timeout of 2880 min, longer than 1440 min: their apps keep running idle until someone stops them; recommended: IdleTimeoutInMinutes 60',
      evidence: { CodeEditorCurrent: '2880 min', CodeEditorTarget: '60 min' },
    });
  });

  it('with setIdleSettings the finding is an action', () => {
    expect(assess({}, true)).toMatchObject({ waste: true, act: true });
  });

  it('after its owner restored the previous settings, only a recommendation while that finding stays open', () => {
    const at = '2026-11-24T10:00:00.000Z';
    const latest = (status: 'restored' | 'flagged' | 'cleared', evidence = {}) => ({ latest: { status, updatedAt: at, evidence } });
    const restored = assessStudioIdleSettings(candidate({}), { setIdleSettings: true }, latest('restored'));
    expect(restored).toMatchObject({ waste: true, act: false, evidence: { restoredAt: at } });
    expect(restored.reason).toMatch(/; only recommended since its previous settings were restored \(2026-11-24T10:00:00.000Z\)$/);
    expect(assessStudioIdleSettings(candidate({}), { setIdleSettings: true }, latest('flagged', { restoredAt: at }))).toMatchObject({ act: false });
    expect(assessStudioIdleSettings(candidate({}), { setIdleSettings: true }, latest('cleared', { restoredAt: at }))).toMatchObject({ act: true });
  });

  it('a level that is not InService is undecided, never "no longer waste"', () => {
    expect(assess({ status: 'Updating' })).toEqual({
      waste: false,
      inconclusive: true,
      reason: 'domain lab (d-lab) is Updating; its settings are looked at again once it is InService',
    });
  });
});

describe('idle settings helpers', () => {
  it('read IdleSettings from an app-settings member, null when absent', () => {
    expect(readIdleShutdown(undefined)).toBeNull();
    expect(readIdleShutdown({ DefaultResourceSpec: { InstanceType: 'ml.t3.medium' } })).toBeNull();
    expect(readIdleShutdown({ AppLifecycleManagement: { IdleSettings: { LifecycleManagement: 'ENABLED', IdleTimeoutInMinutes: 60 } } })).toEqual(
      idle('ENABLED', 60),
    );
  });

  it('target: enabled with the timeout kept within the level min/max; a space gets the timeout only', () => {
    expect(targetIdleShutdown('domain', null, 60)).toEqual(idle('ENABLED', 60));
    expect(targetIdleShutdown('user-profile', idle('DISABLED', null, 120, 480), 60)).toEqual(idle('ENABLED', 120, 120, 480));
    expect(targetIdleShutdown('domain', idle('ENABLED', 10080, 60, 600), 720)).toEqual(idle('ENABLED', 600, 60, 600));
    expect(targetIdleShutdown('space', idle(null, 4320), 60)).toEqual(idle(null, 60));
  });

  it('restore: the previous settings, or DISABLED where there were none', () => {
    expect(restoredIdleShutdown('domain', null)).toEqual(idle('DISABLED'));
    expect(restoredIdleShutdown('space', idle(null, 4320))).toEqual(idle(null, 4320));
  });

  it('writing keeps every other field of the member', () => {
    const member = {
      DefaultResourceSpec: { InstanceType: 'ml.t3.medium' },
      LifecycleConfigArns: ['arn:lcc'],
      AppLifecycleManagement: { IdleSettings: { LifecycleManagement: 'DISABLED' } },
    };
    expect(withIdleShutdown(member, idle('ENABLED', 60))).toEqual({
      DefaultResourceSpec: { InstanceType: 'ml.t3.medium' },
      LifecycleConfigArns: ['arn:lcc'],
      AppLifecycleManagement: { IdleSettings: { LifecycleManagement: 'ENABLED', IdleTimeoutInMinutes: 60 } },
    });
  });

  it('gaps, descriptions and the restore data recorded before the action', () => {
    const c = candidate({ settings: { JupyterLab: idle('DISABLED'), CodeEditor: idle('ENABLED', 60) } });
    expect(gapsOf(c.facts)).toEqual([{ appType: 'JupyterLab', kind: 'off', current: idle('DISABLED') }]);
    expect(describeIdleShutdown(idle('ENABLED', 60))).toBe('ENABLED, 60 min');
    expect(settingsRestoreData(c)).toEqual({
      level: 'domain',
      domainId: 'd-lab',
      domainName: 'lab',
      name: null,
      changes: [{ appType: 'JupyterLab', previous: idle('DISABLED'), applied: idle('ENABLED', 60) }],
    });
  });
});
