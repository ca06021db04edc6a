// The JSON Schemas of manifests/schemas, compiled once with ajv. Validation fills each field's
// documented default in place, so the schema is the one home of every static default.
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import type { Kind } from '../model.js';
import { schemaProblem } from './schema-messages.js';
import type { SchemaProblem } from './schema-messages.js';
import tierSchema from '../../../manifests/schemas/tier.schema.json' with { type: 'json' };
import cellSchema from '../../../manifests/schemas/cell.schema.json' with { type: 'json' };
import infraGroupSchema from '../../../manifests/schemas/infragroup.schema.json' with { type: 'json' };
import tenantSchema from '../../../manifests/schemas/tenant.schema.json' with { type: 'json' };

export const SCHEMAS: Readonly<Record<Kind, object>> = {
  Tier: tierSchema,
  Cell: cellSchema,
  InfraGroup: infraGroupSchema,
  Tenant: tenantSchema,
};

let compiled: Readonly<Record<Kind, ValidateFunction>> | undefined;

function validators(): Readonly<Record<Kind, ValidateFunction>> {
  if (compiled === undefined) {
    const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: true, strictRequired: false, verbose: true });
    // An editor hint (VS Code's YAML extension shows it); we use it for our own messages too.
    ajv.addKeyword({ keyword: 'patternErrorMessage', schemaType: 'string' });
    compiled = {
      Tier: ajv.compile(tierSchema),
      Cell: ajv.compile(cellSchema),
      InfraGroup: ajv.compile(infraGroupSchema),
      Tenant: ajv.compile(tenantSchema),
    };
  }
  return compiled;
}

/** Validates `data` (a fresh plain object, which gets its defaults filled) against its kind. */
export function validateAgainstSchema(kind: Kind, data: unknown): SchemaProblem[] {
  const validate = validators()[kind];
  if (validate(data)) return [];
  return (validate.errors ?? []).flatMap((e) => schemaProblem(e) ?? []);
}
