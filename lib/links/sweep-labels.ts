/**
 * How the pages name a sweep and its action: the English of its declaration (the
 * registry's `title` and `wording.description`, which the construct writes into the
 * endpoint's bundled config so its bundle holds no sweep), or the locale's wording.
 */
import * as z from 'zod/mini';
import { sweepWording, type Locale } from '../format/index.js';
import type { SweepLabel } from './page.js';

/** The English labels of the registered sweeps, by sweep name. */
export type SweepLabels = Readonly<Record<string, SweepLabel>>;

/** The schema of {@link SweepLabels} in a bundled config. */
export const SweepLabelsSchema = z.record(z.string(), z.object({ title: z.string(), description: z.string() }));

/** The labels of sweep declarations (name, title, wording). */
export function sweepLabelsOf(
  sweeps: readonly { readonly name: string; readonly title: string; readonly wording: { readonly description: string } }[],
): SweepLabels {
  return Object.fromEntries(sweeps.map((s) => [s.name, { title: s.title, description: s.wording.description }]));
}

/** A sweep's label in `locale`: its translated wording, else its English one, else its name. */
export function labelIn(labels: SweepLabels, locale: Locale): (sweep: string) => SweepLabel {
  return (sweep) => sweepWording(locale, sweep) ?? (Object.hasOwn(labels, sweep) ? labels[sweep]! : { title: sweep, description: sweep });
}
