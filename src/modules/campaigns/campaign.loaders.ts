// Batched per-request loader of campaigns.
import DataLoader from 'dataloader';
import type { Context } from '../../graphql/context';
import { campaignsByKeys } from './campaign.queries';
import type { CampaignView } from './campaign.type';

const CAMPAIGNS = {};

export function campaignLoader(ctx: Context): DataLoader<string, CampaignView | null> {
  return ctx.memo(CAMPAIGNS, () =>
    new DataLoader(async (keys) => {
      const found = new Map((await campaignsByKeys(ctx, keys)).map((c) => [c.key, c]));
      return keys.map((k) => found.get(k) ?? null);
    }),
  );
}
