/**
 * Masking of personal data (phone numbers, postal addresses, people's names) before it reaches a
 * log line. Keys are recognised by their words, so `recipientPhone`, `contact_tel` and
 * `shippingAddress` are caught while `hostname` or `remoteAddress` are left alone. Free text (a
 * remark, an error message quoting a payload) is searched for phone numbers, Chinese postal
 * addresses and a name written next to a phone number, as an order's address is written in text.
 */

const maskedAddress = '[masked address]';
const maxDepth = 12;

// Chinese mobile numbers, and international numbers written with a leading +.
const phoneInText = /\+\d{8,15}(?!\d)|(?<![\d+])1[3-9]\d{9}(?!\d)/g;
// A run of what a Chinese address is written with (no spaces or punctuation between its parts)...
const addressRunInText = /[\p{Script=Han}A-Za-z0-9#\-－（）()]{4,}/gu;
// ...is an address when an administrative division comes before a street, building or house number.
const division = /省|自治区|特别行政区|市|州|盟|区|县|旗|镇|乡/u;
const place = /路|街|道|巷|弄|胡同|里|村|社区|小区|号|栋|幢|座|单元|室|楼/u;
// A name of two to four Han characters standing alone right before a phone number: `张三，13812345678`,
// how an address is written in a remark (name，phone，region，postal code).
const nameBeforePhone = /(?<!\p{Script=Han})\p{Script=Han}{2,4}(?=[，,、:：\s]*(?:\+\d{8,15}|1[3-9]\d{9})(?!\d))/gu;
const han = /\p{Script=Han}/u;

const phoneWords = new Set(['phone', 'mobile', 'tel', 'telephone', 'cellphone', 'phonenumber', 'msisdn']);
const addressWords = new Set(['address', 'addr', 'street']);
// In these keys "address" is a network or mail address, or a reference to one, not where a customer lives.
const technicalAddressWords = new Set([
  'ip',
  'ipv4',
  'ipv6',
  'remote',
  'local',
  'mac',
  'host',
  'server',
  'socket',
  'email',
  'id',
  'ids',
]);
const personNameWords = new Set([
  'display',
  'recipient',
  'receiver',
  'consignee',
  'customer',
  'contact',
  'buyer',
  'sender',
  'full',
  'first',
  'last',
  'given',
  'family',
  'middle',
  'real',
  'nick',
  'user',
]);

/** `recipientPhone` → [recipient, phone]; `contact_tel` → [contact, tel]. */
function words(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_\-.]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

type Sensitive = 'phone' | 'address' | 'name';

// What each key is, remembered: the same few keys recur in every object masked (an order's every
// remark has `text`, `author`, `before`…), and splitting a key into words allocates. Bounded, since
// keys can also be data (a map keyed by ids).
const classified = new Map<string, Sensitive | null>();
const maxClassified = 4096;

function classify(key: string): Sensitive | undefined {
  let kind = classified.get(key);
  if (kind === undefined) {
    if (classified.size >= maxClassified) classified.clear();
    kind = classifyWords(key) ?? null;
    classified.set(key, kind);
  }
  return kind ?? undefined;
}

function classifyWords(key: string): Sensitive | undefined {
  const parts = words(key);
  const last = parts.at(-1);
  if (parts.some((part) => phoneWords.has(part) || part.endsWith('phone'))) return 'phone';
  if (parts.some((part) => addressWords.has(part)) && !parts.some((part) => technicalAddressWords.has(part))) {
    return 'address';
  }
  if (last === 'name' && (parts.length === 1 || parts.slice(0, -1).some((part) => personNameWords.has(part)))) {
    return 'name';
  }
  if (last === 'nickname' || last === 'username' || last === 'fullname' || last === 'displayname') return 'name';
  return undefined;
}

/** `13812345678` → `138****5678`: keeps the first three and last four characters. */
export function maskPhone(phone: string): string {
  const chars = Array.from(phone);
  if (chars.length <= 7) return '*'.repeat(chars.length);
  return `${chars.slice(0, 3).join('')}${'*'.repeat(chars.length - 7)}${chars.slice(-4).join('')}`;
}

/** `张三` → `张*`, `张三丰` → `张**`, `John Smith` → `J***`: the length of a long name is not revealed. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*';
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 3))}`;
}

/**
 * Masks personal data in free text, such as a log message or a remark: phone numbers, Chinese
 * postal addresses (a division before a street or house number: `广东省深圳市南山区科技园路1号`),
 * and a name right before a phone number. Words, not grammar: it errs towards masking.
 */
export function maskPersonalDataInText(text: string): string {
  // Text without Han characters (most log lines) can only hold phone numbers.
  if (!han.test(text)) return text.replace(phoneInText, maskPhone);
  return text
    .replace(nameBeforePhone, maskName)
    .replace(phoneInText, maskPhone)
    .replace(addressRunInText, (run) => (isAddress(run) ? maskedAddress : run));
}

/** A place after the first division: the same as after any, and linear (a lazy `.*?` between them is not). */
function isAddress(run: string): boolean {
  const first = division.exec(run);
  return first !== null && place.test(run.slice(first.index + first[0].length));
}

function maskValue(kind: Sensitive, value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (value === null || value === undefined || value === '') return value;
  if (kind === 'address') return maskedAddress;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') {
    return kind === 'phone' ? maskPhone(String(value)) : maskName(String(value));
  }
  // e.g. `name: { first, last }` or a list of phones: mask every leaf under this key.
  if (Array.isArray(value)) return value.map((item) => maskValue(kind, item, seen, depth + 1));
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, maskValue(kind, item, seen, depth + 1)]),
    );
  }
  return value;
}

function maskAny(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return maskPersonalDataInText(value);
  if (value === null || typeof value !== 'object') return value;
  // Errors keep their class so pino's `err` serializer still recognises them; the logger masks
  // the serialized form instead. Dates and binary data hold no keys to inspect.
  if (value instanceof Error || value instanceof Date || ArrayBuffer.isView(value)) return value;
  if (depth >= maxDepth) return '[too deep]';
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => maskAny(item, seen, depth + 1));
    if (value instanceof Map) return maskAny(Object.fromEntries(value), seen, depth + 1);
    if (value instanceof Set) return maskAny([...value], seen, depth + 1);
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    // Serialise as JSON.stringify would (ORM entities, proto messages with toJSON) before masking.
    if (typeof toJSON === 'function') return maskAny(toJSON.call(value), seen, depth + 1);
    const masked: Record<string, unknown> = {};
    // A serialized error's `name` is its class (DriverException), not a person's.
    const serializedError = typeof (value as { stack?: unknown }).stack === 'string';
    const source = value as Record<string, unknown>;
    for (const key of Object.keys(source)) {
      const kind = serializedError && key === 'name' ? undefined : classify(key);
      const item = source[key];
      masked[key] = kind === undefined ? maskAny(item, seen, depth + 1) : maskValue(kind, item, seen, depth + 1);
    }
    return masked;
  } finally {
    seen.delete(value);
  }
}

/**
 * Returns a copy of `value` with personal data masked: values under phone/mobile/tel keys, names
 * under name/displayName/recipientName-like keys, whole addresses under address/street keys, and
 * what maskPersonalDataInText finds inside any other string. The input is not modified. Error instances are returned as is.
 */
export function maskPersonalData<T>(value: T): T {
  return maskAny(value, new WeakSet(), 0) as T;
}
