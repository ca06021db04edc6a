// ECS spells tags in lowercase (`key`/`value`), unlike ELBv2 and EC2.
import type { Tag } from '@aws-sdk/client-ecs';

export function ecsTags(tags: Readonly<Record<string, string>>): Tag[] {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}
