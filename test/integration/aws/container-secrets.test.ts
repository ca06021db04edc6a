// ECS secrets over the wire (issue 13): a task definition compiled with secrets is registered
// through tiered's client layer to moto, described back, and observed as the very spec it was
// compiled from, so a pass after the create sees no drift.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileTopology } from '../../../src/desired/topology/compile.js';
import { NO_HINTS } from '../../../src/desired/topology/live-hints.js';
import { taskDefinitionSpec } from '../../../src/live/ecs-specs.js';
import { registerTaskDefinitionInput } from '../../../src/reconcilers/ecs/task-definition.js';
import type { ResolvedSpec } from '../../../src/reconcilers/resolved-fields.js';
import { withLocalAws, TEST_REGION } from '../../support/local-aws.js';
import { tieredAwsFor } from '../../support/tiered-aws.js';
import { placeAll, smallSet, tenant } from '../../support/topology-fixtures.js';

const aws = withLocalAws();

test('a task definition with secrets registers as valueFrom ARNs and reads back as the compiled spec', async () => {
  const factory = tieredAwsFor(aws.endpoint);
  try {
    const { ecs } = factory.clients({ region: TEST_REGION });
    const secrets = {
      DB_PASSWORD: 'arn:aws:secretsmanager:us-east-1:111111111111:secret:acme/db-AbCdEf',
      API_KEY: 'arn:aws:ssm:us-east-1:111111111111:parameter/acme/api-key',
    };
    const set = smallSet([tenant('acme', 1, { secrets })]);
    const td = compileTopology(set, placeAll(set), NO_HINTS).resources.find((r) => r.kind === 'task-definition')!;
    await ecs.registerTaskDefinition(registerTaskDefinitionInput(td.spec as ResolvedSpec, {}));
    const described = await ecs.describeTaskDefinition(String(td.spec['family']));
    assert.deepEqual(described.taskDefinition?.containerDefinitions?.[0]?.secrets, [
      { name: 'API_KEY', valueFrom: secrets.API_KEY },
      { name: 'DB_PASSWORD', valueFrom: secrets.DB_PASSWORD },
    ]);
    assert.deepEqual(taskDefinitionSpec(described.taskDefinition), td.spec);
  } finally {
    factory.destroy();
  }
});
