import { Args, Ctx, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context';
import { pageRequest } from '../../graphql/relay';
import { JobRunsArgs } from './job-run.inputs';
import { listJobRuns } from './job-run.queries';
import { JobRunConnection } from './job-run.type';

@Resolver()
export class JobRunResolver {
  @Query(() => JobRunConnection, { description: 'Runs of the background jobs, newest first (ADMIN): state, attempts, last error, timings.' })
  jobRuns(@Args() args: JobRunsArgs, @Ctx() ctx: Context) {
    const f = args.filter ?? {};
    return listJobRuns(ctx, { name: f.name, states: f.state_in }, pageRequest(args, 2));
  }
}
