/**
 * Pure: what the activity signals say about one InService notebook over the last
 * `idleHours`, and which signal decided. Used by the rule, and by the inventory to
 * describe only notebooks that may be idle.
 *
 * - A tagged off-hours schedule decides first: outside its window the notebook is idle
 *   whatever its activity (a malformed tag is ignored, and the verdict says so).
 * - Otherwise CloudTrail: a `CreatePresignedNotebookInstanceUrl` in the window (someone
 *   opened Jupyter) means busy.
 * - And, when the notebook's CloudWatch agent publishes, an hour in the window whose
 *   average CPU or GPU utilization is above `busyPercent` means busy.
 * - Idle when neither shows activity; unknown (inconclusive) when CloudTrail could not
 *   be read and the agent has no datapoints in the window.
 */
import { hoursBetween } from '../../core/clock.js';
import type { Tags } from '../../core/finding.js';
import type { IdleNotebooksConfig } from './config.js';
import type { AgentHour, NotebookFacts } from './facts.js';
import { parseSchedule, scheduleAt, type NotebookSchedule } from './schedule.js';

/** The signal that decided a verdict. */
export type DecidedBy = 'schedule' | 'cloudtrail' | 'cloudtrail+agent' | 'agent';

/** What the signals say, with the facts behind it for the finding's evidence. */
export type ActivityVerdict =
  | { readonly idle: false; readonly inconclusive: boolean; readonly reason: string }
  | {
      readonly idle: true;
      readonly decidedBy: DecidedBy;
      readonly reason: string;
      readonly evidence: { readonly [key: string]: string | number | null };
    };

type Settings = Pick<IdleNotebooksConfig, 'idleHours' | 'busyPercent' | 'scheduleTag'>;

/**
 * The activity verdict of one InService notebook as of `now` (status and age are the rule's).
 *
 * @example
 * notebookActivity(facts, { 'finops:schedule': 'weekdays-9-19 Asia/Tokyo' }, config, saturdayNight)
 * // => { idle: true, decidedBy: 'schedule', reason: 'outside its schedule weekdays-9-19 Asia/Tokyo (now Sat 03:00 Asia/Tokyo)', ... }
 */
export function notebookActivity(facts: NotebookFacts, tags: Tags, config: Settings, now: Date): ActivityVerdict {
  const scheduleValue = tags[config.scheduleTag];
  const parsed = scheduleValue === undefined ? undefined : parseSchedule(scheduleValue);
  const ignored = parsed && !parsed.ok ? `; schedule tag ${config.scheduleTag}="${scheduleValue!.slice(0, 64)}" ignored: ${parsed.reason}` : '';
  if (parsed?.ok) {
    const at = scheduleAt(parsed.schedule, now);
    if (!at.inside) return offSchedule(parsed.schedule, at.local, config);
  }

  const windowStart = new Date(now.getTime() - config.idleHours * 3_600_000);
  const opened = facts.opened;
  if (opened.known && opened.lastAt && new Date(opened.lastAt) >= windowStart) {
    return { idle: false, inconclusive: false, reason: `opened ${ago(opened.lastAt, now)} ago (CloudTrail CreatePresignedNotebookInstanceUrl)${ignored}` };
  }
  const hours = (facts.agent?.hours ?? []).filter((h) => new Date(h.at) >= windowStart);
  const busy = hours.filter((h) => (h.cpuPercent ?? 0) > config.busyPercent || (h.gpuPercent ?? 0) > config.busyPercent).at(-1);
  if (busy) {
    return {
      idle: false,
      inconclusive: false,
      reason: `${utilization(busy)} in the hour from ${ago(busy.at, now)} ago (CloudWatch agent, busy above ${config.busyPercent}%)${ignored}`,
    };
  }
  const agent = hours.length > 0 ? agentSummary(hours, facts.agent!.namespace) : null;
  const agentText = agent ? `${agent.text} (CloudWatch agent, busy above ${config.busyPercent}%)` : '';
  if (!opened.known) {
    if (!agent)
      return {
        idle: false,
        inconclusive: true,
        reason: `activity unknown: CloudTrail could not be read (${opened.reason}) and no CloudWatch agent metrics${ignored}`,
      };
    return idleVerdict(
      'agent',
      `${agentText} for ${config.idleHours} h; CloudTrail could not be read (${opened.reason})${ignored}`,
      config,
      windowStart,
      facts,
      agent,
    );
  }
  const last = opened.lastAt ? `last ${ago(opened.lastAt, now)} ago` : `none in the last ${ago(opened.searchedFrom, now)}`;
  const trail = `not opened for ${config.idleHours} h (CloudTrail CreatePresignedNotebookInstanceUrl: ${last})`;
  if (!agent) return idleVerdict('cloudtrail', `${trail}; no CloudWatch agent metrics${ignored}`, config, windowStart, facts, null);
  return idleVerdict('cloudtrail+agent', `${trail} and ${agentText}${ignored}`, config, windowStart, facts, agent);
}

interface AgentSummary {
  readonly text: string;
  readonly namespace: string;
  readonly hours: number;
  readonly maxCpu: number | null;
  readonly maxGpu: number | null;
}

function agentSummary(hours: readonly AgentHour[], namespace: string): AgentSummary {
  const max = (values: (number | null)[]) => {
    const known = values.filter((v): v is number => v !== null);
    return known.length ? round1(Math.max(...known)) : null;
  };
  const maxCpu = max(hours.map((h) => h.cpuPercent));
  const maxGpu = max(hours.map((h) => h.gpuPercent));
  const parts = [maxCpu === null ? null : `CPU at most ${maxCpu}%`, maxGpu === null ? null : `GPU at most ${maxGpu}%`].filter(Boolean);
  return { text: parts.join(', '), namespace, hours: hours.length, maxCpu, maxGpu };
}

function idleVerdict(
  decidedBy: DecidedBy,
  reason: string,
  config: Settings,
  windowStart: Date,
  facts: NotebookFacts,
  agent: AgentSummary | null,
): ActivityVerdict {
  const opened = facts.opened;
  return {
    idle: true,
    decidedBy,
    reason,
    evidence: {
      decidedBy,
      idleHours: config.idleHours,
      windowStart: windowStart.toISOString(),
      cloudTrailEvent: 'CreatePresignedNotebookInstanceUrl',
      lastOpenedAt: opened.known ? opened.lastAt : null,
      cloudTrailSearchedFrom: opened.known ? opened.searchedFrom : null,
      cloudTrailError: opened.known ? null : opened.reason,
      agentNamespace: agent?.namespace ?? null,
      agentHours: agent?.hours ?? 0,
      agentMaxCpuPercent: agent?.maxCpu ?? null,
      agentMaxGpuPercent: agent?.maxGpu ?? null,
      busyPercent: config.busyPercent,
    },
  };
}

function offSchedule(schedule: NotebookSchedule, local: string, config: Settings): ActivityVerdict {
  return {
    idle: true,
    decidedBy: 'schedule',
    reason: `outside its schedule ${schedule.text} (now ${local}; tag ${config.scheduleTag})`,
    evidence: { decidedBy: 'schedule', schedule: schedule.text, scheduleTag: config.scheduleTag, localTime: local },
  };
}

function utilization(h: AgentHour): string {
  return [h.cpuPercent === null ? null : `CPU ${round1(h.cpuPercent)}%`, h.gpuPercent === null ? null : `GPU ${round1(h.gpuPercent)}%`]
    .filter(Boolean)
    .join(', ');
}

/** "3.5 h" or "2.1 days". */
function ago(iso: string, now: Date): string {
  const hours = hoursBetween(new Date(iso), now);
  return hours < 48 ? `${round1(hours)} h` : `${round1(hours / 24)} days`;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
