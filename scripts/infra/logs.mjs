// Output of the child processes: one line each, prefixed with a coloured, fixed-width name.
// Services log JSON lines (pino); on a terminal they are shown as `time level msg`, elsewhere
// (CI, a file, a pipe) passed through unchanged so they stay machine-readable.

const PALETTE = [36, 33, 35, 32, 34, 91, 96, 93];
const LEVEL_NAMES = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
const LEVEL_COLOURS = { trace: 90, debug: 90, info: 32, warn: 33, error: 31, fatal: 41 };

/** Whether to colour output: honours NO_COLOR and FORCE_COLOR, else only on a terminal. */
export function useColour(stream = process.stdout, env = process.env) {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

function paint(text, code, colour) {
  return colour ? `\x1b[${code}m${text}\x1b[0m` : text;
}

/** `name` padded to `width`, coloured by its position in the list, followed by a separator. */
export function makePrefix(name, { width, index = 0, colour = false }) {
  return `${paint(name.padEnd(width), PALETTE[index % PALETTE.length], colour)} | `;
}

/**
 * A child's output line as shown: JSON log lines become `hh:mm:ss.mmm level msg` (plus the error
 * message, when there is one) when `pretty`; anything else is returned unchanged.
 */
export function formatLine(line, { pretty = false, colour = false } = {}) {
  if (!pretty || !line.startsWith('{')) return line;
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    return line;
  }
  if (!entry || typeof entry !== 'object') return line;
  const level =
    typeof entry.level === 'number' ? (LEVEL_NAMES[entry.level] ?? String(entry.level)) : String(entry.level ?? 'info');
  const time = formatTime(entry.time);
  const message = entry.msg ?? entry.message ?? '';
  const error = entry.err ?? entry.error;
  const errorText = error && typeof error === 'object' ? (error.message ?? error.type) : error;
  const parts = [
    time && paint(time, 90, colour),
    paint(level.padEnd(5), LEVEL_COLOURS[level] ?? 0, colour),
    message,
    errorText ? paint(`(${errorText})`, 31, colour) : '',
  ];
  return parts.filter(Boolean).join(' ');
}

function formatTime(time) {
  if (time === undefined) return '';
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) return '';
  return date.toISOString().slice(11, 23);
}

/** Writes lines of one child with its prefix. */
export function makeLineWriter(name, { width, index, stream = process.stdout, pretty, colour }) {
  const prefix = makePrefix(name, { width, index, colour });
  return (line) => {
    stream.write(`${prefix}${formatLine(line, { pretty, colour })}\n`);
  };
}
