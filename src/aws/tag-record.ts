// Tag shapes differ per service (ELBv2/EC2/Tagging: Key/Value, ECS: key/value); tiered reads
// them all as one plain record, the form every ownership decision is made from.

type AnyTag = { readonly Key?: string | undefined; readonly Value?: string | undefined } & {
  readonly key?: string | undefined;
  readonly value?: string | undefined;
};

export function tagRecord(tags: readonly AnyTag[] | undefined): Readonly<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) {
    const k = t.Key ?? t.key;
    if (k !== undefined) out[k] = t.Value ?? t.value ?? '';
  }
  return out;
}
