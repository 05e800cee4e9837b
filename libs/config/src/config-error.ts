/** One environment variable that failed validation, with a human-readable reason. */
export interface ConfigIssue {
  variable: string;
  message: string;
}

/**
 * Thrown by `parseConfig` when the environment does not satisfy the schema. The message is the
 * exact text `loadConfig` prints before exiting, so tests can assert on what an operator sees.
 */
export class ConfigError extends Error {
  readonly variables: string[];

  constructor(readonly issues: ConfigIssue[]) {
    super(`invalid configuration: ${issues.map((issue) => `${issue.variable} ${issue.message}`).join('; ')}`);
    this.name = 'ConfigError';
    this.variables = [...new Set(issues.map((issue) => issue.variable))];
  }
}
