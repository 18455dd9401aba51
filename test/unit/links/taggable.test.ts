import { describe, expect, it } from 'vitest';
import { isTaggable, tagGrantFor } from '../../../lib/links/taggable.js';
import { SWEEPS } from '../../../lib/sweeps/registry.js';

describe('which resources links can tag', () => {
  it('SageMaker and EC2 resources, on their own ARNs, for the given tag keys only', () => {
    expect(tagGrantFor('sagemaker:endpoint', ['finops:snooze-until', 'finops:exempt'])).toEqual({
      actions: ['sagemaker:AddTags'],
      resources: ['arn:{partition}:sagemaker:*:{account}:endpoint/*'],
      conditions: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['finops:snooze-until', 'finops:exempt'] } },
    });
    expect(tagGrantFor('ec2:volume', ['k'])?.actions).toEqual(['ec2:CreateTags']);
    expect(tagGrantFor('budgets:budget', ['k'])).toBeNull();
    expect(tagGrantFor('bedrock:provisioned-model', ['k'])).toBeNull();
  });

  it('names which registered sweeps that act can be answered by link', () => {
    const acting = SWEEPS.filter((s) => s.action);
    const answered = acting.filter((s) => s.resourceType.split(',').some((t) => isTaggable(t)));
    // Every SageMaker or EC2 sweep that acts; budgets and Bedrock keep the tag command (or config) only.
    expect(answered.map((s) => s.name)).toEqual(
      acting.filter((s) => s.resourceType.split(',').some((t) => t.startsWith('sagemaker:') || t.startsWith('ec2:'))).map((s) => s.name),
    );
    expect(answered.map((s) => s.name)).toEqual(expect.arrayContaining(['idle-endpoints', 'orphan-volumes', 'idle-notebooks']));
  });
});
