/**
 * A campaign run's counts: customers reached, and what became of each customer x channel. A held
 * message counts in held, and in sent too once its window opens; email counts as sent once the mail
 * server took it.
 */
export interface RunProgress {
  targeted: number;
  sent: number;
  held: number;
  skippedByCap: number;
  skippedByOptOut: number;
  failed: number;
  delivered: number;
}

export const emptyProgress = (): RunProgress => ({
  targeted: 0,
  sent: 0,
  held: 0,
  skippedByCap: 0,
  skippedByOptOut: 0,
  failed: 0,
  delivered: 0,
});
