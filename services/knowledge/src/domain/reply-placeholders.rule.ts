/** The placeholders a standard reply may use, written {name} in its text. */
export const KNOWN_PLACEHOLDERS = ['customer_name', 'order_id', 'agent_name', 'shop_name'] as const;
export type Placeholder = (typeof KNOWN_PLACEHOLDERS)[number];

/**
 * The rule for a missing value: the customer is addressed as 亲 (the shop's usual address) when
 * their name is not known; every other placeholder has no safe default, so it stays as {name}
 * in the text and is reported missing for the agent to fill in before sending.
 */
export const PLACEHOLDER_DEFAULTS: Partial<Record<Placeholder, string>> = { customer_name: '亲' };

const placeholderPattern = /\{([a-z_]+)\}/g;

/** The placeholders a text uses, in order of first use, without braces. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(placeholderPattern)].map((m) => m[1]!))];
}

/** Placeholders in the text the shop does not know (a typo would reach the customer as {custmer_name}). */
export function unknownPlaceholders(text: string): string[] {
  return placeholdersOf(text).filter((name) => !(KNOWN_PLACEHOLDERS as readonly string[]).includes(name));
}

export interface RenderedReply {
  text: string;
  /** Placeholders with neither a value nor a default, left as {name}. */
  missing: string[];
}

/** Fills in a standard reply's placeholders from the values given, then from the defaults. */
export function renderReply(text: string, values: Readonly<Record<string, string>>): RenderedReply {
  const missing: string[] = [];
  const rendered = text.replace(placeholderPattern, (whole, name: string) => {
    const value = values[name]?.trim() || PLACEHOLDER_DEFAULTS[name as Placeholder];
    if (value) return value;
    if (!missing.includes(name)) missing.push(name);
    return whole;
  });
  return { text: rendered, missing };
}
