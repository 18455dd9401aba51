/**
 * Creates a deployment's ledger table, topics, digest bucket and owner-action link
 * key on a local emulator, the same shape the CDK construct deploys. Refuses any
 * endpoint that is not loopback.
 */
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { BucketAlreadyOwnedByYou, CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { createLinkKey } from './link-key.js';
import { NotLocalEndpointError } from '../core/errors.js';
import { ledgerTableRequest } from '../ledger/table-design.js';
import { ENV } from '../runtime.js';
import { isLoopbackEndpoint } from './endpoint-guard.js';

/** Names of what {@link initLocal} created. */
export interface LocalDeployment {
  readonly ledgerTable: string;
  readonly noticesTopicArn: string;
  readonly digestTopicArn: string;
  /** The weekly digest's reports bucket. */
  readonly digestBucket: string;
  /** Region of the ledger, topics and bucket (the home region). */
  readonly region: string;
  /** The KMS HMAC key that signs owner-action links (its ARN). */
  readonly linksKeyId: string;
  /** Where `finops-ai serve-links` answers them: `http://127.0.0.1:<linksPort>/`. */
  readonly linksBaseUrl: string;
}

/** The port `finops-ai serve-links` listens on unless told otherwise. */
export const DEFAULT_LINKS_PORT = 8787;

/**
 * Creates (or finds) the ledger table, the notices/digest topics and the digest
 * bucket on `endpoint`.
 * @throws NotLocalEndpointError when `endpoint` is not a loopback address
 */
export async function initLocal(options: { endpoint: string | undefined; region: string; prefix?: string; linksPort?: number }): Promise<LocalDeployment> {
  if (!isLoopbackEndpoint(options.endpoint)) throw new NotLocalEndpointError(options.endpoint);
  const config = { region: options.region, endpoint: options.endpoint! };
  const prefix = options.prefix ?? 'finops-ai';
  const dynamodb = new DynamoDBClient(config);
  const sns = new SNSClient(config);
  const ledgerTable = `${prefix}-ledger`;
  try {
    await dynamodb.send(new CreateTableCommand(ledgerTableRequest(ledgerTable)));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    await dynamodb.send(new DescribeTableCommand({ TableName: ledgerTable }));
  }
  const noticesTopicArn = (await sns.send(new CreateTopicCommand({ Name: `${prefix}-notices` }))).TopicArn!;
  const digestTopicArn = (await sns.send(new CreateTopicCommand({ Name: `${prefix}-digest` }))).TopicArn!;
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const digestBucket = `${prefix}-digests`;
  try {
    await s3.send(new CreateBucketCommand({ Bucket: digestBucket }));
  } catch (error) {
    if (!(error instanceof BucketAlreadyOwnedByYou)) throw error;
  }
  dynamodb.destroy();
  sns.destroy();
  s3.destroy();
  const linksKeyId = await createLinkKey(config, `alias/${prefix}-links`);
  const linksBaseUrl = `http://127.0.0.1:${options.linksPort ?? DEFAULT_LINKS_PORT}/`;
  return { ledgerTable, noticesTopicArn, digestTopicArn, digestBucket, region: options.region, linksKeyId, linksBaseUrl };
}

/** The deployment as environment variables. */
export function deploymentEnv(deployment: LocalDeployment): Record<string, string> {
  return {
    [ENV.ledgerTable]: deployment.ledgerTable,
    [ENV.noticesTopicArn]: deployment.noticesTopicArn,
    [ENV.digestTopicArn]: deployment.digestTopicArn,
    [ENV.digestBucket]: deployment.digestBucket,
    [ENV.linksKeyId]: deployment.linksKeyId,
    [ENV.linksBaseUrl]: deployment.linksBaseUrl,
  };
}
