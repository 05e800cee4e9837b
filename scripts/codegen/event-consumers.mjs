// Who consumes each event inside the platform, read from the services' @OnEvent handlers: a fact of
// the code, so the AsyncAPI document can neither keep a consumer that is gone nor miss a new one.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const ANY_HANDLER = /@OnEvent\s*\(/g;
// The subject must be a string literal (the decorator's type demands a catalogue subject anyway);
// anything after it is the handler's options, where only `start` exists.
const HANDLER = /@OnEvent\s*\(\s*(['"])([^'"]+)\1\s*([,)])/g;

/** An @OnEvent whose subject is not a literal: the generator cannot tell who consumes what. */
export class UnreadableHandler extends Error {}

/**
 * Every @OnEvent handler under services/<service>/src, sorted by subject then service:
 * { service, subject, durable, deadLetterSubject, start: 'all' | 'own', declaredIn: file }. The file, not
 * the line: an edit elsewhere in a controller should not make the generated documents stale.
 * `start: 'own'` is a handler that names where its durable consumer starts (OnEventOptions.start).
 */
export function platformConsumers(root) {
  const consumers = [];
  const servicesDir = join(root, 'services');
  for (const service of readdirSync(servicesDir).sort()) {
    const src = join(servicesDir, service, 'src');
    if (!existsSync(src)) continue;
    for (const file of typeScriptFiles(src)) {
      const text = readFileSync(file, 'utf8');
      const found = [...text.matchAll(HANDLER)];
      const all = text.match(ANY_HANDLER)?.length ?? 0;
      const where = relative(root, file);
      if (found.length !== all) {
        throw new UnreadableHandler(
          `${where}: an @OnEvent(...) whose subject is not a string literal; write the subject itself so scripts/codegen can list its consumers`,
        );
      }
      for (const match of found) {
        const subject = match[2];
        consumers.push({
          service,
          subject,
          durable: durableName(service, subject),
          deadLetterSubject: deadLetterSubject(service, subject),
          start: match[3] === ',' ? 'own' : 'all',
          declaredIn: where,
        });
      }
    }
  }
  return consumers.sort((a, b) => a.subject.localeCompare(b.subject) || a.service.localeCompare(b.service));
}

// libs/bus naming.util.ts (durableName, deadLetterSubject); test/e2e/event-subscriber.test.ts
// compares the generated names with those functions.
export const durableName = (service, subject) => `${service}__${subject.replaceAll('.', '_')}`;
export const deadLetterSubject = (service, subject) => `cs.dlq.${service}.${subject}`;

function typeScriptFiles(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
