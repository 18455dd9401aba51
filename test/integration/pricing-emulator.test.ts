import { DescribeServicesCommand, GetProductsCommand, PricingClient } from '@aws-sdk/client-pricing';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { CREDENTIALS, emulator } from '../support/integration.js';

/** The real SDK client on the emulator; one attempt, so a failure shows at once. */
const pricing = (maxAttempts = 1) => new PricingClient({ region: 'us-east-1', endpoint: inject('emulatorEndpoint'), credentials: CREDENTIALS, maxAttempts });
const term = (Field: string, Value: string) => ({ Type: 'TERM_MATCH' as const, Field, Value });

beforeEach(() => emulator().reset());

describe('the emulated Price List Query API (AWSPriceListService over HTTP)', () => {
  it('GetProducts honours ServiceCode and TERM_MATCH filters on attributes and productFamily', async () => {
    const out = await pricing().send(
      new GetProductsCommand({
        ServiceCode: 'AmazonSageMaker',
        FormatVersion: 'aws_v1',
        Filters: [
          term('regionCode', 'ap-northeast-1'),
          term('productFamily', 'ML Instance'),
          term('component', 'Hosting'),
          term('instanceName', 'ml.g4dn.xlarge'),
        ],
      }),
    );
    expect(out.FormatVersion).toBe('aws_v1');
    const docs = (out.PriceList as string[]).map((d) => JSON.parse(d));
    expect(docs).toHaveLength(1);
    expect(docs[0].product.attributes).toMatchObject({ regionCode: 'ap-northeast-1', component: 'Hosting', usagetype: 'APN1-Host:ml.g4dn.xlarge' });
    expect(Object.values<{ priceDimensions: unknown }>(docs[0].terms.OnDemand)[0]!.priceDimensions).toBeDefined();
    expect(out.NextToken).toBeUndefined();

    const linux = await pricing().send(
      new GetProductsCommand({
        ServiceCode: 'AmazonEC2',
        Filters: [term('regionCode', 'us-east-1'), term('instanceType', 'g4dn.xlarge'), term('operatingSystem', 'Linux')],
      }),
    );
    expect(linux.PriceList).toHaveLength(1); // the Windows product is filtered out
    const none = await pricing().send(new GetProductsCommand({ ServiceCode: 'AmazonSageMaker', Filters: [term('regionCode', 'sa-east-1')] }));
    expect(none.PriceList).toEqual([]);
  });

  it('pages with MaxResults and NextToken, and rejects a token of another query', async () => {
    const input = { ServiceCode: 'AmazonEC2', Filters: [term('regionCode', 'us-east-1'), term('productFamily', 'Storage')], MaxResults: 3 };
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const out = await pricing().send(new GetProductsCommand({ ...input, ...(token ? { NextToken: token } : {}) }));
      pages++;
      seen.push(...(out.PriceList as string[]).map((d) => JSON.parse(d).product.attributes.usagetype));
      token = out.NextToken;
    } while (token);
    expect(pages).toBe(3); // 7 EBS storage products in us-east-1, 3 per page
    expect(new Set(seen).size).toBe(7);
    expect(seen).toContain('EBS:VolumeUsage.gp3');

    const first = await pricing().send(new GetProductsCommand(input));
    await expect(pricing().send(new GetProductsCommand({ ...input, MaxResults: 2, NextToken: first.NextToken }))).rejects.toMatchObject({
      name: 'InvalidNextTokenException',
    });
    await expect(pricing().send(new GetProductsCommand({ ...input, MaxResults: 101 }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
  });

  it('DescribeServices lists the fixture services with their attribute names', async () => {
    const out = await pricing().send(new DescribeServicesCommand({ ServiceCode: 'AmazonSageMaker' }));
    expect(out.Services?.map((s) => s.ServiceCode)).toEqual(['AmazonSageMaker']);
    expect(out.Services?.[0]?.AttributeNames).toEqual(expect.arrayContaining(['regionCode', 'component', 'instanceName', 'usagetype']));
  });

  it('pricing/fail throttles or fails GetProducts (for a number of calls, or until off); reset clears it', async () => {
    const input = new GetProductsCommand({ ServiceCode: 'AmazonBedrock', Filters: [term('regionCode', 'us-east-1')] });
    // Every Bedrock product of us-east-1 in the fixtures (token prices, Provisioned Throughput).
    const products = (await pricing().send(input)).PriceList!.length;
    expect(products).toBeGreaterThanOrEqual(2);
    await emulator().control('pricing/fail', { mode: 'throttle' });
    await expect(pricing().send(input)).rejects.toMatchObject({ name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
    await emulator().control('pricing/fail', { mode: 'error', count: 1 });
    await expect(pricing().send(input)).rejects.toMatchObject({ name: 'InternalErrorException', $metadata: { httpStatusCode: 500 } });
    expect((await pricing().send(input)).PriceList).toHaveLength(products); // the one failing call is spent
    await emulator().control('pricing/fail', { mode: 'throttle' });
    await emulator().reset();
    expect((await pricing().send(input)).PriceList).toHaveLength(products);
    // The SDK's retries ride out a short outage (2 failing calls, 3 attempts).
    await emulator().control('pricing/fail', { mode: 'throttle', count: 2 });
    expect((await pricing(3).send(input)).PriceList).toHaveLength(products);
    expect(await emulator().control('pricing/calls')).toEqual({ calls: 4 });
    await expect(emulator().control('pricing/fail', { mode: 'sometimes' })).rejects.toThrow(/mode must be one of/);
  });

  it('records Price List calls like moto records its own (Pricing.GetProducts)', async () => {
    await emulator().startRecording();
    await pricing().send(new GetProductsCommand({ ServiceCode: 'AmazonBedrock', Filters: [term('regionCode', 'us-east-1')] }));
    await emulator().stopRecording();
    expect(await emulator().recordedCalls()).toEqual({ 'Pricing.GetProducts': 1 });
  });
});
