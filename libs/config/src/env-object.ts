import { z } from 'zod';
import { type CamelCaseKeys, camelCaseKeys } from './camel-case.js';

/**
 * A schema over environment variables (UPPER_SNAKE keys, so validation errors name the variable an
 * operator has to fix) whose output uses camelCase keys, as the code reading the config expects.
 */
export function envObject<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object(shape).transform((env) => camelCaseKeys(env) as CamelCaseKeys<z.output<z.ZodObject<Shape>>>);
}
