/**
 * Lookups in the bundled tables only (the price book's offline fallback), as
 * pure functions of the indexed tables. Region policy: a row whose source states
 * the region wins; rows whose source names no region are used only for the table's
 * `unstatedRegionFallback` regions, flagged `unstated`; otherwise `found: false`
 * with a reason. Never another region's price.
 */
import { type IndexedInstanceTable, type IndexedPriceTables, norm, sourceSummary, UNSPECIFIED_REGION } from './bundled-tables.js';
import type { InstancePriceRow, PriceLookup, PriceQuote } from './price-types.js';

/** A validated lookup request, or the reason it cannot be answered. */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly lookup: PriceLookup };

/** Checks region and instance type of an instance lookup (`ml` types for SageMaker, others for EC2). */
export function checkInstanceQuery(what: string, region: string, instanceType: string, kind: 'ml' | 'ec2'): Checked<{ region: string; type: string }> {
  const r = norm(region);
  const t = norm(instanceType);
  const no = (reason: string): Checked<never> => ({ ok: false, lookup: { found: false, reason } });
  if (!t) return no(`no instance type given for the ${what} price in ${r || '(no region)'}`);
  if (!r) return no(`no region given for the ${what} price of ${t}`);
  if (r === UNSPECIFIED_REGION) return no(`"${UNSPECIFIED_REGION}" is not a region; ask for the region the ${t} runs in`);
  if (kind === 'ml' && !t.startsWith('ml.')) return no(`no ${what} price for ${t} in ${r}: "${t}" is not a SageMaker instance type (they start with "ml.")`);
  if (kind === 'ec2' && t.startsWith('ml.')) return no(`no ${what} price for ${t} in ${r}: "${t}" is a SageMaker instance type, priced by SageMaker, not EC2`);
  return { ok: true, value: { region: r, type: t } };
}

function unstatedNote(fallbackRegions: ReadonlySet<string>, region: string): string {
  return (
    `Region not stated by the source. The price book uses such rows only for ${[...fallbackRegions].join(', ')}, ` +
    `where this is probably the ${region} price, but unconfirmed.`
  );
}

function instanceQuote(table: IndexedInstanceTable, row: InstancePriceRow, region: string, basis: 'stated' | 'unstated'): PriceQuote {
  const src = table.sources.get(row.sourceId)!;
  const notes: string[] = [];
  if (basis === 'unstated') notes.push(unstatedNote(table.fallbackRegions, region));
  if (src.sourceDate === 'undated') notes.push('The source gives no date.');
  if (row.note) notes.push(`Source detail: ${row.note}.`);
  return {
    usdPerUnit: row.usdPerHour,
    unit: table.unit,
    region,
    item: row.instanceType,
    source: src.source,
    sourceDate: src.sourceDate,
    regionBasis: basis,
    ...(notes.length > 0 ? { note: notes.join(' ') } : {}),
  };
}

/** An instance-hour price of a checked region `r` and type `t` from one table. */
export function bundledInstanceLookup(table: IndexedInstanceTable, what: string, r: string, t: string): PriceLookup {
  const stated = table.byRegion.get(r)?.get(t);
  if (stated) return { found: true, quote: instanceQuote(table, stated, r, 'stated') };

  const unstated = table.byRegion.get(UNSPECIFIED_REGION)?.get(t);
  if (unstated && table.fallbackRegions.has(r)) return { found: true, quote: instanceQuote(table, unstated, r, 'unstated') };

  const pricedIn: string[] = [];
  for (const [reg, types] of table.byRegion) {
    if (!types.has(t)) continue;
    if (reg === UNSPECIFIED_REGION) {
      for (const fb of table.fallbackRegions) pricedIn.push(`${fb} (region not stated by the source)`);
    } else {
      pricedIn.push(reg);
    }
  }
  const where =
    pricedIn.length > 0
      ? `Bundled ${t} prices exist only for: ${pricedIn.join(', ')}. The book never uses another region's price.`
      : `${t} is in no row of the table.`;
  return { found: false, reason: `no ${what} price for ${t} in ${r} in the bundled table (sources: ${sourceSummary(table.sources)}). ${where}` };
}

/** A SageMaker Serverless Inference price per second at `memorySizeMb` in checked region `r`. */
export function bundledServerlessLookup(idx: IndexedPriceTables, r: string, memorySizeMb: number): PriceLookup {
  const item = `serverless inference ${memorySizeMb} MB`;
  const stated = idx.serverlessRows.get(r)?.get(memorySizeMb);
  const unstated = idx.serverlessFallback.has(r) ? idx.serverlessRows.get(UNSPECIFIED_REGION)?.get(memorySizeMb) : undefined;
  const row = stated ?? unstated;
  if (row) {
    const src = idx.serverlessSources.get(row.sourceId)!;
    const notes: string[] = [];
    if (!stated) notes.push(unstatedNote(idx.serverlessFallback, r));
    if (src.sourceDate === 'undated') notes.push('The source gives no date.');
    if (row.note) notes.push(`Source detail: ${row.note}.`);
    return {
      found: true,
      quote: {
        usdPerUnit: row.usdPerSecond,
        unit: 'USD per second',
        region: r,
        item,
        source: src.source,
        sourceDate: src.sourceDate,
        regionBasis: stated ? 'stated' : 'unstated',
        ...(notes.length > 0 ? { note: notes.join(' ') } : {}),
      },
    };
  }
  const sizes = [...new Set([...idx.serverlessRows.values()].flatMap((m) => [...m.keys()]))].sort((a, b) => a - b);
  return {
    found: false,
    reason:
      `no SageMaker ${item} price for ${r} in the bundled table (sources: ${sourceSummary(idx.serverlessSources) || 'none'}). ` +
      (sizes.includes(memorySizeMb)
        ? `Bundled prices for ${memorySizeMb} MB exist only for: ${[...idx.serverlessFallback].join(', ')} (region not stated by the source). The book never uses another region's price.`
        : `Bundled memory sizes: ${sizes.join(', ') || 'none'} MB.`),
  };
}

/** An EBS price of checked region `r` and lower-case item `wanted` (`item` as asked, for the reason). */
export function bundledEbsLookup(idx: IndexedPriceTables, r: string, wanted: string, item: string): PriceLookup {
  const row = idx.ebsRows.get(r)?.get(wanted);
  if (row) {
    const src = idx.ebsSources.get(row.sourceId)!;
    return {
      found: true,
      quote: {
        usdPerUnit: row.usd,
        unit: row.unit,
        region: r,
        item: row.item,
        source: src.source,
        sourceDate: src.sourceDate,
        regionBasis: 'stated',
        ...(row.derived ? { note: `derived: ${row.derived}` } : {}),
      },
    };
  }
  const known = [...new Set([...idx.ebsRows.values()].flatMap((m) => [...m.values()].map((x) => x.item)))];
  const regions = [...idx.ebsRows.entries()].filter(([, m]) => m.has(wanted)).map(([reg]) => reg);
  const why =
    regions.length > 0
      ? `Bundled ${item.trim()} prices exist only for: ${regions.join(', ')}. The book never uses another region's price.`
      : `${item.trim()} is not an EBS item of the table (items: ${known.join(', ')}).`;
  return { found: false, reason: `no EBS ${item.trim()} price for ${r} in the bundled table (sources: ${sourceSummary(idx.ebsSources)}). ${why}` };
}
