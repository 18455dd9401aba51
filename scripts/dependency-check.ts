/**
 * Checks the repository against its dependency rule (scripts/dependency-rule.ts) with
 * dependency-cruiser, and says what breaks it. `npm run check:deps` runs this file: it
 * prints the rule line, then each violation, and exits 1 on any that the allow-list does
 * not name. Type-only imports count: a dependency in the types is a dependency.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import { ALLOWED, forbiddenRules, layerMemberOf, RULE_LINE, RULES, type Allowance } from './dependency-rule.js';

/** Folders cruised by default, those that exist under the base directory. */
export const DEFAULT_ROOTS: readonly string[] = ['lib', 'functions', 'infra', 'bin', 'bench', 'scripts'];

/** One broken rule. Paths are relative to the base directory. */
export interface Violation {
  /** One of {@link RULES}' values. */
  readonly rule: string;
  readonly from: string;
  readonly to: string;
  /** e.g. the rule's reason, or the whole cycle. */
  readonly detail: string;
}

/** An allow-list entry and the violations it excused. */
export interface AllowedUse {
  readonly allowance: Allowance;
  readonly violations: readonly Violation[];
}

/** What one run found. */
export interface DependencyCheck {
  readonly modules: number;
  readonly dependencies: number;
  /** Violations no allowance excuses: any one fails the check. */
  readonly violations: readonly Violation[];
  readonly allowed: readonly AllowedUse[];
  /** Allowances that excused nothing: delete them. */
  readonly stale: readonly Allowance[];
}

export interface CheckOptions {
  /** Directory the paths are relative to (the repository root, or a fixture tree). */
  readonly baseDir: string;
  /** @default {@link DEFAULT_ROOTS} */
  readonly roots?: readonly string[];
  /** @default {@link ALLOWED} */
  readonly allowed?: readonly Allowance[];
}

/**
 * Cruises `roots` under `baseDir` and checks every dependency against the rule.
 *
 * @example
 * const check = await checkDependencies({ baseDir: process.cwd() });
 * console.log(formatDependencyCheck(check)); // 'Dependency rule: functions -> ...'
 */
export async function checkDependencies(options: CheckOptions): Promise<DependencyCheck> {
  const baseDir = resolve(options.baseDir);
  const allowances = options.allowed ?? ALLOWED;
  const roots = (options.roots ?? DEFAULT_ROOTS).filter((root) => existsSync(join(baseDir, root)));
  const { output } = await cruise(roots, {
    baseDir,
    validate: true,
    ruleSet: { forbidden: forbiddenRules() },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
  });
  if (typeof output === 'string') throw new TypeError(`dependency-cruiser returned text, not a cruise result: ${output.slice(0, 200)}`);

  const allowanceFor = (from: string, to: string) => allowances.find((a) => from.startsWith(a.from) && to.startsWith(a.to));
  const uses = new Map<Allowance, Violation[]>();
  const violations: Violation[] = [];
  for (const { violation, edges } of fromCruiser(output.summary.violations)) {
    // A cycle is excused when one of its imports is: removing that import ends it.
    const allowance = edges.map(([from, to]) => allowanceFor(from, to)).find((a) => a !== undefined);
    if (allowance) uses.set(allowance, [...(uses.get(allowance) ?? []), violation]);
    else violations.push(violation);
  }
  violations.push(...folderCycles(output, (from, to) => allowanceFor(from, to) !== undefined));

  return {
    modules: output.summary.totalCruised,
    dependencies: output.summary.totalDependenciesCruised ?? 0,
    violations,
    allowed: allowances.filter((a) => uses.has(a)).map((a) => ({ allowance: a, violations: uses.get(a) ?? [] })),
    stale: allowances.filter((a) => !uses.has(a)),
  };
}

/** dependency-cruiser's violations, each with the edges an allowance may excuse; one entry per cycle. */
function fromCruiser(raw: readonly IViolation[]): { violation: Violation; edges: (readonly [string, string])[] }[] {
  const seenCycles = new Set<string>();
  return raw.flatMap((v) => {
    if (v.rule.name !== RULES.moduleCycle || !v.cycle)
      return [{ violation: { rule: v.rule.name, from: v.from, to: v.to, detail: reasonOf(v.rule.name) }, edges: [[v.from, v.to] as const] }];
    const ring = [v.from, ...v.cycle.map((step) => step.name)].slice(0, -1);
    const start = ring.indexOf([...ring].sort()[0] ?? v.from);
    const canonical = [...ring.slice(start), ...ring.slice(0, start)];
    const key = canonical.join(' -> ');
    if (seenCycles.has(key)) return [];
    seenCycles.add(key);
    const edges = canonical.map((from, i) => [from, canonical[(i + 1) % canonical.length] ?? from] as const);
    return [
      {
        violation: { rule: RULES.moduleCycle, from: canonical[0] ?? v.from, to: canonical[1] ?? v.to, detail: `module cycle ${key} -> ${canonical[0] ?? ''}` },
        edges,
      },
    ];
  });
}

function reasonOf(rule: string): string {
  switch (rule) {
    case RULES.layer:
      return `imports a layer to its left or beside it (${RULE_LINE})`;
    case RULES.unlayered:
      return 'a lib folder that is in no layer: add it to RULE_LINE in scripts/dependency-rule.ts';
    case RULES.edge:
      return 'lib imports test/, bench/, infra/, bin/ or scripts/';
    case RULES.siblingSweep:
      return 'a sweep imports another sweep: move what they share into an adapter (lib/aws, lib/prices, ...)';
    case RULES.sweepGateway:
      return 'only lib/sweeps/registry.ts imports sweep folders';
    default:
      return rule;
  }
}

/** Cycles between layered folders (`lib/core` -> `lib/ledger` -> `lib/core`), ignoring allowed imports. */
function folderCycles(result: ICruiseResult, isAllowed: (from: string, to: string) => boolean): Violation[] {
  const graph = new Map<string, Map<string, readonly [string, string]>>();
  for (const module of result.modules) {
    const a = layerMemberOf(module.source);
    if (!a) continue;
    for (const dependency of module.dependencies) {
      const b = layerMemberOf(dependency.resolved);
      if (!b || a === b || isAllowed(module.source, dependency.resolved)) continue;
      const out = graph.get(a) ?? graph.set(a, new Map()).get(a)!;
      if (!out.has(b)) out.set(b, [module.source, dependency.resolved]);
    }
  }
  return stronglyConnected(graph)
    .filter((component) => component.length > 1)
    .map((component) => {
      const ring = cycleThrough(graph, component);
      const edges = ring.map((from, i) => graph.get(from)!.get(ring[(i + 1) % ring.length]!)!);
      const names = [...ring, ring[0]!].map(folderName).join(' -> ');
      return {
        rule: RULES.folderCycle,
        from: edges[0]![0],
        to: edges[0]![1],
        detail: `folder cycle ${names}: ${edges.map(([from, to]) => `${from} -> ${to}`).join('; ')}`,
      };
    });
}

function folderName(member: string): string {
  return member === 'functions' ? 'functions' : `lib/${member}`;
}

/** Tarjan's strongly connected components. */
function stronglyConnected(graph: ReadonlyMap<string, ReadonlyMap<string, unknown>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      components.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return components;
}

/** A shortest cycle through the component's first node (breadth-first within the component). */
function cycleThrough(graph: ReadonlyMap<string, ReadonlyMap<string, unknown>>, component: readonly string[]): string[] {
  const start = component[0]!;
  const inside = new Set(component);
  const parent = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of graph.get(node)?.keys() ?? []) {
      if (!inside.has(next)) continue;
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(parent.get(path[0]!)!);
        return path;
      }
      if (!parent.has(next) && next !== start) {
        parent.set(next, node);
        queue.push(next);
      }
    }
  }
  return [...component];
}

/** The report: the rule line, the figures, each violation, what the allow-list excused, stale entries. */
export function formatDependencyCheck(check: DependencyCheck): string {
  const lines = [
    `Dependency rule: ${RULE_LINE}`,
    '  (a folder imports only folders to its right; peers joined by | do not import each other; lib/config.ts is in runtime;',
    '   no module or folder cycles; a sweep folder never imports another; lib never imports test/, bench/, infra/, bin/, scripts/)',
    `Checked ${check.modules} modules, ${check.dependencies} dependencies.`,
  ];
  for (const v of check.violations)
    lines.push(`  ✗ ${v.rule}: ${v.from} -> ${v.to}${v.rule === RULES.moduleCycle || v.rule === RULES.folderCycle ? `\n      ${v.detail}` : ` (${v.detail})`}`);
  if (check.allowed.length > 0) {
    lines.push('Temporarily allowed (ALLOWED in scripts/dependency-rule.ts):');
    for (const { allowance: a, violations } of check.allowed) {
      lines.push(
        `  ~ ${glob(a.from)} -> ${glob(a.to)}: ${violations.length} import${violations.length === 1 ? '' : 's'}, removed by the ${a.owner} (${a.why})`,
      );
    }
  }
  for (const a of check.stale) lines.push(`  Stale allowance (matches nothing, delete it): ${glob(a.from)} -> ${glob(a.to)} (${a.owner})`);
  lines.push(
    check.violations.length === 0
      ? 'OK: no dependency violations.'
      : `FAILED: ${check.violations.length} dependency violation${check.violations.length === 1 ? '' : 's'}.`,
  );
  return lines.join('\n');
}

/** A path prefix as a reader sees it: `lib/core/` -> `lib/core/**`. */
function glob(prefix: string): string {
  return prefix.endsWith('/') ? `${prefix}**` : prefix;
}

if (import.meta.main) {
  const check = await checkDependencies({ baseDir: resolve(import.meta.dirname, '..') });
  console.log(formatDependencyCheck(check));
  process.exitCode = check.violations.length === 0 ? 0 : 1;
}
