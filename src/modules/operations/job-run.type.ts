import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType, Node } from '../../graphql/relay';

export enum JobRunState {
  CREATED = 'CREATED',
  RETRY = 'RETRY',
  ACTIVE = 'ACTIVE',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
  FAILED = 'FAILED',
}
registerEnumType(JobRunState, {
  name: 'JobRunState',
  description: 'Where a run of a background job is: waiting (CREATED), waiting to be retried after a failure (RETRY), '
    + 'running (ACTIVE), done (COMPLETED), cancelled, or FAILED for good after its retries (then also in the dead-letter queue).',
});

@ObjectType('JobRun', { implements: Node, description: 'One run of a background job (or its copy in the dead-letter queue).', simpleResolvers: true })
export class JobRunView extends Node {
  key!: string;
  @Field({ description: 'The job, e.g. offboarding.retention; "dead-letter" for the copy of a run that failed for good.' })
  name!: string;
  @Field(() => JobRunState, { description: 'Where the run is.' })
  state!: JobRunState;
  @Field(() => Int, { description: 'Attempts started so far (the first run and its retries).' })
  attempts!: number;
  @Field(() => Int, { description: 'Retries allowed after the first attempt.' })
  retryLimit!: number;
  @Field(() => String, { nullable: true, description: 'The error of the last failed attempt.' })
  lastError!: string | null;
  @Field(() => Date, { nullable: true, description: 'The period this run is for (runs are sent once per period).' })
  period!: Date | null;
  @Field(() => Date, { description: 'When the run was sent.' })
  createdAt!: Date;
  @Field(() => Date, { nullable: true, description: 'When its last attempt started.' })
  startedAt!: Date | null;
  @Field(() => Date, { nullable: true, description: 'When it completed or failed for good.' })
  finishedAt!: Date | null;
  @Field(() => Int, { nullable: true, description: 'Milliseconds from the last start to the finish.' })
  durationMs!: number | null;
}

export const JobRunConnection = ConnectionType(JobRunView, 'JobRun');
