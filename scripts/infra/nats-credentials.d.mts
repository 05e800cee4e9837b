export function newPassword(): string;
export function loadOrCreateCredentials(file: string, users: readonly string[]): Promise<Record<string, string>>;
export function writeSecret(file: string, text: string): Promise<void>;
