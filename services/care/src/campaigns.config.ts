import { envInt, envString, envUrl, envVar } from '@cs/config';
import { parseQuietHours } from './domain/quiet-hours.rule.js';

/** Signs opt-out links on a developer's machine only: anyone can read it here and forge links. */
export const DEV_OPT_OUT_SECRET = 'dev-only-opt-out-secret';

/** Campaigns' variables, spread into careConfigSchema. */
export const campaignsEnvShape = {
  // Frequency caps: marketing messages per customer per shop day and per shop week.
  CARE_CAMPAIGN_DAILY_CAP: envInt(0, 100).default(1),
  CARE_CAMPAIGN_WEEKLY_CAP: envInt(0, 100).default(3),
  // Quiet hours in shop time (SHOP_TIMEZONE): messages due inside are held until the window opens.
  CARE_QUIET_HOURS: envVar('a window such as 22:00-08:00', parseQuietHours).default({
    startMinute: 22 * 60,
    endMinute: 8 * 60,
  }),
  // Customers decided per transaction of a run (one keyset page of the segment).
  CARE_CAMPAIGN_BATCH_SIZE: envInt(1, 5000).default(500),
  // How often each replica looks for runs to continue, held messages due and email to send.
  CARE_CAMPAIGN_POLL_MS: envInt(20).default(2_000),
  // The mail server email leaves through (nodemailer SMTP transport).
  CARE_SMTP_URL: envUrl(['smtp:', 'smtps:']).default('smtp://127.0.0.1:2525'),
  CARE_MAIL_FROM: envString().default('care@shop.example'),
  // The shop's opt-out page; the signed token is appended as ?t=…
  CARE_OPT_OUT_URL: envUrl().default('https://shop.example/optout'),
  // Production must bring its own (refuseDevOptOutSecret); deploy: Secret care-opt-out.
  CARE_OPT_OUT_SECRET: envString().default(DEV_OPT_OUT_SECRET),
  // The image and cs-platform-env set production; npm start runs development.
  NODE_ENV: envString().default('development'),
};

interface IssueSink {
  addIssue(issue: { code: 'custom'; message: string; path: string[] }): void;
}

/**
 * A refinement of careConfigSchema: with NODE_ENV=production the process does not start on the
 * development opt-out key (unset, or set to it), so forged opt-out or opt-back links are impossible.
 */
export function refuseDevOptOutSecret(config: { careOptOutSecret: string; nodeEnv: string }, ctx: IssueSink): void {
  if (config.nodeEnv !== 'production' || config.careOptOutSecret !== DEV_OPT_OUT_SECRET) return;
  ctx.addIssue({
    code: 'custom',
    path: ['CARE_OPT_OUT_SECRET'],
    message: 'is required with NODE_ENV=production (the built-in key is for development only)',
  });
}
