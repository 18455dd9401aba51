/**
 * The owner-action link key of a local deployment: a KMS HMAC key (`HMAC_256`,
 * `GENERATE_VERIFY_MAC`), as the construct creates, found by its alias or created once.
 */
import { CreateAliasCommand, CreateKeyCommand, DescribeKeyCommand, KMSClient, NotFoundException } from '@aws-sdk/client-kms';

/** The ARN of the key behind `alias`, creating both when the alias does not exist. */
export async function createLinkKey(config: { region: string; endpoint: string }, alias: string): Promise<string> {
  const kms = new KMSClient(config);
  try {
    const found = await kms.send(new DescribeKeyCommand({ KeyId: alias }));
    return found.KeyMetadata!.Arn!;
  } catch (error) {
    if (!(error instanceof NotFoundException)) throw error;
    const created = await kms.send(
      new CreateKeyCommand({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC', Description: 'finops-ai owner-action links (local)' }),
    );
    await kms.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: created.KeyMetadata!.KeyId! }));
    return created.KeyMetadata!.Arn!;
  } finally {
    kms.destroy();
  }
}
