// The batch rescoring job: every active and offboarding customer, with the active model, as of now. It
// runs nightly, and when a model is activated (sent by the activation, in its transaction).
import type { Job } from '../../module';
import { rescore } from './risk.scoring';
import { TRAIN_JOB, trainPendingModels } from './risk.training';

export const RESCORE_JOB = 'risk.rescore';
/** The data of the run that an activation sends; the scores it writes say MODEL_ACTIVATED. */
export const ACTIVATION_RUN = 'MODEL_ACTIVATED';

export const rescoreJob: Job = {
  name: RESCORE_JOB,
  everySeconds: 86400,
  run: ({ em, now, modules, data }) =>
    rescore(em.getKnex(), modules, { asOf: now, triggeredBy: data?.trigger === ACTIVATION_RUN ? ACTIVATION_RUN : 'BATCH' }),
};

/** Fits the models waiting in TRAINING (asked for by trainRiskModel or `npm run risk:train`). */
export const trainJob: Job = {
  name: TRAIN_JOB,
  everySeconds: 60,
  run: ({ em, now, modules }) => trainPendingModels({ em, modules, now }),
};
