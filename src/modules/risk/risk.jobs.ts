// The batch rescoring job: every active and offboarding customer, with the active model, as of now.
import type { Job } from '../../module';
import { rescore } from './risk.scoring';

export const RESCORE_JOB = 'risk.rescore';

export const rescoreJob: Job = {
  name: RESCORE_JOB,
  everySeconds: 86400,
  run: ({ em, now, modules }) => rescore(em.getKnex(), modules, { asOf: now, triggeredBy: 'BATCH' }),
};
