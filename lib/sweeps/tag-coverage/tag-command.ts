/** The shell command that sets tags on a covered resource, shown in notices and findings. */
import type { ResourceRef } from '../../core/finding.js';

/**
 * The AWS CLI command that sets `tags` on the resource `ref` names (SageMaker
 * `add-tags`, EC2 `create-tags`, Bedrock `tag-resource`).
 *
 * @example
 * tagCommand({ resourceType: 'ec2:volume', resourceId: 'vol-1', arn: '...', region: 'us-east-1' }, [['team', '<team>']])
 * // => 'aws ec2 create-tags --region us-east-1 --resources vol-1 --tags Key=team,Value=<team>'
 */
export function tagCommand(ref: ResourceRef, tags: readonly (readonly [key: string, value: string])[]): string {
  switch (ref.resourceType.split(':')[0]) {
    case 'ec2':
      return `aws ec2 create-tags --region ${ref.region} --resources ${ref.resourceId} --tags ${tags.map(([k, v]) => `Key=${k},Value=${v}`).join(' ')}`;
    case 'bedrock':
      return `aws bedrock tag-resource --region ${ref.region} --resource-arn ${ref.arn} --tags ${tags.map(([k, v]) => `key=${k},value=${v}`).join(' ')}`;
    default:
      return `aws sagemaker add-tags --region ${ref.region} --resource-arn ${ref.arn} --tags ${tags.map(([k, v]) => `Key=${k},Value=${v}`).join(' ')}`;
  }
}
