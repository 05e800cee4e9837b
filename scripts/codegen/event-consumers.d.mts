export declare class UnreadableHandler extends Error {}
export interface PlatformConsumer {
  service: string;
  subject: string;
  durable: string;
  deadLetterSubject: string;
  start: 'all' | 'own';
  declaredIn: string;
}
export declare function platformConsumers(root: string): PlatformConsumer[];
export declare function durableName(service: string, subject: string): string;
export declare function deadLetterSubject(service: string, subject: string): string;
