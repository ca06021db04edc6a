import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient } from 'aws-sdk-client-mock';
import { taggingApi } from '../../../src/aws/tagging.js';

test('GetResources follows PaginationToken with 100 per page and the same tag filters', async () => {
  const mock = mockClient(ResourceGroupsTaggingAPIClient);
  mock
    .on(GetResourcesCommand, { PaginationToken: undefined })
    .resolves({ ResourceTagMappingList: [{ ResourceARN: 'arn:1' }], PaginationToken: 'p' })
    .on(GetResourcesCommand, { PaginationToken: 'p' })
    .resolves({ ResourceTagMappingList: [{ ResourceARN: 'arn:2' }], PaginationToken: '' });
  const api = taggingApi(new ResourceGroupsTaggingAPIClient({ region: 'us-east-1' }));
  const found = await api.getResources({
    tagFilters: [{ Key: 'tiered.dev/tier', Values: ['tier-1'] }],
    resourceTypes: ['ecs:cluster'],
  });
  assert.deepEqual(found.map((r) => r.ResourceARN), ['arn:1', 'arn:2']);
  const inputs = mock.commandCalls(GetResourcesCommand).map((c) => c.args[0].input);
  assert.equal(inputs.length, 2);
  for (const input of inputs) {
    assert.equal(input.ResourcesPerPage, 100);
    assert.deepEqual(input.TagFilters, [{ Key: 'tiered.dev/tier', Values: ['tier-1'] }]);
    assert.deepEqual(input.ResourceTypeFilters, ['ecs:cluster']);
  }
  mock.restore();
});
