/**
 * MikroORM expands a JS array bound to `?` into a list of parameters, so arrays travel as one
 * JSON parameter and become a PostgreSQL array in SQL: `${TEXT_ARRAY}` with `asJson(values)`.
 */
export const TEXT_ARRAY = 'array(select jsonb_array_elements_text(?::jsonb))';
export const INT_ARRAY = 'array(select jsonb_array_elements_text(?::jsonb)::int)';
export const UUID_ARRAY = 'array(select jsonb_array_elements_text(?::jsonb)::uuid)';

export const asJson = (values: readonly unknown[]): string => JSON.stringify(values);
