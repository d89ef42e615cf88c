// The batch rescoring job: every active and offboarding customer, with the active model, as of now.
import type { Job } from '../../module';
import { rescore } from './risk.scoring';
import { TRAIN_JOB, trainPendingModels } from './risk.training';

export const RESCORE_JOB = 'risk.rescore';

export const rescoreJob: Job = {
  name: RESCORE_JOB,
  everySeconds: 86400,
  run: ({ em, now, modules }) => rescore(em.getKnex(), modules, { asOf: now, triggeredBy: 'BATCH' }),
};

/** Fits the models waiting in TRAINING (asked for by trainRiskModel or `npm run risk:train`). */
export const trainJob: Job = {
  name: TRAIN_JOB,
  everySeconds: 60,
  run: ({ em, now, modules }) => trainPendingModels({ em, modules, now }),
};
