// moto 5.2.1 answers DescribeAlarms with every matching alarm at once, whatever MaxRecords
// says; CloudWatch pages them (≤ 100, docs/aws-behaviour.md §4). The proxy cuts moto's answer to
// the page asked for, with a NextToken of its own, so call counts on local AWS are AWS's. Pure.

const DEFAULT_MAX_RECORDS = 50;
const TOKEN_PREFIX = 'tiered-proxy-page:';

/** The page of moto's full DescribeAlarms answer that `request` (its JSON body) asks for. */
export function pageDescribeAlarms(request: Readonly<Record<string, unknown>>, answer: string): string {
  const parsed = JSON.parse(answer) as Record<string, unknown>;
  const all = Array.isArray(parsed['MetricAlarms']) ? (parsed['MetricAlarms'] as unknown[]) : [];
  const max = typeof request['MaxRecords'] === 'number' ? request['MaxRecords'] : DEFAULT_MAX_RECORDS;
  const token = typeof request['NextToken'] === 'string' ? request['NextToken'] : '';
  const start = token.startsWith(TOKEN_PREFIX) ? Number(token.slice(TOKEN_PREFIX.length)) || 0 : 0;
  const end = start + max;
  const page: Record<string, unknown> = { ...parsed, MetricAlarms: all.slice(start, end) };
  if (end < all.length) page['NextToken'] = `${TOKEN_PREFIX}${end}`;
  else delete page['NextToken'];
  return JSON.stringify(page);
}
