// A JSON Schema (2020-12) check for the keywords z.toJSONSchema writes for the API's schemas, so
// the contract test validates real answers against the published document itself. ajv is not a
// dependency here (only eslint's ajv 6, which reads draft-07), and this subset is small. A keyword
// it does not know fails the check rather than being skipped, so it cannot pass by ignoring.

type Schema = Record<string, unknown>

const KNOWN = new Set([
  'type',
  'enum',
  'const',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'anyOf',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'description',
  'default',
  'propertyNames',
])

const typeOf = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v

/** The problems of `value` against `schema`, as JSON-pointer-ish paths; [] when it conforms. */
export function validate(schema: Schema, value: unknown, at = ''): string[] {
  const errors: string[] = []
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) errors.push(`${at}: unsupported keyword ${key}`)
  if (schema.type !== undefined) {
    const types = (Array.isArray(schema.type) ? schema.type : [schema.type]) as string[]
    const actual = typeOf(value)
    if (!types.includes(actual) && !(actual === 'integer' && types.includes('number')))
      return [...errors, `${at}: ${actual} is not ${types.join('|')}`]
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${at}: ${JSON.stringify(value)} not in enum`)
  if ('const' in schema && schema.const !== value) errors.push(`${at}: not ${JSON.stringify(schema.const)}`)
  if (Array.isArray(schema.anyOf) && !(schema.anyOf as Schema[]).some((s) => validate(s, value, at).length === 0))
    errors.push(`${at}: matches no anyOf branch`)
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) errors.push(`${at}: below minimum`)
    if (typeof schema.maximum === 'number' && value > schema.maximum) errors.push(`${at}: above maximum`)
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) errors.push(`${at}: not above exclusiveMinimum`)
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) errors.push(`${at}: not below exclusiveMaximum`)
  }
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && [...value].length < schema.minLength) errors.push(`${at}: too short`)
    if (typeof schema.maxLength === 'number' && [...value].length > schema.maxLength) errors.push(`${at}: too long`)
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value))
      errors.push(`${at}: does not match ${schema.pattern}`)
  }
  if (Array.isArray(value) && schema.items) value.forEach((item, i) => errors.push(...validate(schema.items as Schema, item, `${at}/${i}`)))
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const object = value as Record<string, unknown>
    const properties = (schema.properties ?? {}) as Record<string, Schema>
    for (const name of (schema.required ?? []) as string[]) if (!(name in object)) errors.push(`${at}/${name}: required`)
    for (const [name, v] of Object.entries(object)) {
      if (properties[name]) errors.push(...validate(properties[name], v, `${at}/${name}`))
      else if (schema.additionalProperties === false) errors.push(`${at}/${name}: not allowed`)
      else if (schema.additionalProperties && typeof schema.additionalProperties === 'object')
        errors.push(...validate(schema.additionalProperties as Schema, v, `${at}/${name}`))
      if (schema.propertyNames) errors.push(...validate(schema.propertyNames as Schema, name, `${at}/${name}(name)`))
    }
  }
  return errors
}
