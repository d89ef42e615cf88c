// The modules of this deployment, lowest first. Only this list names them.
import type { KeelModule } from '../module';
import { accessModule } from './access';
import { auditModule } from './audit';
import { campaignsModule } from './campaigns';
import { customersModule } from './customers';
import { feedbackModule } from './feedback';
import { loyaltyModule } from './loyalty';
import { offboardingModule } from './offboarding';
import { operationsModule } from './operations';
import { riskModule } from './risk';
import { segmentsModule } from './segments';
import { webhooksModule } from './webhooks';

export const defaultModules: KeelModule[] = [customersModule, accessModule, auditModule, operationsModule, offboardingModule, feedbackModule, loyaltyModule, riskModule, segmentsModule, campaignsModule, webhooksModule];
