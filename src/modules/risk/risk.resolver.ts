// Churn risk on the GraphQL API: the active model, and the fields risk adds to Customer
// (`riskScore`, `riskHistory`), batched per request and bounded per viewer: a relationship manager
// who may read every customer through another role still reads scores of their own book only.
import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { reachOf, reaches } from '../../auth/permissions';
import { DomainError, problem } from '../../domain/errors';
import type { Context } from '../../graphql/context';
import { mutationPayload } from '../../graphql/payload';
import { RecommendedActionView, recommendedActions } from './risk.actions';
import { ConnectionArgs, keyOrNull, pageRequest } from '../../graphql/relay';
import { serviceDeps } from '../../graphql/service-deps';
import { customerLoader, CustomerView } from '../customers/public';
import { riskCapabilities } from './permissions';
import { AcknowledgeRiskAlertInput, ActivateRiskModelInput, RiskAlertsArgs, ImportExitHistoryInput, RecordExternalRiskScoresInput, TrainRiskModelInput } from './risk.inputs';
import { activeModelView, alertByKey, currentScoreLoader, listAlerts, modelByKey, scoreHistory } from './risk.queries';
import { acknowledgeAlert, activateModel, importExitHistory, recordExternalScores, requestTraining, type RiskDeps } from './risk.service';
import { ImportExitHistoryPayload, RiskAlertConnection, RiskAlertPayload, RecordExternalRiskScoresPayload, RiskModelPayload, RiskModelView, RiskScoreConnection, RiskScoreView } from './risk.type';

const depsOf = (ctx: Context): RiskDeps => ({ ...serviceDeps(ctx), modules: ctx.modules });

const mayRead = (ctx: Context, c: CustomerView) => reaches(reachOf(ctx.viewer, riskCapabilities.read), c.rmKey);

@Resolver(() => CustomerView)
export class CustomerRiskResolver {
  @FieldResolver(() => RiskScoreView, {
    nullable: true,
    description: 'The active model\'s current churn-risk score, with its factors; null before the first scoring or outside your reach.',
  })
  async riskScore(@Root() c: CustomerView, @Ctx() ctx: Context): Promise<RiskScoreView | null> {
    if (!mayRead(ctx, c)) return null;
    return currentScoreLoader(ctx).load(c.key);
  }

  @FieldResolver(() => [RecommendedActionView], {
    description: 'What to do about the customer\'s churn risk, strongest first (at most three), from the current score\'s positive factors; empty outside your reach.',
  })
  async recommendedActions(@Root() c: CustomerView, @Ctx() ctx: Context): Promise<RecommendedActionView[]> {
    if (!mayRead(ctx, c)) return [];
    return recommendedActions(await currentScoreLoader(ctx).load(c.key));
  }

  @FieldResolver(() => RiskScoreConnection, {
    nullable: true,
    description: 'Every score of the customer, the models\' and external platforms\', newest first (a rescore from the same values by the same model adds none); null outside your reach.',
  })
  async riskHistory(@Root() c: CustomerView, @Args() args: ConnectionArgs, @Ctx() ctx: Context) {
    const page = pageRequest(args, 2);
    if (!mayRead(ctx, c)) return null;
    return scoreHistory(ctx, c.key, page);
  }
}

@Resolver()
export class RiskResolver {
  @Query(() => RiskModelView, { nullable: true, description: 'The model that scores customers now.' })
  activeRiskModel(@Ctx() ctx: Context) {
    return activeModelView(ctx);
  }

  @Query(() => RiskModelView, { nullable: true, description: 'A model by id, whatever its status; null when unknown.' })
  riskModel(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    const key = keyOrNull(id, 'RiskModel');
    return key ? modelByKey(ctx, key) : null;
  }

  @Mutation(() => ImportExitHistoryPayload, {
    description: 'Imports up to 1,000 exits from before Keel, all or nothing; customer-initiated ones become churn labels. Idempotent.',
  })
  async importExitHistory(@Arg('input', () => ImportExitHistoryInput) input: ImportExitHistoryInput, @Ctx() ctx: Context) {
    return mutationPayload(ctx, input, 'imported', () => importExitHistory(depsOf(ctx), input.items), async (r) => r.imported, {
      extra: (r) => ({ alreadyKnown: r.alreadyKnown }),
    });
  }

  @Query(() => RiskAlertConnection, { description: 'Alerts of customers whose band rose to HIGH or CRITICAL, within your reach, newest first.' })
  riskAlerts(@Args() args: RiskAlertsArgs, @Ctx() ctx: Context) {
    return listAlerts(ctx, args.filter ?? {}, pageRequest(args, 2));
  }

  @Mutation(() => RiskAlertPayload, { description: 'Acknowledges an alert of a customer in your book: someone is acting on it.' })
  acknowledgeRiskAlert(@Arg('input', () => AcknowledgeRiskAlertInput) input: AcknowledgeRiskAlertInput, @Ctx() ctx: Context) {
    return mutationPayload(ctx, input, 'riskAlert', () => {
      const key = keyOrNull(input.alertId, 'RiskAlert');
      if (!key) return Promise.reject(new DomainError('USER_ERROR', [problem(['input', 'alertId'], 'INVALID', 'No such alert')]));
      return acknowledgeAlert(depsOf(ctx), key, async (customerKey) => (await customerLoader(ctx).load(customerKey))?.rmKey);
    }, (key) => alertByKey(ctx, key));
  }

  @Mutation(() => RecordExternalRiskScoresPayload, {
    description: 'Records up to 1,000 scores from the bank\'s own platform, all or nothing; shown in riskHistory with their source, never as riskScore.',
  })
  recordExternalRiskScores(@Arg('input', () => RecordExternalRiskScoresInput) input: RecordExternalRiskScoresInput, @Ctx() ctx: Context) {
    return mutationPayload(ctx, input, 'recorded', () => recordExternalScores(depsOf(ctx), input), async (n) => n);
  }

  @Mutation(() => RiskModelPayload, { description: 'Asks for a model to be trained: returned at once in TRAINING; the training job makes it DRAFT or FAILED.' })
  trainRiskModel(@Arg('input', () => TrainRiskModelInput) input: TrainRiskModelInput, @Ctx() ctx: Context) {
    return mutationPayload(ctx, input, 'riskModel', () => requestTraining(depsOf(ctx), input), (key) => modelByKey(ctx, key));
  }

  @Mutation(() => RiskModelPayload, { description: 'Activates a DRAFT model (never by its trainer) and retires the previous one. Every customer is then rescored with it in the background by the job risk.rescore (its scores say MODEL_ACTIVATED); until then a customer\'s riskScore is the previous model\'s, with its modelVersion.' })
  activateRiskModel(@Arg('input', () => ActivateRiskModelInput) input: ActivateRiskModelInput, @Ctx() ctx: Context) {
    return mutationPayload(ctx, input, 'riskModel', () => {
      const key = keyOrNull(input.modelId, 'RiskModel');
      return key ? activateModel(depsOf(ctx), key) : Promise.reject(new DomainError('USER_ERROR', [problem(['input', 'modelId'], 'INVALID', 'No such model')]));
    }, (key) => modelByKey(ctx, key));
  }
}
