import type { TestProject } from 'vitest/node';
import { provideInfrastructure } from './infrastructure.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
    natsUrl: string;
  }
}

/** Runs once per test run: finds or starts PostgreSQL and NATS and hands their URLs to every test file. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const infrastructure = await provideInfrastructure();
  project.provide('postgresUrl', infrastructure.postgresUrl);
  project.provide('natsUrl', infrastructure.natsUrl);
  return () => infrastructure.stop();
}
