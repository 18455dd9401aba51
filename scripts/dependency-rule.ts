/**
 * The dependency rule of this repository, stated once: {@link RULE_LINE}. Everything the
 * check enforces is derived from that line, the few structural rules below it, and the
 * temporary allow-list {@link ALLOWED}. `scripts/dependency-check.ts` runs it.
 */
import type { IForbiddenRuleType } from 'dependency-cruiser';

/**
 * Folder layers, left to right: a folder imports only folders of layers to its right. Peers
 * joined by `|` share a layer and do not import each other. `functions` is the repository's
 * `functions/`; every other name is `lib/<name>/` (or the file `lib/<name>.ts`).
 */
export const RULE_LINE =
  'functions -> lambda | cli -> local -> runtime -> digest -> engine | links -> sweeps -> config -> budgets -> aws | prices | ledger | notices -> format -> core';

/** Top-level lib files that belong to a layer named otherwise. */
const FILE_LAYER_MEMBERS: Readonly<Record<string, string>> = { 'lib/config.ts': 'runtime' };

/** Folders outside lib that may import lib but that lib never imports. */
export const EDGE_FOLDERS = ['infra', 'bin', 'bench', 'scripts', 'test'] as const;

/** The layers of {@link RULE_LINE}, left (top) to right (bottom), each a list of peer names. */
export const LAYERS: readonly (readonly string[])[] = RULE_LINE.split('->').map((layer) => layer.split('|').map((name) => name.trim()));

/** Every layered name, e.g. `core`, `sweeps`, `functions`. */
export const LAYER_NAMES: readonly string[] = LAYERS.flat();

/**
 * The layered name a repository path belongs to (`lib/core/engine.ts` -> `core`,
 * `lib/config.ts` -> `runtime`, `functions/x.ts` -> `functions`), or null for a path
 * outside the layers (infra/, bench/, test/, node_modules, an unknown lib folder).
 */
export function layerMemberOf(path: string): string | null {
  const fileMember = FILE_LAYER_MEMBERS[path];
  if (fileMember) return fileMember;
  if (path.startsWith('functions/')) return 'functions';
  const name = /^lib\/([^/]+?)(?:\/|\.ts$)/.exec(path)?.[1];
  return name !== undefined && LAYER_NAMES.includes(name) ? name : null;
}

/** The regular expression (dependency-cruiser `path`) of one layered name. */
function memberPath(name: string): string {
  const files = Object.entries(FILE_LAYER_MEMBERS)
    .filter(([, member]) => member === name)
    .map(([file]) => `^${escape(file)}$`);
  // `lib/<name>.ts` belongs to `name` unless it is listed as another layer's file.
  const fileElsewhere = (FILE_LAYER_MEMBERS[`lib/${name}.ts`] ?? name) !== name;
  const own = name === 'functions' ? '^functions/' : fileElsewhere ? `^lib/${escape(name)}/` : `^lib/${escape(name)}(/|\\.ts$)`;
  return [own, ...files].join('|');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Names of the rules, as they appear in violations. */
export const RULES = {
  layer: 'layer-order',
  unlayered: 'lib-folder-not-in-a-layer',
  edge: 'lib-imports-outside-lib',
  siblingSweep: 'sweep-imports-another-sweep',
  sweepGateway: 'only-the-registry-imports-sweeps',
  moduleCycle: 'no-module-cycle',
  folderCycle: 'no-folder-cycle',
} as const;

/**
 * The dependency-cruiser rules derived from {@link RULE_LINE}: for each layered name, no
 * import of a name in its own layer or a layer to its left; plus the structural rules.
 * (Folder cycles are found by the check itself, over these same layered names.)
 */
export function forbiddenRules(): IForbiddenRuleType[] {
  const layerRules = LAYERS.flatMap((layer, index) =>
    layer.flatMap((name): IForbiddenRuleType[] => {
      const upOrBeside = LAYERS.slice(0, index + 1)
        .flat()
        .filter((other) => other !== name);
      if (upOrBeside.length === 0) return [];
      return [
        {
          name: RULES.layer,
          severity: 'error',
          comment: `${name} imports only what is to its right in: ${RULE_LINE}`,
          from: { path: memberPath(name) },
          to: { path: upOrBeside.map(memberPath).join('|') },
        },
      ];
    }),
  );
  const layered = LAYER_NAMES.map(memberPath).join('|');
  return [
    ...layerRules,
    { name: RULES.unlayered, severity: 'error', comment: `every lib folder is in: ${RULE_LINE}`, from: { path: '^lib/', pathNot: layered }, to: {} },
    { name: RULES.unlayered, severity: 'error', comment: `every lib folder is in: ${RULE_LINE}`, from: {}, to: { path: '^lib/', pathNot: layered } },
    {
      name: RULES.edge,
      severity: 'error',
      comment: 'lib/ never imports test/, bench/, infra/, bin/ or scripts/',
      from: { path: '^lib/' },
      to: { path: `^(${EDGE_FOLDERS.join('|')})/` },
    },
    {
      name: RULES.siblingSweep,
      severity: 'error',
      comment: 'a sweep folder never imports another sweep folder: shared helpers belong in an adapter (lib/aws, lib/prices, ...)',
      from: { path: '^lib/sweeps/([^/]+)/' },
      to: { path: '^lib/sweeps/[^/]+/', pathNot: '^lib/sweeps/$1/' },
    },
    {
      name: RULES.sweepGateway,
      severity: 'error',
      comment: 'within lib/sweeps, only lib/sweeps/registry.ts imports the sweep folders',
      from: { path: '^lib/sweeps/[^/]+\\.ts$', pathNot: '^lib/sweeps/registry\\.ts$' },
      to: { path: '^lib/sweeps/[^/]+/' },
    },
    { name: RULES.moduleCycle, severity: 'error', comment: 'no module imports itself through others', from: {}, to: { circular: true } },
  ];
}

/** A known violation tolerated until its owner removes it. Paths match by prefix. */
export interface Allowance {
  /** Path prefix of the importing module, e.g. `lib/core/`. */
  readonly from: string;
  /** Path prefix of the imported module, e.g. `lib/ledger/`. */
  readonly to: string;
  /** Who removes it. */
  readonly owner: string;
  readonly why: string;
}

/**
 * Today's violations, each removed by the change that owns it; the check lists entries
 * that no longer match anything so they can be deleted. Keep this list shrinking.
 */
export const ALLOWED: readonly Allowance[] = [
  {
    from: 'lib/digest/',
    to: 'lib/config.ts',
    owner: 'digest',
    why: 'the digest reads the whole config (every registered sweep), which lib/config.ts builds over the registry',
  },
];
