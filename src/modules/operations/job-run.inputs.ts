import { ArgsType, Field, InputType } from 'type-graphql';
import { ConnectionArgs } from '../../graphql/relay';
import { JobRunState } from './job-run.type';

@InputType({ description: 'Narrows the job runs; all given conditions must hold.' })
export class JobRunFilter {
  @Field({ nullable: true, description: 'Runs of this job.' })
  name?: string;
  @Field(() => [JobRunState], { nullable: true, description: 'Runs in one of these states.' })
  state_in?: JobRunState[];
}

@ArgsType()
export class JobRunsArgs extends ConnectionArgs {
  @Field(() => JobRunFilter, { nullable: true, description: 'Which runs; newest first.' })
  filter?: JobRunFilter;
}
