/**
 * Price List documents for the unit tests: the emulator's fixtures (real shape,
 * see lib/local/emulator/fixtures/pricing/PROVENANCE.md) and a fake Price List API over
 * them that counts calls and can fail.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PriceListApi, PriceListFilter } from '../../../lib/prices/price-list-client.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '../../../lib/local/emulator/fixtures/pricing');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = any;

/** Every fixture document of a service (from every fixture file of that service code, as the launcher serves them). */
export function fixtureDocs(serviceCode: 'AmazonSageMaker' | 'AmazonEC2' | 'AmazonBedrock'): Doc[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as { serviceCode: string; products: Doc[] })
    .filter((file) => file.serviceCode === serviceCode)
    .flatMap((file) => file.products);
}

/** The first fixture document whose attributes include `attrs`. */
export function fixtureDoc(serviceCode: 'AmazonSageMaker' | 'AmazonEC2' | 'AmazonBedrock', attrs: Record<string, string>): Doc {
  const doc = fixtureDocs(serviceCode).find((d) =>
    Object.entries(attrs).every(([k, v]) => d.product.attributes[k] === v || (k === 'productFamily' && d.product.productFamily === v)),
  );
  if (!doc) throw new Error(`no fixture ${serviceCode} ${JSON.stringify(attrs)}`);
  return structuredClone(doc);
}

/** A fake API over the fixtures: TERM_MATCH, paging by `maxResults`, a call log, and a failure switch. */
export class FakePriceListApi implements PriceListApi {
  readonly calls: { serviceCode: string; filters: readonly PriceListFilter[] }[] = [];
  failWith: Error | undefined;
  /** More documents; `unfiltered` ones are returned whatever the filters (a misbehaving API). */
  extraDocs: { serviceCode: string; doc: Doc /* or its raw text */; unfiltered?: boolean }[] = [];

  async getProducts(input: { serviceCode: string; filters: readonly PriceListFilter[]; maxResults: number; nextToken?: string }) {
    this.calls.push({ serviceCode: input.serviceCode, filters: input.filters });
    if (this.failWith) throw this.failWith;
    const value = (doc: Doc, field: string) => (field === 'productFamily' ? doc.product.productFamily : doc.product.attributes[field]);
    const docs = [
      ...fixtureDocs(input.serviceCode as 'AmazonEC2').map((doc) => ({ doc, raw: JSON.stringify(doc), unfiltered: false })),
      ...this.extraDocs
        .filter((e) => e.serviceCode === input.serviceCode)
        .map((e) => ({
          doc: typeof e.doc === 'string' ? null : e.doc,
          raw: typeof e.doc === 'string' ? e.doc : JSON.stringify(e.doc),
          unfiltered: e.unfiltered ?? false,
        })),
    ].filter(({ doc, unfiltered }) => doc === null || unfiltered || input.filters.every((f) => value(doc, f.field) === f.value));
    const offset = Number(input.nextToken ?? 0);
    const page = docs.slice(offset, offset + input.maxResults).map((d) => d.raw);
    return { priceList: page, ...(offset + input.maxResults < docs.length ? { nextToken: String(offset + input.maxResults) } : {}) };
  }
}

/** An error shaped like the SDK's throttling error. */
export function throttling(): Error {
  return Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
}
