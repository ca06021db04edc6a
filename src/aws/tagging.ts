// The Resource Groups Tagging API: tiered's discovery of what it owns, by tag, across services.
import { GetResourcesCommand } from '@aws-sdk/client-resource-groups-tagging-api';
import type {
  ResourceGroupsTaggingAPIClient,
  ResourceTagMapping,
  TagFilter,
} from '@aws-sdk/client-resource-groups-tagging-api';
import { collectPages } from './paging.js';

/** AWS: the most resources one GetResources page returns. */
export const TAGGING_PAGE_SIZE = 100;

export interface ResourceQuery {
  /** Every filter must match (AND); the values of one filter are alternatives (OR). */
  readonly tagFilters: readonly TagFilter[];
  /** e.g. `ecs:cluster`, `elasticloadbalancing:targetgroup`; absent = every type. */
  readonly resourceTypes?: readonly string[];
}

export interface TaggingApi {
  getResources(query: ResourceQuery): Promise<ResourceTagMapping[]>;
}

export function taggingApi(client: ResourceGroupsTaggingAPIClient): TaggingApi {
  return {
    getResources: (query) =>
      collectPages<ResourceTagMapping, string>(async (PaginationToken) => {
        const out = await client.send(
          new GetResourcesCommand({
            TagFilters: query.tagFilters.map((f) => ({ Key: f.Key, Values: f.Values === undefined ? undefined : [...f.Values] })),
            ResourceTypeFilters: query.resourceTypes === undefined ? undefined : [...query.resourceTypes],
            ResourcesPerPage: TAGGING_PAGE_SIZE,
            PaginationToken,
          }),
        );
        return { items: out.ResourceTagMappingList, next: out.PaginationToken };
      }),
  };
}
