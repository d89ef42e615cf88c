// The modules of this deployment, lowest first. Only this list names them.
import type { KeelModule } from '../module';
import { accessModule } from './access';
import { auditModule } from './audit';
import { customersModule } from './customers';
import { offboardingModule } from './offboarding';
import { segmentsModule } from './segments';

export const defaultModules: KeelModule[] = [customersModule, accessModule, auditModule, offboardingModule, segmentsModule];
