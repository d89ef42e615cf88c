// Batched per-request loaders for offers: one SQL statement per level of a query, whatever the page size.
import { keyedLoader } from '../../graphql/loaders';
import { consumptionByOfferKeys, offersByKeys } from './offer.queries';
import type { OfferConsumptionView, RetentionOfferView } from './offer.type';

export const offerLoader = keyedLoader<RetentionOfferView>({}, offersByKeys, (o) => o.key);
export const consumptionLoader = keyedLoader<OfferConsumptionView>({}, consumptionByOfferKeys, (c) => c.offerKey);
