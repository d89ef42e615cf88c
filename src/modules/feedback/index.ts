import { rulesOf } from '../../auth/permissions';
import type { KeelModule } from '../../module';
import { feedbackConfig } from './feedback.config';
import { Feedback, FeedbackTransition } from './feedback.entity';
import { feedbackMigrations } from './migrations';
import { feedbackPermissions } from './permissions';

// The voice of the customer: surveys, complaints with their deadlines, suggestions, exit interviews.
export const feedbackModule: KeelModule = {
  name: 'feedback',
  entities: [Feedback, FeedbackTransition],
  resolvers: [],
  rules: rulesOf(feedbackPermissions),
  permissions: feedbackPermissions,
  scopes: ['feedback:read', 'feedback:write'],
  migrations: feedbackMigrations,
  config: feedbackConfig,
};
