// The passwords of npm start's NATS users, kept in .local/nats/users.json (mode 0600) so that they
// survive restarts: an integrator configured once keeps working.
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** 24 random bytes as base64url: no character needs quoting in a NATS config or a URL. */
export function newPassword() {
  return randomBytes(24).toString('base64url');
}

/**
 * The password of each of `users`, from `file` when it has one, else new (and then saved).
 * Resolves { [user]: password }. The file is (re)written with mode 0600 whenever it changes.
 */
export async function loadOrCreateCredentials(file, users) {
  let saved = {};
  try {
    saved = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if (error.code !== 'ENOENT')
      throw new Error(`${file} is not readable JSON (delete it to start over): ${error.message}`);
  }
  const credentials = {};
  let changed = false;
  for (const user of users) {
    const known = saved[user];
    credentials[user] = typeof known === 'string' && known !== '' ? known : newPassword();
    if (credentials[user] !== known) changed = true;
  }
  if (changed) await writeSecret(file, `${JSON.stringify({ ...saved, ...credentials }, null, 2)}\n`);
  return credentials;
}

/** Writes a file only its owner can read (it holds passwords). */
export async function writeSecret(file, text) {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text, { mode: 0o600 });
  // writeFile's mode applies only when it creates the file; an existing one keeps its mode otherwise.
  await chmod(file, 0o600);
}
