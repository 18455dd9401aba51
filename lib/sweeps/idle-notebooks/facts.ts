/** What the idle-notebook rule knows about one notebook instance, as its inventory reads it. */

/** The CloudTrail signal: the latest `CreatePresignedNotebookInstanceUrl` for the notebook. */
export type OpenedSignal =
  | {
      readonly known: true;
      /** ISO-8601 time of the latest event at or after `searchedFrom`, or `null`: none. */
      readonly lastAt: string | null;
      /** Start of the CloudTrail lookup (ISO-8601); older events were not read. */
      readonly searchedFrom: string;
    }
  | {
      readonly known: false;
      /** Why the lookup failed, e.g. `AccessDeniedException: ...`. */
      readonly reason: string;
    };

/** One hour of CloudWatch agent utilization (percent; `null`: that metric had no datapoint). */
export interface AgentHour {
  readonly at: string;
  readonly cpuPercent: number | null;
  /** The busiest GPU of the hour. */
  readonly gpuPercent: number | null;
}

/** The CloudWatch agent signal: hourly averages since `from` (oldest first). */
export interface AgentSignal {
  readonly namespace: string;
  readonly from: string;
  readonly hours: readonly AgentHour[];
}

/** One notebook instance. */
export interface NotebookFacts {
  readonly notebookName: string;
  /** `Pending`, `InService`, `Stopping`, `Stopped`, `Failed`, `Deleting` or `Updating`. */
  readonly status: string;
  readonly instanceType: string;
  readonly creationTime: string;
  /** Changes when the notebook starts, stops or is updated. */
  readonly lastModifiedTime: string;
  /** Size of the ML storage volume (kept when stopped), `null` when not described. */
  readonly volumeSizeInGB: number | null;
  readonly opened: OpenedSignal;
  /** `null`: the agent publishes no CPU or GPU metric for this notebook. */
  readonly agent: AgentSignal | null;
}
