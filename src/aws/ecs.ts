// The ECS operations tiered uses. Describes are batched to the API's limits (100 clusters, 10
// services of one cluster per call) and ask for tags in the same call; List* follow nextToken.
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DeleteClusterCommand,
  DeleteServiceCommand,
  DeregisterTaskDefinitionCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListServicesCommand,
  ListTagsForResourceCommand,
  ListTaskDefinitionsCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import type {
  Cluster,
  CreateClusterCommandInput,
  CreateClusterCommandOutput,
  CreateServiceCommandInput,
  CreateServiceCommandOutput,
  DeleteClusterCommandOutput,
  DeleteServiceCommandInput,
  DeleteServiceCommandOutput,
  DeregisterTaskDefinitionCommandOutput,
  DescribeTaskDefinitionCommandOutput,
  ECSClient,
  Failure,
  ListTaskDefinitionsCommandInput,
  RegisterTaskDefinitionCommandInput,
  RegisterTaskDefinitionCommandOutput,
  Service,
  Tag,
  UpdateServiceCommandInput,
  UpdateServiceCommandOutput,
} from '@aws-sdk/client-ecs';
import { collectChunks, collectPages } from './paging.js';

/** AWS: DescribeClusters names at most 100 clusters per call. */
export const ECS_CLUSTERS_PER_CALL = 100;
/** AWS: DescribeServices names at most 10 services, all of one cluster, per call. */
export const ECS_SERVICES_PER_CALL = 10;
/** AWS: the largest maxResults of the ECS List* calls. */
export const ECS_LIST_PAGE_SIZE = 100;

/** What a batched describe found, and what it did not (ECS reports misses as failures, not errors). */
export interface Described<T> {
  readonly found: T[];
  readonly failures: Failure[];
}

export interface EcsApi {
  createCluster(input: CreateClusterCommandInput): Promise<CreateClusterCommandOutput>;
  /** Clusters by name or ARN, with their tags. */
  describeClusters(clusters: readonly string[]): Promise<Described<Cluster>>;
  deleteCluster(cluster: string): Promise<DeleteClusterCommandOutput>;

  registerTaskDefinition(input: RegisterTaskDefinitionCommandInput): Promise<RegisterTaskDefinitionCommandOutput>;
  /** One revision (family:revision or ARN; a bare family means its latest ACTIVE), with tags. */
  describeTaskDefinition(taskDefinition: string): Promise<DescribeTaskDefinitionCommandOutput>;
  deregisterTaskDefinition(taskDefinition: string): Promise<DeregisterTaskDefinitionCommandOutput>;
  /** Task definition ARNs, optionally of one family prefix and status. */
  listTaskDefinitions(filter?: Pick<ListTaskDefinitionsCommandInput, 'familyPrefix' | 'status' | 'sort'>): Promise<string[]>;

  createService(input: CreateServiceCommandInput): Promise<CreateServiceCommandOutput>;
  /** Services of one cluster by name or ARN, with their tags. */
  describeServices(cluster: string, services: readonly string[]): Promise<Described<Service>>;
  updateService(input: UpdateServiceCommandInput): Promise<UpdateServiceCommandOutput>;
  deleteService(input: DeleteServiceCommandInput): Promise<DeleteServiceCommandOutput>;
  /** Service ARNs of one cluster. */
  listServices(cluster: string): Promise<string[]>;

  tagResource(resourceArn: string, tags: readonly Tag[]): Promise<void>;
  listTagsForResource(resourceArn: string): Promise<Tag[]>;
}

function merge<T>(parts: readonly Described<T>[]): Described<T> {
  return { found: parts.flatMap((p) => p.found), failures: parts.flatMap((p) => p.failures) };
}

export function ecsApi(client: ECSClient): EcsApi {
  return {
    createCluster: (input) => client.send(new CreateClusterCommand(input)),
    describeClusters: async (clusters) =>
      merge(
        await collectChunks(clusters, ECS_CLUSTERS_PER_CALL, async (chunk) => {
          const out = await client.send(new DescribeClustersCommand({ clusters: chunk, include: ['TAGS'] }));
          return [{ found: out.clusters ?? [], failures: out.failures ?? [] }];
        }),
      ),
    deleteCluster: (cluster) => client.send(new DeleteClusterCommand({ cluster })),

    registerTaskDefinition: (input) => client.send(new RegisterTaskDefinitionCommand(input)),
    describeTaskDefinition: (taskDefinition) =>
      client.send(new DescribeTaskDefinitionCommand({ taskDefinition, include: ['TAGS'] })),
    deregisterTaskDefinition: (taskDefinition) => client.send(new DeregisterTaskDefinitionCommand({ taskDefinition })),
    listTaskDefinitions: (filter = {}) =>
      collectPages<string, string>(async (nextToken) => {
        const out = await client.send(
          new ListTaskDefinitionsCommand({ ...filter, nextToken, maxResults: ECS_LIST_PAGE_SIZE }),
        );
        return { items: out.taskDefinitionArns, next: out.nextToken };
      }),

    createService: (input) => client.send(new CreateServiceCommand(input)),
    describeServices: async (cluster, services) =>
      merge(
        await collectChunks(services, ECS_SERVICES_PER_CALL, async (chunk) => {
          const out = await client.send(new DescribeServicesCommand({ cluster, services: chunk, include: ['TAGS'] }));
          return [{ found: out.services ?? [], failures: out.failures ?? [] }];
        }),
      ),
    updateService: (input) => client.send(new UpdateServiceCommand(input)),
    deleteService: (input) => client.send(new DeleteServiceCommand(input)),
    listServices: (cluster) =>
      collectPages<string, string>(async (nextToken) => {
        const out = await client.send(new ListServicesCommand({ cluster, nextToken, maxResults: ECS_LIST_PAGE_SIZE }));
        return { items: out.serviceArns, next: out.nextToken };
      }),

    tagResource: async (resourceArn, tags) => {
      await client.send(new TagResourceCommand({ resourceArn, tags: [...tags] }));
    },
    listTagsForResource: async (resourceArn) => {
      const out = await client.send(new ListTagsForResourceCommand({ resourceArn }));
      return out.tags ?? [];
    },
  };
}
