// How each synced entity is stored: its table and one column per domain field (snake_case of the field
// name). SQL identifiers come only from these fixed lists, never from request data.
import type { Entity } from '../../shared/statuses';

type ColumnType = 'text' | 'int' | 'bool' | 'date' | 'jsonb';

export interface FieldColumn {
  field: string;
  column: string;
  type: ColumnType;
}

export interface EntityDef {
  entity: Entity;
  table: 'households' | 'persons' | 'visits';
  columns: readonly FieldColumn[];
}

const snake = (field: string) => field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
const columns = (spec: Record<string, ColumnType>): FieldColumn[] =>
  Object.entries(spec).map(([field, type]) => ({ field, column: snake(field), type }));

export const ENTITY_DEFS: Record<Entity, EntityDef> = {
  household: {
    entity: 'household',
    table: 'households',
    columns: columns({
      address: 'text',
      headName: 'text',
      phone: 'text',
      business: 'text',
      acceptsCashless: 'bool',
      consentGiven: 'bool',
      consentAt: 'date',
      consentBy: 'text',
      note: 'text',
    }),
  },
  person: {
    entity: 'person',
    table: 'persons',
    columns: columns({
      householdId: 'text',
      fullName: 'text',
      birthYear: 'int',
      birthDate: 'date',
      sex: 'text',
      relation: 'text',
      residency: 'text',
      vneid: 'text',
      digitalSignature: 'text',
      healthBook: 'bool',
      paymentAccount: 'bool',
      usesCashless: 'bool',
      smartphone: 'text',
      digitalSkills: 'text',
      onlinePublicServices: 'bool',
    }),
  },
  visit: {
    entity: 'visit',
    table: 'visits',
    columns: columns({
      householdId: 'text',
      visitedOn: 'date',
      personId: 'text',
      note: 'text',
      helpedWith: 'jsonb',
    }),
  },
};

/** The select list: dates as ISO text (both drivers would otherwise build local-time Date objects). */
export function selectColumns(def: EntityDef): string {
  const fields = def.columns.map(({ column, type }) => (type === 'date' ? `${column}::text AS ${column}` : column));
  return ['id', 'commune_id', 'village_id', 'version', 'deleted', 'updated_at', 'change_seq', 'field_meta', ...fields].join(', ');
}

/**
 * SQL building the record of table alias `alias` exactly as the protocol sends it (domain field names,
 * absent optional fields, ISO dates and timestamps), as JSON text. Pull uses it so that PostgreSQL, not
 * JavaScript, shapes a page of thousands of records: on PGlite, turning wide rows into objects in JS was
 * the slow part.
 */
export function recordJsonSql(def: EntityDef, alias: string): string {
  const c = (column: string) => `${alias}.${column}`;
  // Each member as JSON text, NULL when the value is: concat_ws skips NULLs, so an empty optional field
  // is absent, in one pass (json_strip_nulls(json_build_object(…)) built the object, then parsed and
  // wrote it again to drop them).
  const member = (field: string, json: string) => `'"${field}":' || ${json}`;
  const members = [
    member('id', `to_json(${c('id')})::text`),
    member('villageId', `to_json(${c('village_id')})::text`),
    member('version', `${c('version')}::text`),
    member('deleted', `${c('deleted')}::text`),
    member('updatedAt', `to_json(to_char(${c('updated_at')} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text`),
    ...def.columns.map(({ field, column, type }) =>
      member(field, type === 'jsonb' ? `${c(column)}::text` : type === 'date' ? `to_json(${c(column)}::text)::text` : `to_json(${c(column)})::text`),
    ),
  ];
  return `'{' || concat_ws(',', ${members.join(', ')}) || '}'`;
}

/** SQL of one change as a pull sends it, `{"entity":…,"record":…}` as JSON text (recordJsonSql). */
export function changeJsonSql(entity: Entity, alias: string): string {
  return `'{"entity":"${entity}","record":' || ${recordJsonSql(ENTITY_DEFS[entity], alias)} || '}'`;
}

/** A column value as a query parameter (jsonb travels as JSON text; absent optional fields are NULL). */
export function toParam(column: FieldColumn, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  return column.type === 'jsonb' ? JSON.stringify(value) : value;
}
