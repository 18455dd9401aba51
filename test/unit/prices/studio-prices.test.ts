/**
 * Studio app prices on the live path: the Price List query per Studio component, the
 * product matched by its usagetype, and the book's lookup (live only, unknown otherwise).
 */
import { describe, expect, it } from 'vitest';
import { defaultPriceBook } from '../../../lib/prices/price-book.js';
import { priceKeys } from '../../../lib/prices/price-key.js';
import { parsePriceListDocument } from '../../../lib/prices/price-list-document.js';
import { matchProduct } from '../../../lib/prices/price-list-match.js';
import { planPriceQueries } from '../../../lib/prices/price-query-plan.js';
import { fixtureDoc, type Doc } from './price-list-fixtures.js';

function match(doc: Doc) {
  const parsed = parsePriceListDocument(JSON.stringify(doc));
  if (!parsed.ok) throw new Error(parsed.reason);
  return matchProduct(parsed.product);
}

describe('Studio app prices', () => {
  it('keys name the app type as a component', () => {
    expect(priceKeys.sageMakerStudio('US-EAST-1', 'JupyterLab', 'ml.T3.medium')).toEqual({
      service: 'sagemaker',
      region: 'us-east-1',
      component: 'studio-jupyterlab',
      item: 'ml.t3.medium',
    });
    expect(priceKeys.sageMakerStudio('us-east-1', 'KernelGateway', 'ml.m5.large').component).toBe('studio-kernelgateway');
  });

  it('are asked by platoinstancetype, per item while few, component-wide otherwise', () => {
    const one = planPriceQueries([priceKeys.sageMakerStudio('us-east-1', 'CodeEditor', 'ml.t3.medium')]).queries;
    expect(one).toEqual([
      expect.objectContaining({
        serviceCode: 'AmazonSageMaker',
        strategy: 'per-item',
        filters: [
          { field: 'regionCode', value: 'us-east-1' },
          { field: 'productFamily', value: 'ML Instance' },
          { field: 'platoinstancetype', value: 'studio-codeeditor' },
          { field: 'instanceType', value: 'ml.t3.medium' },
        ],
      }),
    ]);
    const two = planPriceQueries(['ml.t3.medium', 'ml.m5.large'].map((t) => priceKeys.sageMakerStudio('us-east-1', 'KernelGateway', t))).queries;
    expect(two).toEqual([
      expect.objectContaining({
        strategy: 'per-component',
        filters: [
          { field: 'regionCode', value: 'us-east-1' },
          { field: 'productFamily', value: 'ML Instance' },
          { field: 'platoinstancetype', value: 'Studio-Notebook' },
        ],
      }),
    ]);
  });

  it('match a product by its usagetype (whatever its component), per hour', () => {
    const doc = fixtureDoc('AmazonSageMaker', { usagetype: 'USE1-Studio:JupyterLab-ml.t3.medium' });
    expect(match(doc)).toMatchObject({
      ok: true,
      quotes: [{ service: 'sagemaker', region: 'us-east-1', component: 'studio-jupyterlab', item: 'ml.t3.medium', usdPerUnit: 0.05, unit: 'USD per hour' }],
    });
    doc.product.attributes.component = 'Notebook';
    expect(match(doc)).toMatchObject({ ok: true, quotes: [{ component: 'studio-jupyterlab' }] });
    // A free-tier product is not the on-demand price.
    doc.product.attributes.component = 'Studio';
    doc.product.attributes.usagetype = 'USE1-Studio:JupyterLab-ml.t3.medium-Free';
    expect(match(doc)).toEqual({ ok: false, reason: 'SageMaker component Studio is not priced' });
  });

  it('the bundled book has none: unknown with the reason, and no price for other app types', () => {
    expect(defaultPriceBook.sageMakerStudio('us-east-1', 'JupyterLab', 'ml.t3.medium')).toEqual({
      found: false,
      reason: 'no SageMaker Studio JupyterLab app price for ml.t3.medium in us-east-1: the bundled tables have no Studio prices',
    });
    expect(defaultPriceBook.sageMakerStudio('us-east-1', 'JupyterServer', 'system')).toEqual({
      found: false,
      reason: 'no instance price for Studio JupyterServer apps',
    });
  });
});
